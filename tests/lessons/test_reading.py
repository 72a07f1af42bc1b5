"""The reading page's data (lessons.reading): sections, paragraphs, no teacher material."""

import pytest
from django.http import Http404

from lessons.reading import reading_page
from tests.factories import (
    ClaimLabelFactory,
    ClassroomFactory,
    TeacherNoteFactory,
    enrolled_student,
    lesson_with_sections,
)


@pytest.mark.django_db
def test_reading_page_resumes_at_the_first_unread_section():
    from lessons.models import SectionRead

    lesson = lesson_with_sections(sections=4)
    classroom = ClassroomFactory()
    student = enrolled_student(classroom)
    first, second = lesson.sections.order_by("position")[:2]
    SectionRead.objects.create(student=student, section=first)
    page = reading_page(lesson=lesson, position=None, whole_text=False, student=student)
    assert page.current == second
    assert page.previous == first
    assert page.next.position == 3
    assert page.sections_read == 1
    assert [e.is_read for e in page.toc] == [True, False, False, False]
    assert [e.is_current for e in page.toc] == [False, True, False, False]


@pytest.mark.django_db
def test_reading_page_groups_sentences_into_their_paragraphs():
    lesson = lesson_with_sections(sections=1, sentences_per_section=4)
    section = lesson.sections.get()
    section.sentences.filter(position__gte=3).update(paragraph=1)
    page = reading_page(lesson=lesson, position=1, whole_text=False)
    paragraphs = page.shown[0].paragraphs
    assert [[s.text[:10] for s in p] for p in paragraphs] == [
        ["Sentence 1", "Sentence 2"],
        ["Sentence 3", "Sentence 4"],
    ]


@pytest.mark.django_db
def test_reading_page_for_students_carries_no_teacher_material():
    lesson = lesson_with_sections(sections=2)
    section = lesson.sections.first()
    TeacherNoteFactory(section=section, body="secret note")
    ClaimLabelFactory(sentence=section.sentences.first(), explanation="secret why")
    student_page = reading_page(lesson=lesson, position=None, whole_text=True)
    assert all(not v.notes and not v.labels for v in student_page.shown)
    teacher_page = reading_page(
        lesson=lesson, position=None, whole_text=True, with_teacher_material=True
    )
    assert [n.body for n in teacher_page.shown[0].notes] == ["secret note"]
    assert [label.explanation for _, label in teacher_page.shown[0].labels] == ["secret why"]


@pytest.mark.django_db
def test_reading_page_refuses_an_unknown_section():
    lesson = lesson_with_sections(sections=2)
    with pytest.raises(Http404, match="no section 9"):
        reading_page(lesson=lesson, position=9, whole_text=False)
