"""Skill profiles: how well a student spots problems in claims, across their attempts.

From every submitted spot-the-claim answer: for each kind of problem (unsupported,
inaccurate, logical flaw, vague) how often the student caught a sentence that has it;
how often they flagged a sentence that holds up (false alarms); and, where the question
asked why, how often their reason named the problem. Contested sentences (judgement
calls) count for nothing, as in grading.

:func:`tally_response` and :class:`SkillTally` are pure; the selectors gather plain values
in a fixed number of queries whatever the number of students, attempts or sentences:

* :func:`student_skill_profile` is a student's own, over the attempts whose answers the
  review policy has released (a profile is derived from the key, so it waits as the key
  does);
* :func:`class_skill_profile` is a class's, for a teacher of it: one row per student and
  the class as a whole, over the attempts under the class's assignments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from django.db.models import Q
from django.utils import timezone

from lessons.models import Classroom, Enrollment, Sentence
from lessons.people import name_sort_key
from lessons.refusals import NotFound
from lessons.selectors import classrooms_taught_by
from quizzes import grading, policy
from quizzes.models import Attempt, Question, Response, ResponseSentence

#: The kinds of problem a profile counts, in the order pages show them, with their names.
PROBLEM_KINDS: tuple[tuple[str, str], ...] = (
    ("unsupported", "Unsupported claims"),
    ("inaccurate", "Factual errors"),
    ("logical_flaw", "Logical flaws"),
    ("vague", "Vague claims"),
)


@dataclass(frozen=True)
class LabelFacts:
    """What grading needs of a sentence's claim label, as plain values."""

    verdict: str | None
    contested: bool = False
    alternative: str | None = None


@dataclass
class SkillTally:
    """Counts behind a skill profile; they add up across responses and attempts."""

    caught: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(grading.PROBLEM_VERDICTS, 0)
    )
    chances: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(grading.PROBLEM_VERDICTS, 0)
    )
    false_alarms: int = 0
    sound_shown: int = 0
    reasons_right: int = 0
    reasons_asked: int = 0
    answers: int = 0  # spot-the-claim answers counted

    def add(self, other: SkillTally) -> SkillTally:
        for verdict in grading.PROBLEM_VERDICTS:
            self.caught[verdict] += other.caught[verdict]
            self.chances[verdict] += other.chances[verdict]
        self.false_alarms += other.false_alarms
        self.sound_shown += other.sound_shown
        self.reasons_right += other.reasons_right
        self.reasons_asked += other.reasons_asked
        self.answers += other.answers
        return self

    def catch_rate(self, verdict: str) -> float | None:
        """The percentage of sentences with this problem that were caught (None: no chance)."""
        return _percent(self.caught[verdict], self.chances[verdict])

    @property
    def false_alarm_rate(self) -> float | None:
        """The percentage of sound sentences that were flagged anyway."""
        return _percent(self.false_alarms, self.sound_shown)

    @property
    def reason_rate(self) -> float | None:
        """The percentage of caught problems whose reason named the problem."""
        return _percent(self.reasons_right, self.reasons_asked)

    @property
    def rows(self) -> list[SkillRow]:
        """One row per measure, as the profile's table and chart show them."""
        rows = [
            SkillRow(name, self.caught[verdict], self.chances[verdict], "caught")
            for verdict, name in PROBLEM_KINDS
        ]
        rows.append(SkillRow("False alarms", self.false_alarms, self.sound_shown, "flagged"))
        rows.append(SkillRow("Reasons right", self.reasons_right, self.reasons_asked, "right"))
        return rows


@dataclass(frozen=True)
class SkillRow:
    """One measure: ``count`` of ``out_of`` (caught of chances, flagged of sound sentences)."""

    name: str
    count: int
    out_of: int
    verb: str

    @property
    def rate(self) -> float | None:
        return _percent(self.count, self.out_of)

    @property
    def is_false_alarm(self) -> bool:
        return self.verb == "flagged"


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def tally_response(
    *,
    picked: Iterable[int],
    reasons: Mapping[int, str],
    labels: Mapping[int, LabelFacts],
    key_verdicts: object,
    ask_reasons: bool,
) -> SkillTally:
    """What one spot-the-claim answer says about the student.

    ``labels`` maps every sentence of the passage to its label's facts (verdict None when
    unlabelled); the key is grading's (:func:`quizzes.grading.spot_claim_question_key`).
    A keyed sentence with one of :data:`quizzes.grading.PROBLEM_VERDICTS` is a chance to
    catch that kind of problem; a scored sentence outside the key is a sound one, and
    flagging it a false alarm; a contested sentence counts for nothing. A caught problem
    whose question asks why counts towards the reasons, right when the reason is one
    :func:`quizzes.grading.accepted_reasons` accepts.
    """
    picked = set(picked)
    contested = {sentence_id for sentence_id, facts in labels.items() if facts.contested}
    verdicts = {sentence_id: facts.verdict for sentence_id, facts in labels.items()}
    key = grading.spot_claim_question_key(verdicts, key_verdicts, contested)
    tally = SkillTally(answers=1)
    for sentence_id, facts in labels.items():
        if sentence_id in contested:
            continue
        if sentence_id not in key:
            tally.sound_shown += 1
            tally.false_alarms += sentence_id in picked
            continue
        if facts.verdict in tally.chances:
            tally.chances[facts.verdict] += 1
            tally.caught[facts.verdict] += sentence_id in picked
        right = grading.accepted_reasons(facts.verdict, facts.alternative)
        if ask_reasons and sentence_id in picked and right:
            tally.reasons_asked += 1
            tally.reasons_right += reasons.get(sentence_id, "") in right
    return tally


