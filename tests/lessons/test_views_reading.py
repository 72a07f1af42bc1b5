"""Reading pages through the Django client: the student's, the preview, the teacher's."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lessons.extensions import AssignmentItem
from lessons.models import SectionRead
from tests.factories import (
    AssignmentFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    EnrollmentFactory,
    StudentFactory,
    TeacherFactory,
    TeacherNoteFactory,
    enrolled_student,
    lesson_with_sections,
)
from tests.helpers import get_ok

pytestmark = pytest.mark.django_db

# This module stands in for the quizzes app: it defines the extension hook itself.
EXTENSION = "tests.lessons.test_views_reading"


def assignment_items(*, user, assignments, for_teacher=False):
    """A stand-in for the quizzes app's provider: one quiz link per assignment."""
    label = "Quiz results" if for_teacher else "Take the quiz"
    return {
        a.pk: [AssignmentItem(label=label, url=f"/quiz/{a.pk}/", status="todo")]
        for a in assignments
    }


def reading_url(assignment, query: str = "") -> str:
    return reverse("lessons:reading", args=[assignment.pk]) + query


def mark_url(assignment, position: int) -> str:
    return reverse("lessons:section_read", args=[assignment.pk, position])


@pytest.fixture
def setup(student, teacher):
    """An open assignment of a 3-section lesson, then its author's bio (the 4th section), to
    the student's class, taught by `teacher`."""
    classroom = ClassroomFactory(teachers=[teacher])
    EnrollmentFactory(classroom=classroom, student=student)
    lesson = lesson_with_sections(
        sections=3,
        title="Why maps lie",
        author="Jo Author",
        publication="The Review",
        source_url="https://example.org/maps",
        bio="Jo Author is a journalist who writes about maps. She lives in Leeds",
    )
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    return assignment


# The student's page ------------------------------------------------------------------------


def test_student_sees_title_source_contents_and_the_first_section(student_client, setup):
    response = student_client.get(reading_url(setup))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Why maps lie" in html
    assert "By Jo Author · The Review" in html
    assert 'href="https://example.org/maps"' in html
    assert html.count('aria-label="Contents"') == 2  # phone <details> and wide-screen nav
    assert 'id="section-1"' in html and 'id="section-2"' not in html
    sentence = setup.lesson.sections.get(position=1).sentences.get(position=1)
    assert (
        f'<span class="cw-sentence" id="s-{sentence.pk}" data-sentence="{sentence.pk}">'
        f"{sentence.text}</span>"
    ) in html
    assert "0 of 4 sections read" in html
    assert "Mark this section as read" in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    # The bio is the last section, in the contents; its text and the end-of-text items
    # belong there only.
    assert "About the author" in html and "The author’s self-description" not in html


def test_sections_have_previous_and_next_links(student_client, setup):
    response = student_client.get(reading_url(setup, "?section=2"))
    html = response.content.decode()
    assert 'id="section-2"' in html and 'id="section-1"' not in html
    assert f'href="{reading_url(setup)}?section=1" rel="prev"' in html
    assert f'href="{reading_url(setup)}?section=3" rel="next"' in html
    assert 'aria-current="page">' in html


def test_last_section_is_the_author_bio_marked_as_such_then_contributed_items(
    student_client, setup, settings
):
    settings.ASSIGNMENT_EXTENSIONS = [EXTENSION]
    html = student_client.get(reading_url(setup, "?section=4")).content.decode()
    assert 'rel="next"' not in html
    assert '<h2 id="section-4">About the author</h2>' in html
    assert "The author’s self-description</span> The author wrote this about themselves" in html
    assert 'class="cw-reading cw-section cw-bio-section"' in html
    bio = setup.lesson.sections.get(position=4).sentences.get(position=1)
    # Its sentences are sentences like any other: they can be pointed at and discussed.
    assert f'id="s-{bio.pk}" data-sentence="{bio.pk}">{bio.text}</span>' in html
    assert "When you have read it" in html
    assert f'href="/quiz/{setup.pk}/">Take the quiz</a>' in html


def test_whole_text_shows_every_section_with_anchors(student_client, setup):
    html = student_client.get(reading_url(setup, "?view=all")).content.decode()
    for position in (1, 2, 3, 4):
        assert f'id="section-{position}"' in html
        assert f'href="#section-{position}"' in html
        assert f'id="progress-{position}"' in html
    assert "About the author" in html
    assert 'rel="next"' not in html


