"""What a teacher may open of results: permission-scoped getters and querysets.

Every getter starts from :func:`lessons.selectors.assignments_taught_by` (or
``assignment_get_for_teacher``), so a teacher only ever sees the classes they teach and a
superuser every class; anybody else gets NotFound, which does not reveal that the row
exists. The admin's changelists start from :func:`attempts_for_admin` and
:func:`responses_for_admin`.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from lessons.models import Assignment, Enrollment
from lessons.refusals import NotFound
from lessons.selectors import assignment_get_for_teacher, assignments_taught_by
from quizzes.models import Attempt, Quiz, Response
from quizzes.params import optional_id


def requested_quiz_id(request: HttpRequest) -> int | None:
    """The quiz chosen with ``?quiz=`` on a results page; 400 when it is not an id."""
    return optional_id(request.GET.get("quiz"), name="quiz")


def _quizzes_of_assignment(assignment: Assignment) -> list[Quiz]:
    """The lesson's published quizzes, plus any quiz students already took under it.

    A quiz a teacher unpublished after students answered it keeps its results visible.
    """
    return list(
        Quiz.objects.filter(lesson_id=assignment.lesson_id)
        .filter(Q(status=Quiz.Status.PUBLISHED) | Q(attempts__assignment=assignment))
        .distinct()
        .order_by("title", "id")
    )


def _choose_quiz(quizzes: list[Quiz], quiz_id: int | None) -> Quiz | None:
    if quiz_id is None:
        return quizzes[0] if quizzes else None
    for quiz in quizzes:
        if quiz.pk == quiz_id:
            return quiz
    raise NotFound("This assignment has no such quiz.", code="no_such_quiz")


def assignment_quiz_get_for_teacher(
    *, assignment_id: int, user, quiz_id: int | None
) -> tuple[Assignment, list[Quiz], Quiz | None]:
    """An assignment for a teacher of its class, its quizzes, and the one asked for.

    ``quiz_id`` None chooses the first quiz by title (None when the lesson has none);
    NotFound for a quiz that is not the assignment's, or a class the user does not teach.
    """
    assignment = assignment_get_for_teacher(assignment_id=assignment_id, user=user)
    quizzes = _quizzes_of_assignment(assignment)
    return assignment, quizzes, _choose_quiz(quizzes, quiz_id)


def assignment_attempts_for_teacher(
    *, assignment: Assignment, quiz: Quiz | None
) -> QuerySet[Attempt]:
    """The attempts of a quiz under an assignment already fetched for its teacher."""
    if quiz is None:
        return Attempt.objects.none()
    return Attempt.objects.filter(assignment=assignment, quiz=quiz)


def assignments_with_results_for_teacher(user) -> QuerySet[Assignment]:
    """The assignments whose results a teacher may open, newest due date first."""
    # Subqueries rather than two joined Counts: joining enrolments with attempts would
    # multiply the rows of a class of 300 by its 300+ attempts before counting.
    enrolled = (
        Enrollment.objects.filter(classroom_id=OuterRef("classroom_id"))
        .order_by()
        .values("classroom_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    submitted = (
        Attempt.objects.filter(assignment_id=OuterRef("pk"), status=Attempt.Status.SUBMITTED)
        .order_by()
        .values("assignment_id")
        .annotate(count=Count("student_id", distinct=True))
        .values("count")
    )
    return (
        assignments_taught_by(user)
        .select_related("lesson", "classroom")
        .annotate(
            enrolled=Coalesce(Subquery(enrolled), 0),
            submitted_students=Coalesce(Subquery(submitted), 0),
        )
        .order_by("-due_at", "-id")
    )


def attempt_get_for_teacher(*, attempt_id: int, user) -> Attempt:
    """An attempt of a class the user teaches, with its quiz, assignment and student."""
    try:
        return (
            Attempt.objects.filter(assignment__in=assignments_taught_by(user))
            .select_related("quiz", "assignment__lesson", "assignment__classroom", "student")
            .get(pk=attempt_id)
        )
    except Attempt.DoesNotExist:
        raise NotFound(
            "No attempt of a class you teach has this address.", code="not_your_class"
        ) from None


def response_get_for_teacher(*, response_id: int, user) -> Response:
    """A response in an attempt of a class the user teaches, else NotFound."""
    try:
        return (
            Response.objects.filter(attempt__assignment__in=assignments_taught_by(user))
            .select_related("attempt", "question")
            .get(pk=response_id)
        )
    except Response.DoesNotExist:
        raise NotFound(
            "No answer of a class you teach has this address.", code="not_your_class"
        ) from None


def attempts_for_admin(user) -> QuerySet[Attempt]:
    """Attempts of the classes the user teaches (all for a superuser), for the admin."""
    return Attempt.objects.filter(assignment__in=assignments_taught_by(user))


def responses_for_admin(user) -> QuerySet[Response]:
    """Responses in attempts of the classes the user teaches, for the admin."""
    return Response.objects.filter(attempt__assignment__in=assignments_taught_by(user))
