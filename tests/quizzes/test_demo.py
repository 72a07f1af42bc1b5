"""Seeding the demo quiz on the demo lesson, from quizzes/demo_content.py."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from lessons.demo import annotations
from lessons.models import ClaimLabel, Lesson, Section, Sentence
from quizzes import demo
from quizzes.demo_content import QUESTIONS, QuestionSpec
from quizzes.grading import spot_claim_key
from quizzes.models import Question, Quiz
from quizzes.validation import quiz_publication_problems

pytestmark = pytest.mark.django_db


def import_demo_lesson() -> Lesson:
    """The demo lesson with its claim labels, as seed_demo loads it.

    Uses the lessons app's seeding when it is there; otherwise imports the article with
    the parser and applies lessons/demo/annotations.py CLAIM_LABELS here.
    """
    try:
        from lessons.demo.seeding import seed_demo_lesson
    except ImportError:
        return _build_demo_lesson()
    return seed_demo_lesson(password="password").lesson


def _build_demo_lesson() -> Lesson:
    from lessons.importing import parse_article

    article = Path(annotations.__file__).with_name("why-does-china-protect-north-korea.txt")
    parsed = parse_article(article.read_text(encoding="utf-8"))
    lesson = Lesson.objects.create(title=parsed.title, slug="demo", status="published")
    sentences_by_heading = {}
    for position, parsed_section in enumerate(parsed.sections, start=1):
        section = Section.objects.create(
            lesson=lesson,
            position=position,
            heading=parsed_section.heading,
            body=parsed_section.body,
        )
        sentences_by_heading[section.heading] = [
            Sentence.objects.create(section=section, position=n, text=text)
            for n, text in enumerate(parsed_section.sentences, start=1)
        ]
    for spec in annotations.CLAIM_LABELS:
        (sentence,) = [
            s for s in sentences_by_heading[spec.section] if s.text.startswith(spec.sentence_prefix)
        ]
        ClaimLabel.objects.create(
            sentence=sentence, verdict=spec.verdict, explanation=spec.explanation
        )
    return lesson


@pytest.fixture
def lesson():
    return import_demo_lesson()


def test_the_demo_quiz_is_published_with_enough_questions_of_every_kind(lesson):
    quiz = demo.seed_demo_quiz(lesson=lesson)

    assert quiz.title == demo.DEMO_QUIZ_TITLE
    assert quiz.status == Quiz.Status.PUBLISHED
    assert (quiz.attempts_allowed, quiz.time_limit_minutes, quiz.grading_method) == (
        2,
        30,
        "highest",
    )
    assert quiz.review_answers == Quiz.ReviewAnswers.IMMEDIATELY  # "after_submit" in the content
    questions = list(quiz.questions.order_by("position"))
    assert len(questions) == len(QUESTIONS) >= 12
    assert [q.position for q in questions] == list(range(1, len(questions) + 1))
    kinds = [q.kind for q in questions]
    assert kinds.count("spot_claim") >= 4
    assert set(kinds) == set(Question.Kind.values)
    assert all(q.explanation.strip() for q in questions)
    assert quiz_publication_problems(quiz) == []


def test_every_spot_claim_key_is_non_empty_but_the_introductions(lesson):
    """The Introduction's item teaches that "nothing here fails" can be the right answer."""
    quiz = demo.seed_demo_quiz(lesson=lesson)
    spot_questions = quiz.questions.filter(kind="spot_claim").select_related("section")
    assert [q.section.heading for q in spot_questions] == [
        "Introduction",
        "Chinese Help in Times of Crisis",
        "Geopolitical Benefits",
        "Strategic Considerations",
        "UN Sanctions",
        "Conclusion",
        "About the author",
    ]
    for question in spot_questions:
        labels = ClaimLabel.objects.filter(sentence__section=question.section)
        scored = dict(labels.filter(contested=False).values_list("sentence_id", "verdict"))
        key = spot_claim_key(scored, question.key_verdicts)
        if question.section.heading == "Introduction":
            assert key == set()
            assert labels.count() == question.section.sentences.count()  # all checked
        else:
            assert key, question.section.heading
        assert question.ask_reasons and question.reason_credit == Decimal("0.50")
        assert question.section.lesson_id == lesson.pk


def test_which_sentence_choices_quote_the_section_exactly(lesson):
    quiz = demo.seed_demo_quiz(lesson=lesson)
    which = quiz.questions.filter(kind="single_choice", prompt__startswith="Which sentence")
    assert which.count() == 2  # the non sequitur and the conclusion's new reason
    for question in which.prefetch_related("choices", "section__sentences__label"):
        texts = {s.text: s for s in question.section.sentences.all()}
        for choice in question.choices.all():
            assert choice.text in texts, choice.text
            verdict = getattr(texts[choice.text], "label", None)
            if choice.is_correct:
                assert verdict and verdict.verdict in ("unsupported", "inaccurate", "logical_flaw")


def test_seeding_twice_returns_the_same_quiz_untouched(lesson, django_assert_num_queries):
    first = demo.seed_demo_quiz(lesson=lesson)
    Question.objects.filter(quiz=first, position=1).update(points=9)  # a teacher's edit
    with django_assert_num_queries(1):
        second = demo.seed_demo_quiz(lesson=lesson)
    assert second == first
    assert Quiz.objects.filter(lesson=lesson).count() == 1
    assert first.questions.count() == len(QUESTIONS)
    assert first.questions.get(position=1).points == 9


def test_content_inconsistent_with_the_labels_stops_seeding(lesson, monkeypatch):
    # A verdict no claim label can have: the question could never be graded.
    bad = QuestionSpec(
        "spot_claim",
        "Pick them.",
        3,
        "None to pick.",
        section="Introduction",
        key_verdicts=("wrongish",),
        explanation_source="The fact sheet.",
    )
    monkeypatch.setattr(demo, "QUESTIONS", [*QUESTIONS[:2], bad])
    with pytest.raises(ValidationError) as caught:
        demo.seed_demo_quiz(lesson=lesson)
    assert caught.value.code == "demo_content_inconsistent"
    assert "question 3" in caught.value.messages[0]
    assert not Quiz.objects.filter(lesson=lesson).exists()  # nothing half-written


def _which_sentence_spec() -> QuestionSpec:
    return next(spec for spec in QUESTIONS if spec.prompt.startswith("Which sentence"))


def test_a_quoted_sentence_that_is_not_in_the_lesson_stops_seeding(lesson, monkeypatch):
    spec = _which_sentence_spec()._replace(sentence_prefix="No sentence starts like this")
    monkeypatch.setattr(demo, "QUESTIONS", [spec])
    with pytest.raises(ValidationError) as caught:
        demo.seed_demo_quiz(lesson=lesson)
    assert caught.value.code == "demo_content_inconsistent"
    assert not Quiz.objects.filter(lesson=lesson).exists()


def test_a_right_choice_that_misquotes_its_sentence_stops_seeding(lesson, monkeypatch):
    spec = _which_sentence_spec()  # "Which sentence in “Strategic Considerations” ..."
    choices = [
        c._replace(text=c.text.replace("unreliable", "undependable")) if c.correct else c
        for c in spec.choices
    ]
    # A prefix the misquote still starts with, so the choice is recognised as the quote.
    monkeypatch.setattr(
        demo, "QUESTIONS", [spec._replace(choices=choices, sentence_prefix="This makes it")]
    )
    with pytest.raises(ValidationError) as caught:
        demo.seed_demo_quiz(lesson=lesson)
    assert caught.value.code == "demo_content_inconsistent"