def test_unknown_section_is_a_404_and_a_garbled_one_a_400(student_client, setup):
    response = student_client.get(reading_url(setup, "?section=9"))
    assert response.status_code == 404
    assert "This reading has no section 9." in response.content.decode()
    response = student_client.get(reading_url(setup, "?section=two"))
    assert response.status_code == 400
    assert "must be given as a number" in response.content.decode()


def test_student_sees_no_teacher_note_label_or_explanation_anywhere(student_client, setup):
    for section in setup.lesson.sections.all():
        TeacherNoteFactory(section=section, body=f"ZEBRA-NOTE-{section.position}")
        sentence = section.sentences.first()
        TeacherNoteFactory(section=section, sentence=sentence, body="ZEBRA-SENTENCE-NOTE")
        ClaimLabelFactory(
            sentence=sentence,
            verdict="inaccurate",
            explanation="ZEBRA-EXPLANATION",
            source_title="ZEBRA-SOURCE",
            source_url="https://zebra.example.org/source",
        )
    pages = [reading_url(setup)] + [reading_url(setup, f"?section={n}") for n in (1, 2, 3)]
    pages.append(reading_url(setup, "?view=all"))
    for url in pages:
        response = student_client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "ZEBRA" not in html.upper(), url
        assert "zebra.example.org" not in html, url
        for marker in ("cw-claim", "cw-tag", "Inaccurate", "Teacher notes", "label-"):
            assert marker not in html, (url, marker)


def test_teacher_preview_of_the_student_page_has_no_teacher_material_and_no_progress(client, setup):
    TeacherNoteFactory(section=setup.lesson.sections.first(), body="ZEBRA-NOTE")
    ClaimLabelFactory(
        sentence=setup.lesson.sections.first().sentences.first(), explanation="ZEBRA-WHY"
    )
    client.force_login(setup.classroom.teachers.get())
    html = client.get(reading_url(setup, "?view=all")).content.decode()
    assert "This is what your students see" in html
    assert "ZEBRA" not in html
    assert "Mark this section as read" not in html


# Refusals ----------------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_sign_in(client, setup):
    response = client.get(reading_url(setup))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_student_of_another_class_gets_404(client, setup):
    client.force_login(enrolled_student(ClassroomFactory()))
    response = client.get(reading_url(setup))
    assert response.status_code == 404
    assert "not assigned to any of your classes" in response.content.decode()
    assert "Why maps lie" not in response.content.decode()


def test_assignment_not_yet_open_is_a_403_with_its_opening_time(student_client, setup):
    setup.opens_at = timezone.now() + timedelta(days=2)
    setup.due_at = setup.opens_at + timedelta(days=3)
    setup.save()
    response = student_client.get(reading_url(setup))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This reading opens on" in html
    assert str(timezone.localtime(setup.opens_at).day) in html
    assert "Sentence 1 of section 1" not in html


def test_teacher_of_another_class_gets_404(client, setup):
    client.force_login(TeacherFactory())
    assert client.get(reading_url(setup)).status_code == 404
    assert client.post(mark_url(setup, 1), {"read": "1", "view": "section"}).status_code == 404


# Marking sections read ---------------------------------------------------------------------


def test_mark_read_is_idempotent_and_can_be_undone(student_client, student, setup):
    section = setup.lesson.sections.get(position=2)
    data = {"read": "1", "view": "section"}
    first = student_client.post(mark_url(setup, 2), data)
    second = student_client.post(mark_url(setup, 2), data)
    assert first.status_code == second.status_code == 302
    assert first.url == reading_url(setup, "?section=2#progress-2")
    assert SectionRead.objects.filter(student=student, section=section).count() == 1

    html = student_client.get(reading_url(setup, "?section=2")).content.decode()
    assert "Marked as read ✓ — undo" in html
    assert "1 of 4 sections read" in html

    student_client.post(mark_url(setup, 2), {"read": "0", "view": "all"})
    assert not SectionRead.objects.filter(student=student, section=section).exists()
    html = student_client.get(reading_url(setup, "?section=2")).content.decode()
    assert "Mark this section as read" in html


def test_mark_read_from_the_whole_text_returns_there(student_client, setup):
    response = student_client.post(mark_url(setup, 3), {"read": "1", "view": "all"})
    assert response.url == reading_url(setup, "?view=all#progress-3")


