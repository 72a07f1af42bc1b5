"""What quizzes add to the lessons app's pages (hooks of lessons.extensions).

Named in ``settings.ASSIGNMENT_EXTENSIONS``: :func:`assignment_items` gives one item per
published quiz of each assignment's lesson, for a student (their progress and, when
released, their grade) or for a teacher (how many students submitted, linking the
assignment's results page and the same in the admin); :func:`reading_heat` gives the
teacher's reading view the class's spot-the-claim answers sentence by sentence
(:mod:`quizzes.heatmap`); :func:`student_panels` puts the student's own skill profile on
their dashboard (:mod:`quizzes.skills`).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from lessons.extensions import AssignmentItem, HeatMap, ItemStatus, Panel
from lessons.models import Assignment, Enrollment
from quizzes import policy
from quizzes.copies import lesson_copied  # noqa: F401  (the hook)
from quizzes.formatting import GRADE_WORDS, format_points, format_when
from quizzes.heatmap import assignment_sentence_heat
from quizzes.models import Attempt, Quiz
from quizzes.skills import student_skill_profile


def assignment_items(
    *, user, assignments, for_teacher: bool = False
) -> dict[int, list[AssignmentItem]]:
    """Per-assignment quiz items for the lessons dashboards (see lessons.extensions).

    A student gets one item per published quiz of each assignment's lesson, with status
    todo / in_progress / done, a detail such as "1 of 2 attempts used · best 8/10" (the
    score only when the review policy releases it) and a link to the quiz's intro page.
    A teacher gets one item per quiz with how many students have submitted, linking the
    assignment's results page for that quiz (``results:assignment_results``) and, as
    ``admin_url``, the same results in the admin. Three queries at most, whatever the
    number of assignments.
    """
    assignments = list(assignments)
    if not assignments:
        return {}
    lesson_ids = {assignment.lesson_id for assignment in assignments}
    quizzes_by_lesson: dict[int, list[Quiz]] = defaultdict(list)
    for quiz in Quiz.objects.filter(
        lesson_id__in=lesson_ids, status=Quiz.Status.PUBLISHED
    ).order_by("title", "id"):
        quizzes_by_lesson[quiz.lesson_id].append(quiz)
    if not quizzes_by_lesson:
        return {}
    if for_teacher:
        return _teacher_items(assignments, quizzes_by_lesson)
    return _student_items(user, assignments, quizzes_by_lesson)


def _student_items(user, assignments, quizzes_by_lesson) -> dict[int, list[AssignmentItem]]:
    now = timezone.now()
    attempts: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    for attempt in Attempt.objects.filter(
        student=user,
        assignment_id__in=[assignment.pk for assignment in assignments],
        quiz__status=Quiz.Status.PUBLISHED,
    ).order_by("number"):
        attempts[(attempt.assignment_id, attempt.quiz_id)].append(attempt)

    items: dict[int, list[AssignmentItem]] = {}
    for assignment in assignments:
        for quiz in quizzes_by_lesson.get(assignment.lesson_id, []):
            mine = attempts[(assignment.pk, quiz.pk)]
            items.setdefault(assignment.pk, []).append(_student_item(quiz, assignment, mine, now))
    return items


def _student_item(
    quiz: Quiz, assignment: Assignment, attempts: list[Attempt], now
) -> AssignmentItem:
    url = reverse("quizzes:quiz_intro", args=[assignment.pk, quiz.pk])
    submitted = [a for a in attempts if a.is_submitted]
    open_attempt = next((a for a in attempts if not a.is_submitted), None)
    used = len(attempts)
    if quiz.attempts_allowed is None:
        used_text = f"{used} attempt{'s' if used != 1 else ''} used"
    else:
        allowed = quiz.attempts_allowed
        used_text = f"{used} of {allowed} attempt{'s' if allowed != 1 else ''} used"
    parts = []
    if open_attempt is not None:
        status = ItemStatus.IN_PROGRESS
        parts.append(f"Attempt {open_attempt.number} in progress")
        if submitted:
            parts.append(used_text)
    elif submitted:
        status = ItemStatus.DONE
        parts.append(used_text)
    else:
        status = ItemStatus.TODO
        if quiz.attempts_allowed is None:
            parts.append("Unlimited attempts")
        else:
            n = quiz.attempts_allowed
            parts.append(f"{n} attempt{'s' if n != 1 else ''} allowed")
        if quiz.time_limit_minutes:
            parts.append(f"{quiz.time_limit_minutes} minutes")
    if submitted:
        grade, grade_max = policy.visible_grade(quiz, assignment, submitted, now)
        if grade is not None:
            word = GRADE_WORDS.get(quiz.grading_method, "score")
            parts.append(f"{word} {format_points(grade)}/{format_points(grade_max)}")
        elif (released := policy.score_available_at(quiz, assignment)) is not None:
            parts.append(f"score after {format_when(released)}")
    return AssignmentItem(
        label=f"Quiz: {quiz.title}", url=url, status=status, detail=" · ".join(parts)
    )


def _teacher_items(assignments, quizzes_by_lesson) -> dict[int, list[AssignmentItem]]:
    assignment_ids = [assignment.pk for assignment in assignments]
    submitted: dict[tuple[int, int], int] = {
        (row["assignment_id"], row["quiz_id"]): row["students"]
        for row in Attempt.objects.filter(
            assignment_id__in=assignment_ids, status=Attempt.Status.SUBMITTED
        )
        .values("assignment_id", "quiz_id")
        .annotate(students=Count("student", distinct=True))
        .order_by()
    }
    class_sizes: dict[int, int] = {
        row["classroom_id"]: row["students"]
        for row in Enrollment.objects.filter(
            classroom_id__in={assignment.classroom_id for assignment in assignments}
        )
        .values("classroom_id")
        .annotate(students=Count("id"))
        .order_by()
    }
    items: dict[int, list[AssignmentItem]] = {}
    for assignment in assignments:
        size = class_sizes.get(assignment.classroom_id, 0)
        for quiz in quizzes_by_lesson.get(assignment.lesson_id, []):
            done = submitted.get((assignment.pk, quiz.pk), 0)
            if size and done >= size:
                status = ItemStatus.DONE
            elif done:
                status = ItemStatus.IN_PROGRESS
            else:
                status = ItemStatus.TODO
            items.setdefault(assignment.pk, []).append(
                AssignmentItem(
                    label=f"Results: {quiz.title}",
                    url=reverse("results:assignment_results", args=[assignment.pk])
                    + f"?quiz={quiz.pk}",
                    status=status,
                    detail=f"{done} of {size} student{'s' if size != 1 else ''} submitted",
                    admin_url=reverse(
                        "admin:quizzes_attempt_assignment_results", args=[assignment.pk]
                    )
                    + f"?quiz={quiz.pk}",
                )
            )
    return items


def reading_heat(*, assignment, viewer) -> HeatMap | None:
    """The class's spot-the-claim answers over the lesson's text (three queries).

    lessons has already checked that ``viewer`` teaches the assignment's class.
    """
    return assignment_sentence_heat(assignment=assignment)


def student_panels(*, student) -> list[Panel]:
    """The student's own skill profile, over the attempts whose answers are released."""
    profile = student_skill_profile(student=student)
    return [
        Panel(
            title="Your claim-checking skills",
            template="quizzes/_skill_profile_panel.html",
            context={"profile": profile},
        )
    ]
