""" "Duplicate to edit" for quizzes: a teacher's own draft copy, with its questions.

A copy stays on the same lesson (so its spot-the-claim passages are the same sections),
or goes onto a copy of that lesson (``onto``), its passages then being the copy's sections
at the same positions. It is owned by the teacher who made it; the original and the
classes taking it are untouched.
"""

from __future__ import annotations

from django.db import transaction

from lessons.models import Lesson
from quizzes.models import Choice, Question, Quiz

# The settings a copy takes over from the original (everything but who and when).
_QUIZ_SETTINGS = (
    "description",
    "attempts_allowed",
    "time_limit_minutes",
    "shuffle_questions",
    "shuffle_choices",
    "grading_method",
    "layout",
    "review_answers",
    "review_score",
)


@transaction.atomic
def quiz_duplicate(*, quiz: Quiz, owner, onto: Lesson | None = None, title: str = "") -> Quiz:
    """A draft copy of ``quiz`` and its questions and choices, owned by ``owner``.

    On ``quiz``'s own lesson, or on ``onto`` (a copy of it). A bounded number of queries
    whatever the quiz's size.
    """
    lesson_id = onto.pk if onto is not None else quiz.lesson_id
    section_ids: dict[int, int] = {}
    if onto is not None:  # the copy's section at each position of the original's
        new_by_position = dict(onto.sections.values_list("position", "pk"))
        section_ids = {
            old_pk: new_by_position[position]
            for old_pk, position in quiz.lesson.sections.values_list("pk", "position")
            if position in new_by_position
        }
    copy = Quiz.objects.create(
        lesson_id=lesson_id,
        title=(title or f"{quiz.title} (copy)")[:200],
        status=Quiz.Status.DRAFT,
        owner=owner,
        **{name: getattr(quiz, name) for name in _QUIZ_SETTINGS},
    )
    questions = list(quiz.questions.order_by("position"))
    # Every field of a question but its id and quiz: a field added later is copied too.
    fields = [
        f.attname for f in Question._meta.concrete_fields if f.attname not in ("id", "quiz_id")
    ]
    drafts = [
        Question(quiz=copy, **{name: getattr(question, name) for name in fields})
        for question in questions
    ]
    if onto is not None:  # the passages are the copy's sections at the same positions
        for draft in drafts:
            if draft.section_id is not None:
                draft.section_id = section_ids.get(draft.section_id)
    copied = Question.objects.bulk_create(drafts)
    by_old = {old.pk: new for old, new in zip(questions, copied, strict=True)}
    Choice.objects.bulk_create(
        [
            Choice(
                question=by_old[choice.question_id],
                position=choice.position,
                text=choice.text,
                is_correct=choice.is_correct,
                feedback=choice.feedback,
            )
            for choice in Choice.objects.filter(question__quiz=quiz)
        ]
    )
    return copy


def lesson_copied(*, original: Lesson, copy: Lesson, owner) -> None:
    """lessons.extensions hook: a lesson's copy gets copies of its quizzes, same titles."""
    for quiz in original.quizzes.order_by("pk"):
        quiz_duplicate(quiz=quiz, owner=owner, onto=copy, title=quiz.title)