def test_mark_read_needs_post_and_csrf(student, setup):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(student)
    assert strict.get(mark_url(setup, 1)).status_code == 405
    assert strict.post(mark_url(setup, 1), {"read": "1", "view": "section"}).status_code == 403
    assert not SectionRead.objects.exists()


def test_mark_read_refuses_bad_input_and_changes_nothing(student_client, setup):
    assert student_client.post(mark_url(setup, 1), {"read": "yes"}).status_code == 400
    response = student_client.post(mark_url(setup, 1), {"read": "1", "view": "/evil"})
    assert response.status_code == 400
    assert student_client.post(mark_url(setup, 9), {"read": "1", "view": "all"}).status_code == 404
    assert not SectionRead.objects.exists()


def test_mark_read_is_refused_to_outsiders_and_to_teachers(client, setup):
    data = {"read": "1", "view": "section"}
    client.force_login(enrolled_student(ClassroomFactory()))
    assert client.post(mark_url(setup, 1), data).status_code == 404
    client.force_login(setup.classroom.teachers.get())
    response = client.post(mark_url(setup, 1), data)
    assert response.status_code == 403
    assert "for students only" in response.content.decode()
    assert not SectionRead.objects.exists()


def test_mark_read_on_a_not_yet_open_assignment_is_refused(student_client, setup):
    setup.opens_at = timezone.now() + timedelta(hours=3)
    setup.save()
    response = student_client.post(mark_url(setup, 1), {"read": "1", "view": "section"})
    assert response.status_code == 403
    assert not SectionRead.objects.exists()


# The teacher's reading view ----------------------------------------------------------------


def teacher_url(lesson, query: str = "") -> str:
    return reverse("lessons:teacher_reading", args=[lesson.pk]) + query


def test_teacher_sees_notes_beside_sections_and_labels_in_place(teacher_client, setup):
    lesson = setup.lesson
    section = lesson.sections.get(position=1)
    sentence = section.sentences.get(position=2)
    TeacherNoteFactory(section=section, kind="fact_check", body="Check the <b>date</b>.")
    label = ClaimLabelFactory(
        sentence=sentence,
        verdict="logical_flaw",
        explanation="A correlation is read as a cause.",
        source_title="Stats primer",
        source_url="https://example.org/primer",
    )
    response = teacher_client.get(teacher_url(lesson))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Teacher notes" in html
    assert '<span class="cw-note-kind cw-note-kind--fact_check">Fact-check</span>' in html
    assert "Check the &lt;b&gt;date&lt;/b&gt;." in html  # escaped, not markup
    assert (
        f'class="cw-sentence cw-claim cw-claim--logical_flaw" id="s-{sentence.pk}" '
        f'data-sentence="{sentence.pk}"'
    ) in html
    assert f'<a class="cw-tag cw-tag--logical_flaw" href="#label-{label.pk}"' in html
    assert f'id="label-{label.pk}"' in html
    assert "A correlation is read as a cause." in html
    assert (
        '<a href="https://example.org/primer" rel="noopener noreferrer external">Stats primer'
        in html
    )
    # The legend names every verdict, its underline and how often it occurs.
    assert "dotted underline" in html and "wavy underline" in html
    assert (
        'Logical flaw</span> <span class="cw-claim cw-claim--logical_flaw">'
        "dashed underline</span> · 1" in html
    )


def test_teacher_whole_lesson_overview_shows_every_section(teacher_client, setup):
    html = teacher_client.get(teacher_url(setup.lesson, "?view=all")).content.decode()
    for position in (1, 2, 3, 4):
        assert f'id="section-{position}"' in html
    assert "Whole lesson" in html
    assert "About the author" in html


def test_teacher_reading_is_for_teachers_only(client, student, setup):
    url = teacher_url(setup.lesson)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(student)
    response = client.get(url)
    assert response.status_code == 403
    assert "This page is for teachers." in response.content.decode()
    client.force_login(TeacherFactory())
    assert client.get(teacher_url(setup.lesson)).status_code == 200  # the library is shared
    response = client.get(reverse("lessons:teacher_reading", args=[999_999]))
    assert response.status_code == 404


# Query counts ------------------------------------------------------------------------------


