"""The demo lesson, class and assignment: lessons/demo/seeding.py."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from lessons.demo import annotations, seeding
from lessons.demo.seeding import DemoContentError, seed_demo_lesson
from lessons.models import ClaimLabel, Lesson, TeacherNote
from lessons.roles import is_teacher
from lessons.selectors import classrooms_taught_by

pytestmark = pytest.mark.django_db

User = get_user_model()


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seeds_the_published_lesson_with_notes_and_labels():
    seed = seed_demo_lesson(password="password")
    lesson = seed.lesson
    assert lesson.status == Lesson.Status.PUBLISHED
    assert lesson.author == "Cassie Grissom"
    assert lesson.sections.count() == 6
    assert ClaimLabel.objects.filter(sentence__section__lesson=lesson).count() == len(
        annotations.CLAIM_LABELS
    )
    notes = TeacherNote.objects.filter(section__lesson=lesson)
    expected_notes = sum(len(specs) for specs in annotations.SECTION_NOTES.values()) + 1
    assert notes.count() == expected_notes
    bio_note = notes.get(body__contains=annotations.AUTHOR_BIO_NOTE)
    assert bio_note.section.heading == "Conclusion"
    # Every section has a note, as the issue asks.
    assert set(notes.values_list("section__heading", flat=True)) == set(
        annotations.SECTION_HEADINGS
    )
    label = ClaimLabel.objects.get(sentence__text__startswith="The Chinese government was quick")
    assert (label.verdict, label.sentence.section.heading) == (
        "inaccurate",
        "Chinese Help in Times of Crisis",
    )


def test_seeds_the_accounts_class_and_assignment():
    seed = seed_demo_lesson(password="s3cret-demo")
    assert seed.teacher.username == "teacher"
    assert is_teacher(User.objects.get(username="teacher"))
    assert [s.username for s in seed.students] == [f"student{n}" for n in range(1, 26)]
    assert seed.logins[0] == ("teacher", "s3cret-demo")
    for user in [seed.teacher, seed.students[0], seed.students[-1]]:
        assert User.objects.get(pk=user.pk).check_password("s3cret-demo")
    assert list(classrooms_taught_by(seed.teacher)) == [seed.classroom]
    assert seed.classroom.name == "Demo class"
    assert seed.classroom.enrollments.count() == 25
    assignment = seed.assignment
    assert (assignment.lesson, assignment.classroom) == (seed.lesson, seed.classroom)
    assert assignment.is_open()
    assert (assignment.due_at - assignment.opens_at).days == 7


def test_running_twice_leaves_identical_counts_and_resets_passwords():
    first = seed_demo_lesson(password="password")
    counts = _counts()
    User.objects.filter(username="student3").update(password="!")
    second = seed_demo_lesson(password="password")
    assert _counts() == counts
    assert second.lesson == first.lesson
    assert second.assignment == first.assignment
    assert second.assignment.due_at == first.assignment.due_at  # kept, not moved
    assert set(second.created.values()) == {0}
    assert User.objects.get(username="student3").check_password("password")


def test_a_prefix_that_matches_nothing_fails_loudly(monkeypatch):
    broken = annotations.LabelSpec(
        annotations.INTRO, "No sentence starts like this", "opinion", "x", "", ""
    )
    monkeypatch.setattr(seeding.annotations, "CLAIM_LABELS", [broken])
    with pytest.raises(DemoContentError, match="No sentence starts like this"):
        seed_demo_lesson(password="password")
    assert not Lesson.objects.exists()  # nothing half-seeded
