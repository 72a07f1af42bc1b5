"""Ownership of teaching material: who changes it, what a change may hurt, copies."""

import pytest
from django.test import Client
from django.urls import reverse

from lessons.models import ClaimLabel, Lesson, Sentence, TeacherNote
from lessons.ownership import classes_using, editable_by, is_editor
from lessons.services.copies import lesson_duplicate
from quizzes.copies import quiz_duplicate
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    LessonFactory,
    StudentFactory,
    TeacherFactory,
    assigned_quiz,
    lesson_with_sections,
)

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lesson_form_data(lesson: Lesson, **changes) -> dict:
    data = {
        "title": lesson.title,
        "slug": lesson.slug,
        "status": lesson.status,
        "author": lesson.author,
        "publication": lesson.publication,
        "source_url": lesson.source_url,
        "published_on": "",
        "co_editors": [user.pk for user in lesson.co_editors.all()],
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_owner_co_editors_and_superusers_edit_others_only_read():
    owner, co_editor, other = TeacherFactory(), TeacherFactory(), TeacherFactory()
    lesson = LessonFactory(owner=owner)
    lesson.co_editors.add(co_editor)
    superuser = TeacherFactory(is_superuser=True)
    ownerless = LessonFactory(owner=None)

    assert [is_editor(u, lesson) for u in (owner, co_editor, other, superuser)] == [
        True,
        True,
        False,
        True,
    ]
    assert not is_editor(StudentFactory(), lesson)
    assert not is_editor(owner, ownerless)  # a lesson nobody owns: superusers only
    assert list(editable_by(co_editor, Lesson.objects.all())) == [lesson]


def test_another_teacher_sees_a_lesson_read_only_in_the_admin():
    owner, other = TeacherFactory(), TeacherFactory()
    lesson = lesson_with_sections(sections=1, owner=owner)
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])

    page = signed_in(other).get(url)
    refused = signed_in(other).post(url, lesson_form_data(lesson, title="Hijacked"))
    mine = signed_in(owner).get(url)

    assert page.status_code == 200
    assert "View lesson" in page.content.decode()
    assert 'name="title"' not in page.content.decode()
    assert refused.status_code == 403
    assert Lesson.objects.get(pk=lesson.pk).title != "Hijacked"
    assert 'name="title"' in mine.content.decode()


def test_nobody_but_editors_adds_a_note_to_a_lesson():
    owner, other = TeacherFactory(), TeacherFactory()
    lesson = lesson_with_sections(sections=1, owner=owner)
    section = lesson.sections.get()

    response = signed_in(other).post(
        reverse("admin:lessons_teachernote_add"),
        {"section": section.pk, "kind": "context", "body": "Mine now", "source": ""},
    )

    assert response.status_code == 403
    assert not TeacherNote.objects.filter(body="Mine now").exists()


