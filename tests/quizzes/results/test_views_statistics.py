"""The statistics page and CSV through the Django client: the attempt selection, every
figure beside its meaning, flags in words, the CSV's header block, and pinned queries."""

import csv
import html as html_module
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from benchmarks.results_page import build_class
from quizzes.item_analysis import HELP_TEXTS
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    TeacherFactory,
    enrolled_student,
    graded_attempt,
)
from tests.helpers import get_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def klass(setting):
    """Four students on the 3-question quiz (2 points each); Ann tries twice.

    Question 3 is answered right only by the weakest students: discrimination below 0.
    """
    assignment, quiz, (q1, q2, q3) = setting
    quiz.attempts_allowed = 2
    quiz.save()
    ann = enrolled_student(assignment.classroom, username="ann")
    for points in ({q1: 2}, {q1: 2, q2: 2}):
        graded_attempt(assignment=assignment, quiz=quiz, student=ann, points=points)
    for name, points in (("bob", {q1: 2, q2: 2}), ("cy", {q3: 2}), ("di", {q1: 2, q3: 2})):
        graded_attempt(
            assignment=assignment,
            quiz=quiz,
            student=enrolled_student(assignment.classroom, username=name),
            points=points,
        )
    return {"assignment": assignment, "quiz": quiz, "questions": (q1, q2, q3)}


