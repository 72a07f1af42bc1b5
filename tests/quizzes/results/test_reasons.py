"""How often each reason was given per sentence, for the statistics (quizzes/results/reasons.py)."""

import pytest
from django.template.loader import render_to_string

from quizzes.models import Attempt
from quizzes.results.reasons import ReasonCounts, sentence_reason_counts
from tests.quizzes.skills_helpers import class_that_answered

pytestmark = pytest.mark.django_db


def test_reasons_are_counted_per_question_and_sentence_in_one_query(
    query_count, django_assert_num_queries
):
    small, large = class_that_answered(30), class_that_answered(300)

    def counts(answered):
        ids = Attempt.objects.filter(quiz=answered.quiz).values_list("pk", flat=True)
        return sentence_reason_counts(attempt_ids=list(ids))

    assert query_count(counts, small) == query_count(counts, large)
    ids = list(Attempt.objects.filter(quiz=small.quiz).values_list("pk", flat=True))
    with django_assert_num_queries(1):
        result = sentence_reason_counts(attempt_ids=ids)
    s1, s2, s3, s4, _s5 = (s.pk for s in small.sentences)
    by_sentence = result[small.question.pk]
    assert by_sentence[s2] == ReasonCounts(counts={"no_evidence": 30})
    assert by_sentence[s3] == ReasonCounts(counts={"too_vague": 15})
    assert by_sentence[s3].right("inaccurate") == 0
    assert by_sentence[s2].right("unsupported") == 30
    assert by_sentence[s4].total == 10 and by_sentence[s1].total == 6
    assert sentence_reason_counts(attempt_ids=[]) == {}


def test_questions_that_do_not_ask_why_are_left_out():
    answered = class_that_answered(3)
    answered.question.ask_reasons = False
    answered.question.save(update_fields=["ask_reasons"])
    ids = Attempt.objects.filter(quiz=answered.quiz).values_list("pk", flat=True)
    assert sentence_reason_counts(attempt_ids=ids) == {}


def test_the_include_lists_each_reason_with_its_count():
    reasons = ReasonCounts(counts={"too_vague": 2, "no_evidence": 5}, blank=1)
    html = render_to_string("quizzes/results/_sentence_reasons.html", {"reasons": reasons})
    assert html.index("No evidence is given") < html.index("It is too vague to check")
    assert "No reason chosen 1" in html
    empty = render_to_string("quizzes/results/_sentence_reasons.html", {"reasons": None})
    assert "no reasons given" in empty