def test_unpublishing_is_refused_while_other_teachers_classes_use_the_lesson():
    owner = TeacherFactory()
    lesson = lesson_with_sections(sections=1, owner=owner)
    theirs = ClassroomFactory(name="Year 9 (Ms Other)", teachers=[TeacherFactory()])
    AssignmentFactory(lesson=lesson, classroom=theirs)
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])

    response = signed_in(owner).post(url, lesson_form_data(lesson, status="draft"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "used by classes you do not teach (Year 9 (Ms Other))" in errors[0]
    assert Lesson.objects.get(pk=lesson.pk).status == Lesson.Status.PUBLISHED


def test_unpublishing_a_lesson_my_classes_use_asks_for_a_confirmation_naming_them():
    owner = TeacherFactory()
    lesson = lesson_with_sections(sections=1, owner=owner)
    mine = ClassroomFactory(name="10B English", teachers=[owner])
    AssignmentFactory(lesson=lesson, classroom=mine)
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    client = signed_in(owner)

    first = client.post(url, lesson_form_data(lesson, status="draft"))
    confirmed = client.post(url, lesson_form_data(lesson, status="draft", confirm_affected="on"))

    form = first.context["adminform"].form
    assert "hides it from your classes 10B English" in form.errors["confirm_affected"][0]
    assert confirmed.status_code == 302
    assert Lesson.objects.get(pk=lesson.pk).status == Lesson.Status.DRAFT


def test_classes_using_a_lesson_are_split_by_who_teaches_them():
    me = TeacherFactory()
    lesson = LessonFactory(owner=me)
    mine = ClassroomFactory(name="A", teachers=[me])
    theirs = ClassroomFactory(name="B", teachers=[TeacherFactory()])
    for classroom in (mine, theirs):
        AssignmentFactory(lesson=lesson, classroom=classroom)

    use = classes_using(lesson, me)

    assert (use.taught, use.others) == ([mine], [theirs])


def test_duplicate_to_edit_copies_the_text_labels_and_notes_as_my_draft():
    original = lesson_with_sections(sections=2, sentences_per_section=3, owner=TeacherFactory())
    sentence = Sentence.objects.filter(section__lesson=original).first()
    ClaimLabel.objects.create(sentence=sentence, verdict="unsupported", explanation="No source.")
    TeacherNote.objects.create(section=sentence.section, sentence=sentence, body="Check it.")
    me = TeacherFactory()

    copy = lesson_duplicate(lesson=original, owner=me)

    assert (copy.owner, copy.status, copy.title) == (me, "draft", f"{original.title} (copy)")
    assert [s.body for s in copy.sections.order_by("position")] == [
        s.body for s in original.sections.order_by("position")
    ]
    copied = Sentence.objects.filter(section__lesson=copy)
    assert copied.count() == Sentence.objects.filter(section__lesson=original).count()
    assert ClaimLabel.objects.get(sentence__section__lesson=copy).explanation == "No source."
    note = TeacherNote.objects.get(section__lesson=copy)
    assert note.sentence.section.lesson == copy
    assert is_editor(me, copy) and not is_editor(me, original)


def test_duplicate_to_edit_in_the_admin_opens_my_copy():
    me = TeacherFactory()
    original = lesson_with_sections(sections=1, owner=TeacherFactory())

    response = signed_in(me).post(
        reverse("admin:lessons_lesson_changelist"),
        {"action": "duplicate_to_edit", "_selected_action": [original.pk]},
    )

    copy = Lesson.objects.get(owner=me)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:lessons_lesson_change", args=[copy.pk])


def test_copying_a_lesson_copies_its_quizzes_onto_the_copy():
    setup = assigned_quiz()
    me = TeacherFactory()

    copy = lesson_duplicate(lesson=setup.lesson, owner=me)

    (quiz,) = copy.quizzes.all()
    assert (quiz.owner, quiz.status, quiz.title) == (me, "draft", setup.quiz.title)
    spot = quiz.questions.get(kind="spot_claim")
    assert spot.section.lesson == copy  # its passage is the copy's section, same place
    assert spot.section.position == setup.quiz.questions.get(kind="spot_claim").section.position


def test_a_quiz_goes_only_on_a_lesson_its_author_may_change():
    me = TeacherFactory()
    mine = LessonFactory(owner=me, title="Mine")
    LessonFactory(owner=TeacherFactory(), title="Theirs")

    page = signed_in(me).get(reverse("admin:quizzes_quiz_add"))

    choices = [str(lesson) for lesson in page.context["adminform"].form.fields["lesson"].queryset]
    assert choices == [str(mine)]


def test_a_quiz_copy_keeps_its_questions_and_choices():
    setup = assigned_quiz()
    me = TeacherFactory()

    copy = quiz_duplicate(quiz=setup.quiz, owner=me)

    assert (copy.owner, copy.status, copy.lesson_id) == (me, "draft", setup.quiz.lesson_id)
    original = list(setup.quiz.questions.order_by("position").values_list("kind", "prompt"))
    assert list(copy.questions.order_by("position").values_list("kind", "prompt")) == original
    assert sum(q.choices.count() for q in copy.questions.all()) == sum(
        q.choices.count() for q in setup.quiz.questions.all()
    )
