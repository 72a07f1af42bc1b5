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
    assert lesson.sections.count() == 7  # six of text, then "About the author"
    assert ClaimLabel.objects.filter(sentence__section__lesson=lesson).count() == len(
        annotations.CLAIM_LABELS
    )
    notes = TeacherNote.objects.filter(section__lesson=lesson)
    expected_notes = sum(len(specs) for specs in annotations.SECTION_NOTES.values())
    assert notes.count() == expected_notes
    bio_note = notes.get(body=annotations.AUTHOR_BIO_NOTE)
    assert (bio_note.section.heading, bio_note.section.kind) == ("About the author", "author_bio")
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
    # Due next Friday at 17:00, school time: three to ten days away.
    assert 2 <= (assignment.due_at - assignment.opens_at).days <= 10
    assert assignment.discussion_post_first
    assert seed.admin.is_superuser


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


def test_a_rerun_corrects_superseded_demo_text_but_keeps_a_teachers_edits(monkeypatch):
    """Labels and notes an earlier demo seeded are corrected; what a teacher wrote is kept."""
    seed = seed_demo_lesson(password="password")
    labels = ClaimLabel.objects.filter(sentence__section__lesson=seed.lesson)
    stale = labels.get(sentence__text__startswith="The Chinese government has consistently")
    edited = labels.get(sentence__text__startswith="The Chinese government was quick")
    stale.explanation, stale.contested = "An explanation an earlier demo shipped.", True
    stale.save()
    edited.explanation = "My own words for my class."
    edited.save()
    note = TeacherNote.objects.filter(section__lesson=seed.lesson).first()
    TeacherNote.objects.create(
        section=note.section, kind="fact_check", body="A note an earlier demo shipped."
    )
    note.source = ""
    note.save()
    monkeypatch.setattr(
        seeding,
        "SUPERSEDED_LABEL_DIGESTS",
        {seeding.text_digest("An explanation an earlier demo shipped.")},
    )
    monkeypatch.setattr(
        seeding,
        "SUPERSEDED_NOTE_DIGESTS",
        {seeding.text_digest("A note an earlier demo shipped.")},
    )

    rerun = seed_demo_lesson(password="password")

    stale.refresh_from_db()
    spec = next(
        s
        for s in annotations.CLAIM_LABELS
        if s.sentence_prefix.startswith("The Chinese government has")
    )
    assert (stale.explanation, stale.contested, stale.evidence) == (
        spec.explanation,
        False,
        spec.evidence,
    )
    edited.refresh_from_db()
    assert edited.explanation == "My own words for my class."
    assert not TeacherNote.objects.filter(body="A note an earlier demo shipped.").exists()
    note.refresh_from_db()
    assert note.source  # filled in: it was seeded before notes had sources
    assert rerun.created["claim labels corrected"] == 1
    assert rerun.created["teacher notes corrected"] == 2