# --- gathering -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    response_id: int
    student_id: int
    section_id: int
    key_verdicts: object
    ask_reasons: bool


def _tallies(answers: list[_Answer]) -> dict[int, SkillTally]:
    """Each student's tally over these spot-the-claim answers (two queries)."""
    picks: dict[int, dict[int, str]] = defaultdict(dict)
    if answers:
        rows = ResponseSentence.objects.filter(
            response_id__in=[answer.response_id for answer in answers]
        ).values_list("response_id", "sentence_id", "reason")
        for response_id, sentence_id, reason in rows:
            picks[response_id][sentence_id] = reason
    passages: dict[int, dict[int, LabelFacts]] = defaultdict(dict)
    section_ids = {answer.section_id for answer in answers}
    if section_ids:
        rows = Sentence.objects.filter(section_id__in=section_ids).values_list(
            "section_id", "id", "label__verdict", "label__contested", "label__alternative_verdict"
        )
        for section_id, sentence_id, verdict, contested, alternative in rows:
            passages[section_id][sentence_id] = LabelFacts(
                verdict, bool(contested), alternative or None
            )
    tallies: dict[int, SkillTally] = defaultdict(SkillTally)
    for answer in answers:
        chosen = picks.get(answer.response_id, {})
        tallies[answer.student_id].add(
            tally_response(
                picked=chosen,
                reasons=chosen,
                labels=passages.get(answer.section_id, {}),
                key_verdicts=answer.key_verdicts,
                ask_reasons=answer.ask_reasons,
            )
        )
    return tallies


_SPOT_CLAIM_SUBMITTED = Q(
    question__kind=Question.Kind.SPOT_CLAIM,
    question__section__isnull=False,
    attempt__status=Attempt.Status.SUBMITTED,
)
_ANSWER_FIELDS = (
    "id",
    "attempt__student_id",
    "question__section_id",
    "question__key_verdicts",
    "question__ask_reasons",
)


# --- a student's own profile ---------------------------------------------------------------


@dataclass
class StudentSkillProfile:
    tally: SkillTally
    #: Submitted attempts whose answers are not released yet, so not counted.
    withheld_attempts: int = 0

    @property
    def is_empty(self) -> bool:
        return self.tally.answers == 0


def student_skill_profile(*, student, now: datetime | None = None) -> StudentSkillProfile:
    """The student's own profile over their submitted attempts, in three queries.

    An attempt counts once its quiz's review policy shows its answers
    (:func:`quizzes.policy.can_see_answers`); the others are counted as withheld.
    """
    now = now or timezone.now()
    rows = Response.objects.filter(_SPOT_CLAIM_SUBMITTED, attempt__student=student).values_list(
        *_ANSWER_FIELDS,
        "attempt_id",
        "attempt__quiz__review_answers",
        "attempt__assignment__due_at",
    )
    answers, withheld = [], set()
    for row in rows:
        attempt_id, review_answers, due_at = row[-3:]
        shown = policy.can_see_answers(
            SimpleNamespace(review_answers=review_answers, review_score=""),
            SimpleNamespace(due_at=due_at),
            SimpleNamespace(status=Attempt.Status.SUBMITTED),
            now,
        )
        if shown:
            answers.append(_Answer(*row[:5]))
        else:
            withheld.add(attempt_id)
    tally = _tallies(answers).get(student.pk, SkillTally())
    return StudentSkillProfile(tally=tally, withheld_attempts=len(withheld))


# --- a class's profile, for its teacher -------------------------------------------------------


@dataclass(frozen=True)
class StudentSkills:
    student: object  # the User
    tally: SkillTally


@dataclass
class ClassSkillProfile:
    classroom: Classroom
    students: list[StudentSkills]
    total: SkillTally

    @property
    def answered(self) -> list[StudentSkills]:
        return [row for row in self.students if row.tally.answers]


def classroom_get_for_teacher(*, classroom_id: int, user) -> Classroom:
    """A class the user teaches (any class for a superuser), else NotFound."""
    classroom = classrooms_taught_by(user).filter(pk=classroom_id).first()
    if classroom is None:
        raise NotFound("No class of yours has this address.", code="not_your_class")
    return classroom


def class_skill_profile(*, classroom_id: int, user) -> ClassSkillProfile:
    """Every student's profile in a class the user teaches, and the class's, in five
    queries whatever the class size (the class, its students, the answers, the picks,
    the passages' labels). Counts the submitted attempts under the class's assignments."""
    classroom = classroom_get_for_teacher(classroom_id=classroom_id, user=user)
    enrollments = list(Enrollment.objects.filter(classroom=classroom).select_related("student"))
    rows = Response.objects.filter(
        _SPOT_CLAIM_SUBMITTED,
        attempt__assignment__classroom=classroom,
        attempt__student__enrollments__classroom=classroom,
    ).values_list(*_ANSWER_FIELDS)
    tallies = _tallies([_Answer(*row) for row in rows])
    students = [
        StudentSkills(student=e.student, tally=tallies.get(e.student_id, SkillTally()))
        for e in sorted(enrollments, key=lambda e: name_sort_key(e.student))
    ]
    total = SkillTally()
    for row in students:
        total.add(row.tally)
    return ClassSkillProfile(classroom=classroom, students=students, total=total)
