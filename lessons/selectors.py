"""Reads of the lessons app, scoped by who asks.

Every page and admin screen fetches classrooms and assignments through these functions,
so the rule "a student sees only their classes, a teacher only the classes they teach, an
admin everything" lives in one tested place.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from lessons.models import Assignment, Classroom, Enrollment, Lesson
from lessons.refusals import NotAllowed, NotFound
from lessons.roles import is_teacher, require_teacher


def classrooms_taught_by(user) -> QuerySet[Classroom]:
    """Classrooms the user teaches; every classroom for a superuser; none for anyone else."""
    if user.is_superuser:
        return Classroom.objects.all()
    if not is_teacher(user):
        return Classroom.objects.none()
    return Classroom.objects.filter(teachers=user)


def assignments_taught_by(user) -> QuerySet[Assignment]:
    """Assignments of the classrooms the user teaches (all for a superuser)."""
    if user.is_superuser:
        return Assignment.objects.all()
    if not is_teacher(user):
        return Assignment.objects.none()
    return Assignment.objects.filter(classroom__teachers=user)


def lessons_visible_to_teacher(user) -> QuerySet[Lesson]:
    """Lessons a teacher may read with notes and labels: every lesson (the library is shared)."""
    if not is_teacher(user):
        return Lesson.objects.none()
    return Lesson.objects.all()


def user_teaches_classroom(user, classroom_id: int) -> bool:
    return classrooms_taught_by(user).filter(pk=classroom_id).exists()


def assignment_get_for_student(*, assignment_id: int, student) -> Assignment:
    """The assignment if one of the student's classes has it and it is open.

    Raises NotFound when the student is not in the class (the assignment's existence is
    not revealed) and NotAllowed, with the opening time, when it is not open yet.
    """
    assignment = (
        Assignment.objects.select_related("lesson", "classroom")
        .filter(pk=assignment_id, classroom__enrollments__student=student)
        .first()
    )
    if refusal := assignment_refusal_for_student(assignment, enrolled=assignment is not None):
        raise refusal
    return assignment


def enrolled_in_assignment_class(student, assignment_path: str = "") -> Exists:
    """An ``Exists`` that is true when ``student`` is in the class of the row's assignment.

    ``assignment_path`` leads from the row to its assignment ("" for an assignment,
    "assignment__" for an attempt), so a page fetches the row and the permission at once.
    """
    return Exists(
        Enrollment.objects.filter(
            classroom_id=OuterRef(f"{assignment_path}classroom_id"), student=student
        )
    )


def assignment_refusal_for_student(assignment: Assignment | None, *, enrolled: bool):
    """Why a student may not open an assignment, or None: the one rule for students.

    Not in its class (or no such assignment): NotFound, revealing nothing. The lesson
    taken back to draft, or the assignment not open yet: NotAllowed, saying why.
    """
    if assignment is None or not enrolled:
        return NotFound("This reading is not assigned to any of your classes.", code="not_assigned")
    if assignment.lesson.status != Lesson.Status.PUBLISHED:
        # A teacher took the lesson back to draft (to fix it): hide it until republished.
        return NotAllowed(
            "Your teacher is revising this reading. Check back later.", code="lesson_draft"
        )
    if not assignment.is_open():
        opens = date_format(timezone.localtime(assignment.opens_at), "DATETIME_FORMAT")
        return NotAllowed(f"This reading opens on {opens}.", code="not_open_yet")
    return None


def assignment_get_for_teacher(*, assignment_id: int, user) -> Assignment:
    """The assignment if the user teaches its class (or is a superuser), else NotFound."""
    try:
        return (
            assignments_taught_by(user).select_related("lesson", "classroom").get(pk=assignment_id)
        )
    except Assignment.DoesNotExist:
        raise NotFound(
            "No assignment of a class you teach has this address.", code="not_your_class"
        ) from None


def assignment_get_for_member(*, assignment_id: int, user) -> tuple[Assignment, bool]:
    """The assignment for a teacher of its class or an enrolled student.

    Returns (assignment, viewer_is_teacher). Students get the same refusals as
    assignment_get_for_student.
    """
    if is_teacher(user):
        return assignment_get_for_teacher(assignment_id=assignment_id, user=user), True
    return assignment_get_for_student(assignment_id=assignment_id, student=user), False


# Reads for the site pages (dashboards and reading views) ----------------------------


def assignments_of_student(student) -> QuerySet[Assignment]:
    """Assignments of every class the student is enrolled in, open or not (for listing).

    Opening one still goes through assignment_get_for_student, which refuses closed ones.
    """
    if not student.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(classroom__enrollments__student=student)


def classrooms_of_student(student) -> QuerySet[Classroom]:
    """Classrooms the student is enrolled in."""
    if not student.is_authenticated:
        return Classroom.objects.none()
    return Classroom.objects.filter(enrollments__student=student)


def lesson_get_for_teacher(*, lesson_id: int, user) -> Lesson:
    """A lesson with its notes and labels for a teacher.

    Raises NotAllowed for anyone who is not a teacher and NotFound for an unknown id.
    """
    require_teacher(user)
    try:
        return lessons_visible_to_teacher(user).get(pk=lesson_id)
    except Lesson.DoesNotExist:
        raise NotFound("There is no lesson at this address.", code="no_such_lesson") from None


def students_visible_to(user) -> QuerySet:
    """Student accounts a user may pick in the admin (enrolments, autocomplete).

    A superuser may pick any student; a teacher only students already in one of the
    classes they teach (new students join by code or come in through a roster upload).
    """
    students = get_user_model().objects.filter(is_staff=False, is_superuser=False, is_active=True)
    if user.is_superuser:
        return students
    return students.filter(enrollments__classroom__in=classrooms_taught_by(user)).distinct()
