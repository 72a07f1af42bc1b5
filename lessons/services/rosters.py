"""Roster uploads: creating and enrolling the students a class roster CSV lists.

The file is read by the pure ``lessons.roster_csv`` (what each line says, and which
lines no account could be made from); here each row is looked up, created or enrolled,
and reported back to the teacher row by row.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from lessons import passwords
from lessons.models import Classroom, Enrollment
from lessons.roster_csv import parse_roster
from lessons.selectors import students_visible_to, user_teaches_classroom


class RosterOutcome:
    """What roster_import did with one row."""

    CREATED = "created"
    ENROLLED = "enrolled"
    ALREADY_ENROLLED = "already_enrolled"
    INVITE = "invite"
    REFUSED = "refused"

    LABELS = {
        CREATED: "created and enrolled",
        ENROLLED: "enrolled existing account",
        ALREADY_ENROLLED: "already enrolled",
        INVITE: "invite with the join code",
        REFUSED: "refused",
    }


@dataclass(frozen=True)
class RosterRowResult:
    line: int
    username: str
    full_name: str
    email: str
    outcome: str  # a RosterOutcome value
    reason: str = ""  # why a row was refused
    initial_password: str = ""  # only for accounts created by this import

    @property
    def outcome_label(self) -> str:
        return RosterOutcome.LABELS[self.outcome]


@dataclass(frozen=True)
class RosterReport:
    classroom: Classroom
    rows: list[RosterRowResult]
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def summary(self) -> str:
        """'3 created and enrolled, 1 enrolled existing account, 0 already ..., 1 refused'."""
        return ", ".join(
            f"{self.count(outcome)} {label}" for outcome, label in RosterOutcome.LABELS.items()
        )


@transaction.atomic
def roster_import(*, classroom: Classroom, csv_bytes: bytes, teacher) -> RosterReport:
    """Create or enrol the students a roster CSV lists, and report row by row.

    Each row is "created and enrolled" (a new student account, with a random initial
    password reported once, here, for the teacher to hand out: it is not stored anywhere
    readable), "enrolled existing account", "already enrolled", "invite with the join
    code", or refused with its reason (see ``lessons.roster_csv``).

    Consent: an existing account is enrolled only when the uploader is a superuser or
    already teaches that student in another class. Any other existing account is never
    enrolled, and its row says only "invite with the join code": nothing about the
    account (its name's spelling, whether it is staff or deactivated) that the uploader
    did not write in the file. Existing accounts are never changed. Refused rows do not
    stop the others. Raises ``not_your_class`` and the file-level errors of
    ``lessons.roster_csv.parse_roster``, changing nothing.
    """
    if not user_teaches_classroom(teacher, classroom.pk):
        raise ValidationError(
            "You do not teach “%(classroom)s”.",
            code="not_your_class",
            params={"classroom": classroom},
        )
    parsed = parse_roster(csv_bytes)
    User = get_user_model()
    wanted = {row.username.lower() for row in parsed.rows if not row.refusal}
    existing = list(
        User.objects.annotate(username_lower=Lower("username")).filter(username_lower__in=wanted)
    )
    by_username = {user.username: user for user in existing}
    by_lower = {user.username_lower: user for user in existing}
    enrolled_ids = set(classroom.enrollments.order_by().values_list("student_id", flat=True))
    known_ids = (
        set(
            students_visible_to(teacher)
            .filter(pk__in=[user.pk for user in existing])
            .values_list("pk", flat=True)
        )
        | enrolled_ids
    )
    invite = (
        "This username belongs to an account you do not teach: give the student the "
        f"class join code, {classroom.join_code}, instead."
    )

    results = []
    to_enrol = []
    for row in parsed.rows:
        base = dict(line=row.line, username=row.username, full_name=row.full_name, email=row.email)
        if row.refusal:
            results.append(
                RosterRowResult(**base, outcome=RosterOutcome.REFUSED, reason=row.refusal)
            )
            continue
        user = by_username.get(row.username) or by_lower.get(row.username.lower())
        if user is not None and not (teacher.is_superuser or user.pk in known_ids):
            results.append(RosterRowResult(**base, outcome=RosterOutcome.INVITE, reason=invite))
            continue
        if user is not None:
            base["username"] = user.username
            if user.is_staff or user.is_superuser:
                outcome, reason = (
                    RosterOutcome.REFUSED,
                    "existing account is a teacher or staff member",
                )
            elif not user.is_active:
                outcome, reason = RosterOutcome.REFUSED, "existing account is deactivated"
            elif user.pk in enrolled_ids:
                outcome, reason = RosterOutcome.ALREADY_ENROLLED, ""
            else:
                outcome, reason = RosterOutcome.ENROLLED, ""
                to_enrol.append(user)
                enrolled_ids.add(user.pk)
            results.append(RosterRowResult(**base, outcome=outcome, reason=reason))
            continue
        password = passwords.initial_password()
        try:
            with transaction.atomic():
                user = User.objects.create(
                    username=row.username,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    email=row.email,
                    password=passwords.hash_initial_password(password),
                )
        except IntegrityError:
            results.append(
                RosterRowResult(
                    **base,
                    outcome=RosterOutcome.REFUSED,
                    reason="the username was taken while importing; upload the file again",
                )
            )
            continue
        to_enrol.append(user)
        enrolled_ids.add(user.pk)
        results.append(
            RosterRowResult(**base, outcome=RosterOutcome.CREATED, initial_password=password)
        )
    # ignore_conflicts: a student who joined by code during the import is enrolled anyway.
    Enrollment.objects.bulk_create(
        [Enrollment(classroom=classroom, student=user) for user in to_enrol],
        ignore_conflicts=True,
    )
    return RosterReport(
        classroom=classroom, rows=results, ignored_columns=list(parsed.ignored_columns)
    )