def page_url(klass, **query) -> str:
    url = reverse("results:assignment_statistics", args=[klass["assignment"].pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text_of(html: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return html_module.unescape(re.sub(r" ([:.,;])", r"\1", text))


def help_of(key: str) -> tuple[str, str]:
    """A figure's label and meaning as the page shows them (meaning capitalised)."""
    label, meaning = HELP_TEXTS[key].split(": ", 1)
    return label, meaning[:1].upper() + meaning[1:]


class _Radios(HTMLParser):
    def __init__(self):
        super().__init__()
        self.radios, self.labels, self.hidden = [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "radio":
            self.radios.append(a)
        if tag == "input" and a.get("type") == "hidden":
            self.hidden.append(a)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])


def test_attempt_selection_is_a_labelled_get_form_defaulting_to_all(teacher_client, klass):
    html = get_ok(teacher_client, page_url(klass)).content.decode()
    section = html[html.index('data-testid="attempts-counted"') :]
    form = section[section.index('<form method="get"') : section.index("</form>")]
    parser = _Radios()
    parser.feed(form)
    assert [(r["name"], r["value"]) for r in parser.radios] == [
        ("attempts", "all"),
        ("attempts", "first"),
        ("attempts", "last"),
        ("attempts", "graded"),
    ]
    assert all(r["id"] in parser.labels for r in parser.radios)
    assert [r["value"] for r in parser.radios if "checked" in r] == ["all"]
    assert {"name": "quiz", "value": str(klass["quiz"].pk), "type": "hidden"} in parser.hidden
    assert "The attempts that make each student's grade: each student's highest-scoring" in (
        text_of(form)
    )
    assert "Counts every submitted attempt: 5 attempts by 4 students." in text_of(html)


def test_choosing_first_attempts_counts_one_per_student(teacher_client, klass):
    html = get_ok(teacher_client, page_url(klass, attempts="first")).content.decode()
    text = text_of(html)
    assert (
        "Counts each student's first submitted attempt: 4 attempts by 4 students, of 5 submitted."
        in text
    )
    assert 'value="first" checked' in html
    csv_link = reverse("results:assignment_statistics_csv", args=[klass["assignment"].pk])
    assert f'href="{csv_link}?quiz={klass["quiz"].pk}&amp;attempts=first"' in html


def test_unknown_selection_answers_400(teacher_client, klass):
    response = teacher_client.get(page_url(klass, attempts="best"))
    assert response.status_code == 400


def test_every_test_figure_is_shown_beside_its_meaning(teacher_client, klass):
    html = get_ok(teacher_client, page_url(klass)).content.decode()
    table = html[
        html.index('data-testid="test-figures"') : html.index(
            "</table>", html.index('data-testid="test-figures"')
        )
    ]
    rows = re.findall(r'<tr data-figure="([a-z_]+)">(.*?)</tr>', table, re.S)
    assert [key for key, _row in rows] == [
        "attempts",
        "mean",
        "median",
        "standard_deviation",
        "skewness",
        "kurtosis",
        "cic",
        "error_ratio",
        "standard_error",
    ]
    for key, row in rows:
        label, meaning = help_of(key)
        assert label in row and meaning in html_module.unescape(row)
    row = dict(rows)
    assert "5" in row["attempts"]
    assert "53.3 % (3.20 of 6 points)" in row["mean"]  # (2 + 4 + 4 + 2 + 4) / 5


def test_question_figures_have_every_column_and_a_definition_list(teacher_client, klass):
    html = get_ok(teacher_client, page_url(klass)).content.decode()
    text = text_of(html)
    for column in (
        "Facility",
        "SD",
        "Random guess",
        "Intended weight",
        "Effective weight",
        "Discrimination",
        "Efficiency",
        "Look at",
    ):
        assert f'<th scope="col" class="text-end">{column}</th>' in html or (
            f'<th scope="col">{column}</th>' in html
        )
    for key in (
        "facility",
        "sd",
        "random_guess_score",
        "intended_weight",
        "effective_weight",
        "discrimination",
        "discriminative_efficiency",
    ):
        label, meaning = help_of(key)
        assert f"<dt>{label}</dt><dd>{meaning}</dd>" in html_module.unescape(html)
    assert "Figures for the record (question 1)" in text
    assert "Covariance with the total" in text


def test_negative_discrimination_says_review_this_question_not_colour_alone(teacher_client, klass):
    html = get_ok(teacher_client, page_url(klass)).content.decode()
    article = html[html.index('id="stats-question-3"') :]
    assert 'data-flag="negative_discrimination"' in article
    flag = re.search(r'<li class="cw-flag cw-flag--review"[^>]*>(.*?)</li>', article, re.S)
    assert "Review this question: students who did well on the rest" in flag.group(1)
    overview = html[html.index('data-testid="question-figures"') :]
    assert 'class="cw-row--review"' in overview
    marked = '<span class="cw-flag cw-flag--review"><span aria-hidden="true">⚠ </span>'
    assert marked + "Review this question</span>" in overview


def test_statistics_csv_has_a_header_block_then_a_row_per_question(teacher_client, klass):
    url = reverse("results:assignment_statistics_csv", args=[klass["assignment"].pk])
    response = teacher_client.get(url, {"attempts": "first"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="statistics-class-7b-quiz-'
        + str(klass["quiz"].title.split()[-1])
        + '-first.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = dict(row for row in rows[: rows.index([])] if len(row) == 2)
    assert header["attempts counted"] == "Each student's first submitted attempt"
    assert header["attempt selection"] == "first"
    assert (header["attempts"], header["students"], header["submitted attempts (all)"]) == (
        "4",
        "4",
        "5",
    )
    assert header["classes"] == "Class 7B" and header["maximum points"] == "6.00"
    assert header["mean (% of maximum)"] == "50.00"  # 2 + 4 + 2 + 4 of 24
    for name in (
        "skewness",
        "kurtosis",
        "coefficient of internal consistency (%)",
        "error ratio (%)",
    ):
        assert name in header
    table = rows[rows.index([]) + 1 :]
    assert table[0][:12] == [
        "question position",
        "kind",
        "prompt",
        "max points",
        "attempts",
        "facility (%)",
        "sd (%)",
        "random guess score (%)",
        "intended weight (%)",
        "effective weight (%)",
        "discrimination index",
        "discriminative efficiency (%)",
    ]
    assert "covariance with total (points²)" in table[0] and table[0][-1] == "flags"
    assert [row[0] for row in table[1:]] == ["1", "2", "3"]
    assert table[1][7] == "50.00"  # a blind guess at a two-choice question
    assert table[1][8] == "33.33"
    assert "negative_discrimination" in table[3][-1]


def test_quiz_wide_csv_and_refusals(teacher_client, klass, client):
    quiz = klass["quiz"]
    response = teacher_client.get(reverse("results:quiz_statistics_csv", args=[quiz.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="statistics-all-classes-'
    )
    client.force_login(TeacherFactory())
    assert client.get(reverse("results:quiz_statistics_csv", args=[quiz.pk])).status_code == 404
    url = reverse("results:assignment_statistics_csv", args=[klass["assignment"].pk])
    assert client.get(url).status_code == 404


def test_csv_of_a_lesson_without_a_quiz_is_not_found(teacher, teacher_client):
    assignment = AssignmentFactory(classroom=ClassroomFactory(teachers=[teacher]))
    url = reverse("results:assignment_statistics_csv", args=[assignment.pk])
    assert teacher_client.get(url).status_code == 404


# --- query counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "query", "queries"),
    [
        ("results:assignment_statistics", "", 12),
        ("results:assignment_statistics", "?attempts=first", 12),
        ("results:assignment_statistics", "?attempts=graded", 12),
        ("results:assignment_statistics_csv", "?attempts=last", 13),
    ],
)
def test_statistics_queries_do_not_grow_with_students_or_questions(
    teacher, teacher_client, page, query, queries, query_count, django_assert_num_queries
):
    small = build_class(students=30, questions=5, teacher=teacher)
    large = build_class(students=300, questions=20, teacher=teacher)
    small_url = reverse(page, args=[small["assignment"].pk]) + query
    large_url = reverse(page, args=[large["assignment"].pk]) + query
    assert query_count(get_ok, teacher_client, small_url) == query_count(
        get_ok, teacher_client, large_url
    )
    with django_assert_num_queries(queries):
        get_ok(teacher_client, large_url)


def test_quiz_wide_statistics_queries_do_not_grow(
    teacher, teacher_client, query_count, django_assert_num_queries
):
    small = build_class(students=30, questions=5, teacher=teacher)
    large = build_class(students=300, questions=20, teacher=teacher)
    for name, queries in (("results:quiz_statistics", 12), ("results:quiz_statistics_csv", 12)):
        small_url = reverse(name, args=[small["quiz"].pk]) + "?attempts=first"
        large_url = reverse(name, args=[large["quiz"].pk]) + "?attempts=first"
        assert query_count(get_ok, teacher_client, small_url) == query_count(
            get_ok, teacher_client, large_url
        )
        with django_assert_num_queries(queries):
            get_ok(teacher_client, large_url)


def test_reasons_given_are_counted_per_sentence_at_a_fixed_query_cost(
    teacher, teacher_client, query_count, django_assert_num_queries
):
    """Spot-the-claim questions that ask why show the reasons given for each sentence
    (quizzes.results.reasons): one query more, whatever the class size."""
    from quizzes.models import Question, ResponseSentence

    small = build_class(students=30, questions=5, teacher=teacher)
    large = build_class(students=300, questions=20, teacher=teacher)
    Question.objects.filter(kind="spot_claim").update(ask_reasons=True)
    ResponseSentence.objects.update(reason="no_evidence")
    small_url = reverse("results:assignment_statistics", args=[small["assignment"].pk])
    large_url = reverse("results:assignment_statistics", args=[large["assignment"].pk])
    assert query_count(get_ok, teacher_client, small_url) == query_count(
        get_ok, teacher_client, large_url
    )
    with django_assert_num_queries(13):
        html = get_ok(teacher_client, large_url).content.decode()
    assert '<th scope="col">Reasons given</th>' in html
    assert 'aria-label="Reasons given"' in html and "No evidence is given" in html


def test_demo_quiz_for_a_sample_class_of_30(teacher_client):
    """benchmarks.demo_statistics' class takes the demo quiz through the real services;
    every selection counts one attempt per student except "all", and the page shows them."""
    from benchmarks.demo_statistics import sample_class
    from quizzes.results.statistics import assignment_statistics_get

    built = sample_class(students=30, seed=2026)
    counts = {
        which: assignment_statistics_get(
            assignment_id=built["assignment"].pk, user=built["teacher"], which=which
        )
        for which in ("all", "first", "last", "graded")
    }
    assert counts["all"].students_count == 30 and counts["all"].attempts_count > 30
    assert {counts[w].attempts_count for w in ("first", "last", "graded")} == {30}
    assert counts["first"].test_stats.cic is not None
    teacher_client.force_login(built["teacher"])
    url = reverse("results:assignment_statistics", args=[built["assignment"].pk])
    html = get_ok(teacher_client, url, {"attempts": "graded"}).content.decode()
    assert "30 attempts by 30 students" in text_of(html)
