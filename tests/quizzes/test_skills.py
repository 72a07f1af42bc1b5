"""Skill profiles (quizzes/skills.py): what a student catches, flags wrongly and why.

The tally is pure; the selectors run a fixed number of queries, pinned exactly and equal
for a class of 30 and of 300. A student sees only their own profile, counted only from
attempts whose answers the review policy has released; a teacher sees only their classes.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.refusals import NotFound
from quizzes.models import Attempt, Quiz
from quizzes.skills import (
    LabelFacts,
    SkillTally,
    class_skill_profile,
    student_skill_profile,
    tally_response,
)
from tests.factories import StudentFactory, TeacherFactory
from tests.helpers import get_ok, signed_in
from tests.quizzes.skills_helpers import PROBLEMS, class_that_answered

LABELS = {
    1: LabelFacts("supported"),
    2: LabelFacts("unsupported"),
    3: LabelFacts("inaccurate", alternative="logical_flaw"),
    4: LabelFacts("supported", contested=True),
    5: LabelFacts("vague"),
    6: LabelFacts(None),  # unlabelled: not in the key, so it holds up as far as grading goes
}


# --- the tally -------------------------------------------------------------------------------


def test_a_response_counts_chances_catches_false_alarms_and_reasons():
    tally = tally_response(
        picked={2, 3, 4, 6},
        reasons={2: "no_evidence", 3: "does_not_follow", 4: "too_vague", 6: "no_evidence"},
        labels=LABELS,
        key_verdicts=PROBLEMS,
        ask_reasons=True,
    )
    assert tally.chances == {"unsupported": 1, "inaccurate": 1, "logical_flaw": 0, "vague": 1}
    assert tally.caught == {"unsupported": 1, "inaccurate": 1, "logical_flaw": 0, "vague": 0}
    assert (tally.false_alarms, tally.sound_shown) == (1, 2)  # 6 flagged of 1 and 6
    assert (tally.reasons_right, tally.reasons_asked) == (2, 2)  # the alternative counts
    assert tally.catch_rate("logical_flaw") is None  # no chance yet, not 0%


def test_contested_sentences_and_unasked_reasons_count_for_nothing():
    tally = tally_response(
        picked={4}, reasons={}, labels=LABELS, key_verdicts=PROBLEMS, ask_reasons=False
    )
    assert tally.false_alarms == 0 and tally.reasons_asked == 0
    assert sum(tally.caught.values()) == 0


def test_tallies_add_up_and_give_rates():
    one = tally_response(
        picked={2}, reasons={2: "too_vague"}, labels=LABELS, key_verdicts=PROBLEMS, ask_reasons=True
    )
    two = tally_response(
        picked={1, 2},
        reasons={2: "no_evidence"},
        labels=LABELS,
        key_verdicts=PROBLEMS,
        ask_reasons=True,
    )
    total = SkillTally().add(one).add(two)
    assert total.answers == 2
    assert total.catch_rate("unsupported") == 100
    assert total.reason_rate == 50
    assert total.false_alarm_rate == 25  # 1 of 4 sound sentences shown
    assert [row.name for row in total.rows] == [
        "Unsupported claims",
        "Factual errors",
        "Logical flaws",
        "Vague claims",
        "False alarms",
        "Reasons right",
    ]


# --- a class, for its teacher ------------------------------------------------------------------


@pytest.mark.django_db
def test_class_profile_rows_per_student_and_for_the_class():
    answered = class_that_answered(10, attempts_each=2)
    profile = class_skill_profile(classroom_id=answered.classroom.pk, user=answered.teacher)
    assert len(profile.students) == 10
    first = profile.students[0]  # student 000: picks 2, 3, the contested 4 and a false alarm
    assert first.tally.answers == 2  # both attempts count; the first picked nothing
    assert (first.tally.caught["unsupported"], first.tally.chances["unsupported"]) == (1, 2)
    total = profile.total
    assert total.answers == 20
    assert (total.caught["unsupported"], total.chances["unsupported"]) == (10, 20)
    assert (total.caught["inaccurate"], total.chances["inaccurate"]) == (5, 20)
    assert (total.caught["vague"], total.chances["vague"]) == (0, 20)
    assert (total.false_alarms, total.sound_shown) == (2, 20)  # students 0 and 5
    assert (total.reasons_right, total.reasons_asked) == (10, 15)


@pytest.mark.django_db
def test_a_teacher_sees_only_the_classes_they_teach():
    answered = class_that_answered(3)
    with pytest.raises(NotFound):
        class_skill_profile(classroom_id=answered.classroom.pk, user=TeacherFactory())


@pytest.mark.django_db
def test_class_profile_queries_are_the_same_for_30_and_300_students(
    query_count, django_assert_num_queries
):
    small, large = class_that_answered(30), class_that_answered(300)

    def profile(answered):
        return class_skill_profile(classroom_id=answered.classroom.pk, user=answered.teacher)

    assert query_count(profile, small) == query_count(profile, large)
    # The class, its students, the answers, the picks, the passages' labels (the teacher
    # check is cached on the user by the first call).
    with django_assert_num_queries(5):
        result = profile(large)
    assert result.total.answers == 300


@pytest.mark.django_db
def test_class_skills_page_shows_a_chart_and_tables_in_fixed_queries(
    query_count, django_assert_num_queries
):
    small, large = class_that_answered(30), class_that_answered(300)
    url = lambda answered: reverse("results:class_skills", args=[answered.classroom.pk])  # noqa: E731
    small_client, large_client = signed_in(small.teacher), signed_in(large.teacher)
    assert query_count(get_ok, small_client, url(small)) == query_count(
        get_ok, large_client, url(large)
    )
    with django_assert_num_queries(8):  # session and user, then the profile's six
        html = get_ok(large_client, url(large)).content.decode()
    assert 'class="cw-chart" role="img"' in html and "Claim-checking skills of" in html
    assert "<caption>The class over 300 submitted answers</caption>" in html
    assert "Student 000" in html
    assert "Unsupported claims" in html and "False alarms" in html


@pytest.mark.django_db
def test_class_skills_page_refuses_other_classes_and_students():
    answered = class_that_answered(2)
    url = reverse("results:class_skills", args=[answered.classroom.pk])
    assert signed_in(TeacherFactory()).get(url).status_code == 404
    assert signed_in(answered.students[0]).get(url).status_code == 403


# --- a student's own, on their dashboard ---------------------------------------------------------


@pytest.mark.django_db
def test_a_student_sees_their_own_profile_on_the_dashboard(django_assert_num_queries):
    answered = class_that_answered(3)
    student = answered.students[1]  # picks sentence 2 only
    profile = student_skill_profile(student=student)
    assert profile.tally.answers == 1 and profile.withheld_attempts == 0
    assert profile.tally.caught["unsupported"] == 1 and profile.tally.false_alarms == 0
    html = get_ok(signed_in(student), reverse("lessons:dashboard")).content.decode()
    assert 'data-testid="skill-profile"' in html
    assert "Your claim-checking skills" in html
    assert "1 of 1" in html  # unsupported claims caught


@pytest.mark.django_db
def test_the_profile_waits_for_the_answers_to_be_released():
    answered = class_that_answered(2)
    Quiz.objects.filter(pk=answered.quiz.pk).update(review_answers=Quiz.ReviewAnswers.AFTER_DUE)
    student = answered.students[0]
    profile = student_skill_profile(student=student)
    assert profile.is_empty and profile.withheld_attempts == 1
    later = answered.assignment.due_at + timedelta(minutes=1)
    assert student_skill_profile(student=student, now=later).tally.answers == 1
    html = get_ok(signed_in(student), reverse("lessons:dashboard")).content.decode()
    assert "1 submitted attempt not counted yet" in html


@pytest.mark.django_db
def test_a_student_profile_is_their_own_and_in_progress_attempts_do_not_count():
    answered = class_that_answered(2)
    Attempt.objects.filter(student=answered.students[1]).update(
        status=Attempt.Status.IN_PROGRESS, submitted_at=None
    )
    assert student_skill_profile(student=answered.students[1]).is_empty
    assert student_skill_profile(student=StudentFactory()).is_empty
    assert student_skill_profile(student=answered.students[0]).tally.answers == 1


@pytest.mark.django_db
def test_student_profile_queries_do_not_grow_with_attempts(query_count, django_assert_num_queries):
    few = class_that_answered(1, attempts_each=1).students[0]
    many = class_that_answered(1, attempts_each=12).students[0]
    profile = lambda student: student_skill_profile(student=student, now=timezone.now())  # noqa: E731
    assert query_count(profile, few) == query_count(profile, many)
    with django_assert_num_queries(3):  # the answers, the picks, the passages' labels
        profile(many)
