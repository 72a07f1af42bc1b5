"""The demo quiz: ``quizzes/demo_content.py`` turned into a published Quiz on the demo lesson.

``seed_demo`` calls :func:`seed_demo_quiz` after the lessons app has imported the demo
lesson and its claim labels (``lessons/demo``). Every question is checked against the
lesson as stored: sections are found by heading, quoted sentences by their opening words,
and every question must pass :func:`quizzes.validation.validate_question`. Content that no
longer matches the lesson or its labels stops seeding with a message naming the question,
rather than seeding a quiz that grades nonsense.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from lessons.models import Lesson, Section, Sentence
from quizzes import demo_content
from quizzes.demo_content import QUESTIONS, QUIZ, QuestionSpec
from quizzes.grading import KEY_VERDICTS_DEFAULT
from quizzes.models import Choice, Question, Quiz
from quizzes.selectors import claim_label_of
from quizzes.validation import quiz_publication_problems, validate_question

DEMO_QUIZ_TITLE: str = QUIZ["title"]

# demo_content speaks of when answers show ("after_submit"); the model's review policy
# says the same with its own values. One setting covers answers and explanations.
_REVIEW_VALUES = {
    "after_submit": Quiz.ReviewAnswers.IMMEDIATELY,
    "immediately": Quiz.ReviewAnswers.IMMEDIATELY,
    "after_due": Quiz.ReviewAnswers.AFTER_DUE,
    "after_due_date": Quiz.ReviewAnswers.AFTER_DUE,
    "never": Quiz.ReviewAnswers.NEVER,
}
_QUIZ_FIELDS = (
    "title",
    "description",
    "attempts_allowed",
    "time_limit_minutes",
    "grading_method",
    "shuffle_questions",
    "shuffle_choices",
    "layout",
    "status",
)


def seed_demo_quiz(*, lesson: Lesson) -> Quiz:
    """Create the published demo quiz on ``lesson`` once; afterwards return it untouched.

    The lesson must already have its sections, sentences and claim labels. Raises
    ``ValidationError`` (code ``demo_content_inconsistent``) naming the question when the
    content does not fit the lesson, and then creates nothing.
    """
    existing = Quiz.objects.filter(lesson=lesson, title=DEMO_QUIZ_TITLE).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        quiz = Quiz.objects.create(lesson=lesson, owner=lesson.owner, **_quiz_settings())
        sections = _sections_by_heading(lesson)
        for position, spec in enumerate(QUESTIONS, start=1):
            _create_question(quiz, position, spec, sections)
        if problems := quiz_publication_problems(quiz):
            raise _inconsistent("the demo quiz", " ".join(problems))
    return quiz


def _quiz_settings() -> dict:
    settings = {name: QUIZ[name] for name in _QUIZ_FIELDS if name in QUIZ}
    answers = QUIZ.get("review_answers", QUIZ.get("review_explanations"))
    if answers is not None:
        settings["review_answers"] = _REVIEW_VALUES[answers]
    if "review_score" in QUIZ:
        settings["review_score"] = _REVIEW_VALUES[QUIZ["review_score"]]
    return settings


def _sections_by_heading(lesson: Lesson) -> dict[str, Section]:
    sentences = Sentence.objects.select_related("label").order_by("position")
    sections = lesson.sections.prefetch_related(Prefetch("sentences", queryset=sentences))
    return {section.heading: section for section in sections}


def _create_question(
    quiz: Quiz, position: int, spec: QuestionSpec, sections: dict[str, Section]
) -> Question:
    where = f"question {position} (“{spec.prompt[:60]}”)"
    section = None
    if spec.section:
        section = sections.get(spec.section)
        if section is None:
            raise _inconsistent(where, f"the lesson has no section headed “{spec.section}”.")
    if spec.sentence_prefix:
        _check_quoted_sentence(where, spec, section, sections)

    is_spot_claim = spec.kind == Question.Kind.SPOT_CLAIM
    choices = [(choice.text, choice.correct) for choice in spec.choices]
    try:
        validate_question(
            kind=spec.kind,
            choices=choices,
            section=section,
            accepted_answers=list(spec.accepted_answers),
            answer_pattern="",
            key_verdicts=list(spec.key_verdicts) if is_spot_claim else [],
            lesson_id=quiz.lesson_id,
            numeric_answers=list(spec.numeric_answers),
        )
    except ValidationError as error:
        raise _inconsistent(where, " ".join(error.messages)) from error
    if not spec.explanation.strip():
        raise _inconsistent(where, "every demo question needs an explanation.")
    if not spec.explanation_source.strip():
        raise _inconsistent(where, "every demo explanation needs a source to check it against.")

    question = Question.objects.create(
        quiz=quiz,
        position=position,
        kind=spec.kind,
        prompt=spec.prompt,
        points=Decimal(spec.points),
        explanation=spec.explanation,
        explanation_source=spec.explanation_source,
        section=section,
        key_verdicts=list(spec.key_verdicts) if is_spot_claim else [],
        accepted_answers=list(spec.accepted_answers),
        numeric_answers=list(spec.numeric_answers),
        ask_reasons=spec.ask_reasons and is_spot_claim,
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=index,
            text=choice.text,
            is_correct=choice.correct,
            feedback=choice.feedback,
        )
        for index, choice in enumerate(spec.choices, start=1)
    )
    return question


def _check_quoted_sentence(
    where: str, spec: QuestionSpec, section: Section | None, sections: dict[str, Section]
) -> None:
    """The sentence a question is about must exist, and a choice quoting it must be exact.

    A which-sentence question's right choice quotes the labelled sentence: it must be
    that sentence word for word, and its label must put it in the default key, or the
    question would contradict the spot-the-claim questions on the same passage.
    """
    searched = [section] if section is not None else list(sections.values())
    matches = [
        sentence
        for candidate in searched
        for sentence in candidate.sentences.all()
        if sentence.text.startswith(spec.sentence_prefix)
    ]
    if len(matches) != 1:
        raise _inconsistent(
            where,
            f"{len(matches)} sentences start with “{spec.sentence_prefix}”; expected one.",
        )
    sentence = matches[0]
    for choice in spec.choices:
        if not choice.text.startswith(spec.sentence_prefix):
            continue
        if choice.text != sentence.text:
            raise _inconsistent(where, f"the choice does not quote “{sentence.text}” exactly.")
        label = claim_label_of(sentence)
        verdict = label.verdict if label else None
        if not choice.correct or verdict not in KEY_VERDICTS_DEFAULT:
            raise _inconsistent(
                where,
                f"the quoted sentence is labelled {verdict or 'nothing'} but the choice is "
                f"marked {'right' if choice.correct else 'wrong'}.",
            )


def _inconsistent(where: str, problem: str) -> ValidationError:
    return ValidationError(
        "The demo quiz content (%(module)s) does not fit the demo lesson: %(where)s: %(problem)s",
        code="demo_content_inconsistent",
        params={"module": demo_content.__name__, "where": where, "problem": problem},
    )