def test_student_reading_queries_do_not_grow_with_the_lesson(
    student_client, student, settings, query_count, django_assert_num_queries
):
    """Equal for 3 and 40 sections (contributing apps included); seven of our own."""
    counts = {}
    for size in (3, 40):
        classroom = ClassroomFactory()
        EnrollmentFactory(classroom=classroom, student=student)
        lesson = lesson_with_sections(sections=size, sentences_per_section=5)
        assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
        for section in lesson.sections.all()[: size // 2]:
            SectionRead.objects.create(student=student, section=section)
        counts[size] = [
            query_count(get_ok, student_client, reading_url(assignment, query))
            for query in ("", "?section=2", "?view=all")
        ]
    assert counts[3] == counts[40]
    # Ours alone: session, user, assignment, sections, read marks, sentences, thread counts.
    settings.ASSIGNMENT_EXTENSIONS = ["discussions.extension"]
    with django_assert_num_queries(7):
        get_ok(student_client, reading_url(assignment, "?view=all"))


def test_teacher_reading_queries_do_not_grow_with_the_lesson(
    teacher_client, query_count, django_assert_num_queries
):
    """Equal for 3 and 40 sections with notes and labels on every section."""
    counts = {}
    for size in (3, 40):
        lesson = lesson_with_sections(sections=size, sentences_per_section=5)
        for section in lesson.sections.all():
            TeacherNoteFactory(section=section)
            for sentence in section.sentences.all()[:2]:
                ClaimLabelFactory(sentence=sentence)
                TeacherNoteFactory(section=section, sentence=sentence)
        counts[size] = [
            query_count(get_ok, teacher_client, teacher_url(lesson, query))
            for query in ("", "?section=2", "?view=all")
        ]
    assert counts[3] == counts[40]
    # Session, user, teacher group, lesson, the class assignments offered for the heat map,
    # sections, sentences with labels, notes, legend.
    with django_assert_num_queries(9):
        get_ok(teacher_client, teacher_url(lesson, "?view=all"))


def test_student_reading_page_works_for_a_student_in_two_classes(client, setup):
    """A second enrolment (another class) must not duplicate rows or refuse the reading."""
    other = StudentFactory()
    EnrollmentFactory(classroom=setup.classroom, student=other)
    EnrollmentFactory(classroom=ClassroomFactory(), student=other)
    client.force_login(other)
    assert client.get(reading_url(setup)).status_code == 200


def test_reading_page_shows_thread_counts_and_a_discuss_form(student_client, student):
    """Sentences with threads carry a count linking to them; each section offers a picker."""
    from tests.factories import PostFactory, ThreadFactory

    classroom = ClassroomFactory()
    EnrollmentFactory(classroom=classroom, student=student)
    lesson = lesson_with_sections(sections=2, sentences_per_section=3)
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    sentence = lesson.sections.get(position=1).sentences.get(position=2)
    thread = ThreadFactory(assignment=assignment, author=student)
    thread.anchors.create(sentence=sentence)
    PostFactory(thread=thread, author=student, is_opening=True)

    html = student_client.get(reading_url(assignment, "?section=1")).content.decode()

    discussion = f"/assignments/{assignment.pk}/discussion/"
    assert f'href="{discussion}?sentence={sentence.pk}"' in html
    assert 'data-tool-count="1"' in html
    assert '1 thread<span class="visually-hidden"> on this sentence in the class discussion' in html
    assert f'<form method="get" action="{discussion}"' in html
    assert f'<option value="{sentence.pk}">' in html


def test_reading_of_a_lesson_taken_back_to_draft_is_refused(student_client, student):
    classroom = ClassroomFactory()
    EnrollmentFactory(classroom=classroom, student=student)
    lesson = lesson_with_sections(sections=1, status="draft")
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)

    response = student_client.get(reading_url(assignment, ""))

    assert response.status_code == 403
    assert "revising this reading" in response.content.decode()


def test_the_end_of_a_lesson_without_a_quiz_still_offers_a_next_step(
    student_client, setup, settings
):
    settings.ASSIGNMENT_EXTENSIONS = []  # no quiz, no discussion: nothing else to do here
    html = student_client.get(reading_url(setup, "?section=4")).content.decode()
    assert "When you have read it" not in html
    dashboard = reverse("lessons:dashboard")
    assert f'<a href="{dashboard}">Done reading? Back to your work for what comes next</a>' in html
