"""Classrooms: creating one, joining one by code, and handing out join codes.

A join code is handed out only when no classroom holds it. :func:`unused_join_code`
draws again while a drawn code is taken, and :func:`classroom_new_join_code` (which
every new classroom's first save and every "new join code" goes through) retries with
a fresh code, in a savepoint, when a concurrent save took the same code between the draw
and the write and the unique constraint refuses ours.

The model field's default (``lessons.models.new_join_code``) stays a plain random draw
without a query: Django calls it whenever a ``Classroom()`` is built (each form page,
each factory), and a check made there could not survive the race anyway; only the write
can. The services here replace it before the first save.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lessons import throttling
from lessons.locking import lock, recent
from lessons.models import Classroom, Enrollment, new_join_code

#: How many codes are drawn (and saves tried) before giving up. With 31**8 possible codes
#: even one redraw is rare; running out means the code space is used up.
JOIN_CODE_ATTEMPTS = 10


class NoFreeJoinCode(RuntimeError):
    """Every drawn join code was taken: the code space is (nearly) used up."""


def unused_join_code() -> str:
    """A join code that no classroom holds at the moment of asking."""
    for _ in range(JOIN_CODE_ATTEMPTS):
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code).exists():
            return code
    raise NoFreeJoinCode(f"No free join code in {JOIN_CODE_ATTEMPTS} draws.")


def classroom_new_join_code(*, classroom: Classroom) -> str:
    """Give the classroom a join code no other class holds, save it, and return the code.

    A saved classroom gets a fresh code (the old one stops working); one not saved yet is
    saved whole, with its first code.
    """
    update_fields = None if classroom.pk is None else ["join_code"]
    for _ in range(JOIN_CODE_ATTEMPTS):
        classroom.join_code = unused_join_code()
        try:
            # A savepoint: the refused write leaves the caller's transaction usable.
            with transaction.atomic():
                classroom.save(update_fields=update_fields)
        except IntegrityError:
            taken = Classroom.objects.filter(join_code=classroom.join_code).exclude(pk=classroom.pk)
            if not taken.exists():
                raise  # refused for another reason than the code
            continue  # another class took this code since the draw: draw again
        return classroom.join_code
    raise NoFreeJoinCode(f"No free join code in {JOIN_CODE_ATTEMPTS} saves.")


@transaction.atomic
def classroom_create(*, teacher, name: str) -> Classroom:
    """A new classroom taught by ``teacher``, with a join code no other class holds.

    A double click on "Create" returns the class the first click made: the teacher's row
    is locked, so the second click waits for the first to finish and then finds its class.
    """
    name = name.strip()
    if not name:
        raise ValidationError("Give the class a name.", code="empty_name")
    lock(teacher)
    twin = (
        recent(Classroom.objects.filter(name=name, teachers=teacher))
        .order_by("-created_at")
        .first()
    )
    if twin is not None:
        return twin
    classroom = Classroom(name=name)
    classroom.full_clean(exclude=["join_code"])  # the code is drawn unused as it is saved
    classroom_new_join_code(classroom=classroom)
    classroom.teachers.add(teacher)
    return classroom


def classroom_join(*, student, join_code: str, address: str = "") -> tuple[Classroom, bool]:
    """Enrol a student by join code. Returns (classroom, newly_joined).

    Codes are matched ignoring case, spaces and dashes, since students copy them from a board.
    Wrong codes are limited per student and per network ``address`` (lessons.throttling):
    past the limit every attempt is refused with ``too_many_attempts`` until the window ends.
    """
    limits = [(throttling.join_codes_per_student(), f"student:{student.pk}")]
    if address:
        limits.append((throttling.join_codes_per_address(), f"address:{address}"))
    if wait := max(throttling.seconds_blocked(limit, key) for limit, key in limits):
        raise ValidationError(
            "Too many wrong join codes. Check the code with your teacher and try again "
            f"{throttling.wait_wording(wait)}.",
            code="too_many_attempts",
        )
    code = "".join(ch for ch in join_code.upper() if ch.isalnum())
    if not code:
        raise ValidationError("Type the join code your teacher gave you.", code="empty_code")
    classroom = Classroom.objects.filter(join_code=code).first()
    if classroom is None:
        for limit, key in limits:
            throttling.record_failure(limit, key)
        raise ValidationError(
            "No class has that join code. Check it with your teacher.", code="unknown_code"
        )
    if not classroom.join_code_is_open:
        raise ValidationError(
            "That join code has expired. Ask your teacher for a new one.", code="expired_code"
        )
    if classroom.teachers.filter(pk=student.pk).exists():
        raise ValidationError("You teach this class already.", code="teacher_cannot_join")
    try:
        with transaction.atomic():
            _, created = Enrollment.objects.get_or_create(classroom=classroom, student=student)
    except IntegrityError:  # a double submit raced us: the student is enrolled either way
        created = False
    return classroom, created
