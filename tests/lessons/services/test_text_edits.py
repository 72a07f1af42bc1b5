"""Editing a lesson's text after import (lessons.services.text_edits): re-splitting a
section body without losing what points at its sentences, and the bio moves."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from discussions.models import Thread, ThreadAnchor
from lessons.models import ClaimLabel, Lesson, Section, Sentence
from lessons.services.lesson_import import lesson_import
from lessons.services.text_edits import (
    bio_move_paragraph,
    section_check_body_change,
    section_resplit,
    sentence_references,
)
from tests.factories import (
    AssignmentFactory,
    ClaimLabelFactory,
    LessonFactory,
    SectionFactory,
    TeacherFactory,
    TeacherNoteFactory,
    enrolled_student,
)

pytestmark = pytest.mark.django_db


# Re-splitting -------------------------------------------------------------------------


def _section(body: str) -> Section:
    section = SectionFactory(body=body)
    section_resplit(section=section)
    return section


def test_resplit_creates_sentences_with_paragraph_indexes():
    section = _section("One. Two.\n\nThree is here.")
    assert list(section.sentences.values_list("position", "paragraph", "text")) == [
        (1, 0, "One."),
        (2, 0, "Two."),
        (3, 1, "Three is here."),
    ]


def test_resplitting_an_imported_lesson_changes_nothing(seed_article_text):
    """Import and re-split split alike, so a re-split after import keeps every sentence."""
    lesson = lesson_import(text=seed_article_text)
    before = list(
        Sentence.objects.filter(section__lesson=lesson).values_list(
            "pk", "position", "paragraph", "text"
        )
    )
    for section in lesson.sections.all():
        section_resplit(section=section)
    after = list(
        Sentence.objects.filter(section__lesson=lesson).values_list(
            "pk", "position", "paragraph", "text"
        )
    )
    assert after == before


def test_resplit_of_an_unchanged_body_changes_nothing_even_when_labelled():
    section = _section("One. Two.")
    label = ClaimLabelFactory(sentence=section.sentences.get(position=1))
    assert section_resplit(section=section) == 2
    assert ClaimLabel.objects.filter(pk=label.pk).exists()


def test_resplit_keeps_the_identity_of_unchanged_sentences():
    section = _section("Alpha is first. Beta is second.")
    beta = section.sentences.get(position=2)
    ClaimLabelFactory(sentence=beta)
    count = section_resplit(section=section, body="New opening. Alpha changed. Beta is second.")
    assert count == 3
    beta.refresh_from_db()
    assert (beta.position, beta.label.verdict) == (3, "unsupported")
    assert list(section.sentences.values_list("text", flat=True)) == [
        "New opening.",
        "Alpha changed.",
        "Beta is second.",
    ]


def test_resplit_is_refused_when_a_changed_sentence_is_labelled():
    section = _section("Alpha is first. Beta is second.")
    ClaimLabelFactory(sentence=section.sentences.get(position=1))
    with pytest.raises(ValidationError) as caught:
        section_resplit(section=section, body="Alpha was edited. Beta is second.")
    assert caught.value.code == "sentences_referenced"
    assert "1 claim label" in caught.value.messages[0]
    section.refresh_from_db()
    assert section.body == "Alpha is first. Beta is second."  # nothing half-written
    assert section.sentences.count() == 2


def test_resplit_refusal_names_every_kind_of_reference():
    """Notes on a sentence, discussion anchors and (generically) every other reverse link."""
    section = _section("Alpha is first. Beta is second.")
    alpha, beta = section.sentences.order_by("position")
    ClaimLabelFactory(sentence=alpha)
    TeacherNoteFactory(section=section, sentence=alpha)
    TeacherNoteFactory(section=section, sentence=beta)
    assignment = AssignmentFactory(lesson=section.lesson)
    thread = Thread.objects.create(assignment=assignment, author=TeacherFactory(), title="T")
    ThreadAnchor.objects.create(thread=thread, sentence=beta)
    assert sentence_references([alpha.pk, beta.pk]) == {
        "claim label": 1,
        "teacher notes": 2,
        "discussion anchor": 1,
    }
    with pytest.raises(ValidationError) as caught:
        section_check_body_change(section=section, body="Entirely new text.")
    message = caught.value.messages[0]
    assert "2 sentences" in message
    assert "2 teacher notes, 1 claim label and 1 discussion anchor" in message


def test_quiz_answers_count_as_references(refusal_code):
    """ResponseSentence lives in quizzes; lessons finds it without importing quizzes."""
    from quizzes.models import Attempt, Question, Response, ResponseSentence
    from tests.factories import QuizFactory

    section = _section("Alpha is first. Beta is second.")
    assignment = AssignmentFactory(lesson=section.lesson)
    quiz = QuizFactory(lesson=section.lesson)
    question = Question.objects.create(
        quiz=quiz, position=1, kind="spot_claim", prompt="Spot it", section=section
    )
    student = enrolled_student(assignment.classroom)
    attempt = Attempt.objects.create(
        quiz=quiz,
        assignment=assignment,
        student=student,
        number=1,
        started_at=timezone.now(),
        seed=1,
    )
    response = Response.objects.create(attempt=attempt, question=question)
    ResponseSentence.objects.create(response=response, sentence=section.sentences.first())
    assert sentence_references(section.sentences.values_list("pk", flat=True)) == {"quiz answer": 1}
    assert refusal_code(section_resplit, section=section, body="Changed.") == "sentences_referenced"


def test_resplit_without_references_replaces_changed_sentences():
    section = _section("Alpha is first. Beta is second.")
    TeacherNoteFactory(section=section)  # a note on the section, not on a sentence
    assert section_resplit(section=section, body="Gamma.\n\nDelta. Epsilon.") == 3
    assert list(section.sentences.values_list("paragraph", "text")) == [
        (0, "Gamma."),
        (1, "Delta."),
        (1, "Epsilon."),
    ]


# Moving a paragraph between the text and the bio -------------------------------------


def _lesson_with_bio() -> Lesson:
    return lesson_import(
        text="Title\n\nIntro\n\nFirst paragraph here. It has two sentences.\n\n"
        "Second paragraph here.\n\n"
        "Ann Lee is an American journalist and author living in Oslo. She writes books."
    )


def _bio(lesson: Lesson):
    return lesson.sections.filter(kind=Section.Kind.AUTHOR_BIO).first()


def test_bio_moves_into_the_text_and_back():
    lesson = _lesson_with_bio()
    section = lesson.sections.get(kind=Section.Kind.BODY)
    first_ids = list(section.sentences.filter(paragraph=0).values_list("pk", flat=True))
    assert _bio(lesson).body.startswith("Ann Lee")

    moved = bio_move_paragraph(lesson=lesson, to="body")
    assert moved.startswith("Ann Lee") and _bio(lesson) is None  # the emptied bio is gone
    assert section.sentences.filter(paragraph=2).count() == 2  # the bio's two sentences
    assert section.sentences.count() == 5

    bio_move_paragraph(lesson=lesson, to="bio")
    bio = _bio(lesson)
    assert (bio.heading, bio.position, bio.body) == (
        "About the author",
        2,
        "Ann Lee is an American journalist and author living in Oslo. She writes books.",
    )
    assert bio.sentences.count() == 2  # made of sentences, like any section
    assert section.sentences.count() == 3
    # Sentences of the other paragraphs kept their identity throughout.
    assert list(section.sentences.filter(paragraph=0).values_list("pk", flat=True)) == first_ids


def test_a_paragraph_moves_to_the_start_of_an_existing_bio():
    lesson = _lesson_with_bio()
    bio_sentence_ids = set(_bio(lesson).sentences.values_list("pk", flat=True))
    bio_move_paragraph(lesson=lesson, to="bio")
    bio = _bio(lesson)
    assert bio.body.startswith("Second paragraph here.\n\nAnn Lee")
    # The bio's own sentences kept their identity (labels and answers on them survive).
    assert bio_sentence_ids <= set(bio.sentences.values_list("pk", flat=True))


def test_moving_a_labelled_paragraph_into_the_bio_is_refused(refusal_code):
    lesson = _lesson_with_bio()
    section = lesson.sections.get(kind=Section.Kind.BODY)
    ClaimLabelFactory(sentence=section.sentences.get(paragraph=1))
    assert refusal_code(bio_move_paragraph, lesson=lesson, to="bio") == "sentences_referenced"
    assert _bio(lesson).body.startswith("Ann Lee")  # unchanged
    assert "Second paragraph" in lesson.sections.get(kind=Section.Kind.BODY).body


def test_emptying_a_bio_with_labels_or_notes_is_refused(refusal_code):
    lesson = _lesson_with_bio()
    bio = _bio(lesson)
    ClaimLabelFactory(sentence=bio.sentences.first())
    assert refusal_code(bio_move_paragraph, lesson=lesson, to="body") == "sentences_referenced"
    bio.sentences.first().label.delete()
    TeacherNoteFactory(section=bio)
    assert refusal_code(bio_move_paragraph, lesson=lesson, to="body") == "bio_in_use"
    assert _bio(lesson).sentences.count() == 2  # nothing moved


def test_bio_move_refusals(refusal_code):
    single = lesson_import(text="Title\n\nOnly one paragraph.")
    assert refusal_code(bio_move_paragraph, lesson=single, to="bio") == "section_would_be_empty"
    assert refusal_code(bio_move_paragraph, lesson=single, to="body") == "no_bio"
    assert refusal_code(bio_move_paragraph, lesson=single, to="sideways") == "bad_direction"
    assert refusal_code(bio_move_paragraph, lesson=LessonFactory(), to="bio") == "no_sections"
