"""Teachers' results pages: what they show, overrides, refusals, and pinned query counts."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from benchmarks.results_page import build_class
from quizzes.models import Response, ResponseChoice, ResponseSentence, ScoreOverride
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ChoiceFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    SentenceFactory,
    StudentFactory,
    TeacherFactory,
    enrolled_student,
    graded_attempt,
    lesson_with_sections,
)
from tests.helpers import get_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def klass(teacher):
    """A class of two students (one submitted, one never started) and a mixed quiz."""
    lesson = lesson_with_sections(sections=2, sentences_per_section=0, title="The Article")
    section = lesson.sections.get(position=1)
    sentences = [
        SentenceFactory(section=section, position=n, text=f"Claim number {n}.") for n in range(1, 4)
    ]
    ClaimLabelFactory(sentence=sentences[0], verdict="unsupported", explanation="No source.")
    ClaimLabelFactory(sentence=sentences[1], verdict="opinion", explanation="A view.")
    classroom = ClassroomFactory(name="Class 7B", teachers=[teacher])
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    quiz = QuizFactory(lesson=lesson, title="Checking claims")
    choice_q = QuestionFactory(quiz=quiz, position=1, points=1, prompt="Which is right?")
    right = ChoiceFactory(question=choice_q, position=1, text="The right one", is_correct=True)
    ChoiceFactory(question=choice_q, position=2, text="The wrong one")
    spot_q = QuestionFactory(
        quiz=quiz, position=2, kind="spot_claim", section=section, points=2, prompt="Spot it."
    )
    ada = enrolled_student(classroom, username="ada", first_name="Ada", last_name="Lovelace")
    enrolled_student(classroom, username="bob", first_name="Bob", last_name="Zed")
    attempt = graded_attempt(
        assignment=assignment, quiz=quiz, student=ada, points={choice_q: 1, spot_q: 1}
    )
    ResponseChoice.objects.create(
        response=Response.objects.get(attempt=attempt, question=choice_q), choice=right
    )
    ResponseSentence.objects.create(
        response=Response.objects.get(attempt=attempt, question=spot_q), sentence=sentences[2]
    )
    return {"assignment": assignment, "quiz": quiz, "attempt": attempt, "spot_q": spot_q}


def _urls(klass) -> dict[str, str]:
    assignment, quiz, attempt = klass["assignment"], klass["quiz"], klass["attempt"]
    return {
        "results": reverse("results:assignment_results", args=[assignment.pk]),
        "results_csv": reverse("results:assignment_results_csv", args=[assignment.pk]),
        "responses_csv": reverse("results:assignment_responses_csv", args=[assignment.pk]),
        "statistics": reverse("results:assignment_statistics", args=[assignment.pk]),
        "quiz_statistics": reverse("results:quiz_statistics", args=[quiz.pk]),
        "attempt": reverse("results:attempt_detail", args=[attempt.pk]),
    }


def _override_url(klass, position=1) -> str:
    response = Response.objects.get(attempt=klass["attempt"], question__position=position)
    return reverse("results:response_override", args=[response.pk])


# --- what the pages show ------------------------------------------------------------


def test_results_page_lists_every_enrolled_student_with_links(teacher_client, klass):
    page = teacher_client.get(_urls(klass)["results"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ada Lovelace" in html and "Bob Zed" in html
    assert "not started" in html and "submitted" in html
    assert reverse("results:attempt_detail", args=[klass["attempt"].pk]) in html
    assert "2.00 / 3.00" in html  # Ada's grade
    assert 'aria-sort="ascending"' in html  # sorted by name by default
    assert f"?quiz={klass['quiz'].pk}&amp;sort=-score" in html
    assert "Download results (CSV)" in html and "1 of 2" in html


def test_results_page_sorts_on_the_server(teacher_client, klass):
    html = teacher_client.get(_urls(klass)["results"], {"sort": "-name"}).content.decode()
    assert html.index("Bob Zed") < html.index("Ada Lovelace")
    assert 'aria-sort="descending"' in html


def test_results_page_escapes_student_names(teacher_client, klass):
    enrolled_student(
        klass["assignment"].classroom, username="x", first_name="<script>alert(1)</script>"
    )
    html = teacher_client.get(_urls(klass)["results"]).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_bad_and_foreign_quiz_parameters(teacher_client, klass):
    url = _urls(klass)["results"]
    assert teacher_client.get(url, {"quiz": "abc"}).status_code == 400
    assert teacher_client.get(url, {"quiz": "-3"}).status_code == 400
    assert teacher_client.get(url, {"quiz": "0"}).status_code == 400
    assert teacher_client.get(url, {"quiz": QuizFactory().pk}).status_code == 404
    assert teacher_client.get(url, {"quiz": klass["quiz"].pk}).status_code == 200


def test_attempt_detail_shows_the_key_with_claim_labels_and_a_form_per_response(
    teacher_client, klass
):
    html = teacher_client.get(_urls(klass)["attempt"]).content.decode()
    assert "Correct answer" in html and "Picked" in html
    assert 'class="cw-claim cw-claim--unsupported"' in html
    assert 'class="cw-tag cw-tag--unsupported"' in html and "cw-tag--opinion" in html
    assert "Missed" in html and "Not in the key" in html
    assert html.count('name="csrfmiddlewaretoken"') >= 3  # two forms and sign-out
    response = Response.objects.get(attempt=klass["attempt"], question__position=2)
    assert f'for="id_r{response.pk}-points"' in html
    assert f'for="id_r{response.pk}-comment"' in html
    assert 'data-testid="attempt-total">2.00 / 3.00' in html


def test_override_changes_the_total_and_shows_in_the_log(teacher_client, teacher, klass):
    url = _override_url(klass, position=2)
    response = Response.objects.get(attempt=klass["attempt"], question__position=2)
    posted = teacher_client.post(
        url, {f"r{response.pk}-points": "2", f"r{response.pk}-comment": "Fair pick"}
    )
    assert posted.status_code == 302
    assert posted["Location"].endswith(f"{_urls(klass)['attempt']}#question-2")

    html = teacher_client.get(_urls(klass)["attempt"]).content.decode()
    assert 'data-testid="attempt-total">3.00 / 3.00' in html
    assert "Saved the points for question 2." in html
    assert "1.00 → 2.00" in html and "Fair pick" in html
    assert ScoreOverride.objects.get().teacher == teacher


def test_override_out_of_range_is_a_form_error_and_changes_nothing(teacher_client, klass):
    response = Response.objects.get(attempt=klass["attempt"], question__position=2)
    page = teacher_client.post(
        _override_url(klass, position=2),
        {f"r{response.pk}-points": "2.5", f"r{response.pk}-comment": ""},
    )
    assert page.status_code == 400
    assert "Ensure this value is less than or equal to 2" in page.content.decode()
    response.refresh_from_db()
    assert response.override_points is None and not ScoreOverride.objects.exists()


def test_override_needs_a_post_with_a_csrf_token(teacher, klass):
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    url = _override_url(klass)
    assert client.get(url).status_code == 405
    assert client.post(url, {}).status_code == 403


def test_override_of_an_attempt_in_progress_is_refused_with_a_message(teacher_client, klass):
    busy = AttemptFactory(assignment=klass["assignment"], quiz=klass["quiz"], status="in_progress")
    response = Response.objects.create(attempt=busy, question=klass["spot_q"])
    page = teacher_client.post(
        reverse("results:response_override", args=[response.pk]),
        {f"r{response.pk}-points": "1"},
    )
    assert page.status_code == 400
    assert "still in progress" in page.content.decode()


def test_statistics_page_draws_charts_with_text_tables(teacher_client, klass):
    html = teacher_client.get(_urls(klass)["statistics"]).content.decode()
    assert html.count("<svg") == 4  # histogram, facility, and one per question
    assert html.count("<figure") == 4 and html.count("<caption") >= 4
    assert 'id="score-histogram-title"' in html
    assert "every submitted attempt" in html
    assert "Needs at least two submitted attempts." in html
    assert "Claim number 1." in html and "cw-tag--unsupported" in html


def test_statistics_name_each_question_and_its_table_apart(teacher_client, klass):
    """Spot-the-claim bars are named by passage, and every table's caption by question,
    so two questions with the same prompt never look alike (or share a landmark name)."""
    html = teacher_client.get(_urls(klass)["statistics"]).content.decode()
    heading = klass["spot_q"].section.display_heading
    assert f"Q2. Spot the claim: {heading}" in html
    assert "Question 1: choices picked in 1 submitted attempt" in html
    assert "Question 2: sentences picked and missed in 1 submitted attempt" in html


def test_quiz_statistics_page_names_the_classes_included(teacher_client, klass, teacher):
    other = AssignmentFactory(
        lesson=klass["assignment"].lesson,
        classroom=ClassroomFactory(name="Class 9Z", teachers=[teacher]),
    )
    assert other.pk
    html = teacher_client.get(_urls(klass)["quiz_statistics"]).content.decode()
    assert "Class 7B (1 attempt)" in html and "Class 9Z (0 attempts)" in html


def test_index_lists_only_the_teachers_assignments(
    teacher_client, klass, django_assert_num_queries
):
    foreign = AssignmentFactory(classroom=ClassroomFactory(teachers=[TeacherFactory()]))
    with django_assert_num_queries(4):
        html = get_ok(teacher_client, reverse("results:index")).content.decode()
    assert reverse("results:assignment_results", args=[klass["assignment"].pk]) in html
    assert reverse("results:assignment_results", args=[foreign.pk]) not in html
    assert "1 of 2 submitted" in html


def test_pages_of_a_lesson_without_a_quiz_say_so(teacher_client, teacher):
    assignment = AssignmentFactory(
        lesson=lesson_with_sections(sections=2), classroom=ClassroomFactory(teachers=[teacher])
    )
    enrolled_student(assignment.classroom, username="solo", first_name="Solo", last_name="S")
    results = teacher_client.get(reverse("results:assignment_results", args=[assignment.pk]))
    html = results.content.decode()
    assert "no published quiz yet" in html and "Solo S" in html and "0 / 2" in html
    assert "Download results (CSV)" not in html
    statistics = teacher_client.get(reverse("results:assignment_statistics", args=[assignment.pk]))
    assert statistics.status_code == 200
    assert "no published quiz yet" in statistics.content.decode()


# --- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["results", "results_csv", "responses_csv", "statistics", "quiz_statistics", "attempt"]
)
def test_every_results_url_is_refused_to_other_teachers_students_and_anonymous(client, klass, name):
    url = _urls(klass)[name]
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    client.force_login(TeacherFactory())
    assert client.get(url).status_code == 404

    client.force_login(klass["attempt"].student)  # even the student who made the attempt
    assert client.get(url).status_code == 404


def test_override_post_is_refused_to_other_teachers_students_and_anonymous(client, klass):
    url = _override_url(klass)
    response = Response.objects.get(attempt=klass["attempt"], question__position=1)
    data = {f"r{response.pk}-points": "0"}
    assert client.post(url, data)["Location"].startswith(reverse("login"))
    for user in (TeacherFactory(), klass["attempt"].student, StudentFactory()):
        client.force_login(user)
        assert client.post(url, data).status_code == 404
    response.refresh_from_db()
    assert response.override_points is None


def test_index_is_for_teachers_only(client):
    client.force_login(StudentFactory())
    assert client.get(reverse("results:index")).status_code == 403


# --- query counts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        ("results:assignment_results", 12),
        ("results:assignment_statistics", 12),
        ("results:assignment_results_csv", 12),
        ("results:assignment_responses_csv", 8),
    ],
)
def test_pages_run_the_same_queries_for_30_and_300_students(
    teacher, teacher_client, page, queries, query_count, django_assert_num_queries
):
    small = build_class(students=30, questions=5, teacher=teacher)
    large = build_class(students=300, questions=5, teacher=teacher)
    small_url = reverse(page, args=[small["assignment"].pk])
    large_url = reverse(page, args=[large["assignment"].pk])

    assert query_count(get_ok, teacher_client, small_url) == query_count(
        get_ok, teacher_client, large_url
    )
    with django_assert_num_queries(queries):
        get_ok(teacher_client, large_url)


def test_quiz_statistics_and_attempt_detail_queries_do_not_grow(
    teacher, teacher_client, query_count, django_assert_num_queries
):
    small = build_class(students=30, questions=5, teacher=teacher)
    large = build_class(students=300, questions=20, teacher=teacher)
    for name, small_arg, large_arg, queries in (
        ("results:quiz_statistics", small["quiz"].pk, large["quiz"].pk, 12),
        (
            "results:attempt_detail",
            small["quiz"].attempts.first().pk,
            large["quiz"].attempts.first().pk,
            12,
        ),
    ):
        small_url = reverse(name, args=[small_arg])
        large_url = reverse(name, args=[large_arg])
        assert query_count(get_ok, teacher_client, small_url) == query_count(
            get_ok, teacher_client, large_url
        )
        with django_assert_num_queries(queries):
            get_ok(teacher_client, large_url)


def test_statistics_count_a_large_class(teacher, teacher_client):
    built = build_class(students=60, questions=5, teacher=teacher)
    html = teacher_client.get(
        reverse("results:assignment_statistics", args=[built["assignment"].pk])
    ).content.decode()
    assert "60 attempts by 60 students" in re.sub(r"\s+", " ", html)


# --- results that lead somewhere (issue 12) ---------------------------------------------


def test_a_students_name_opens_their_latest_attempt(teacher_client, klass):
    second = AttemptFactory(
        assignment=klass["assignment"],
        quiz=klass["quiz"],
        student=klass["attempt"].student,
        number=2,
        status="in_progress",
    )
    html = teacher_client.get(_urls(klass)["results"]).content.decode()
    link = re.search(r'<a href="([^"]+)" data-testid="student-link">Ada Lovelace</a>', html)
    assert link and link.group(1) == reverse("results:attempt_detail", args=[second.pk])
    assert ">Bob Zed<" not in html.split('data-testid="student-link">')[-1].split("</a>")[0]


def test_sample_attempts_are_marked_sample_for_the_teacher(teacher_client, klass):
    attempt = klass["attempt"]
    attempt.is_sample = True
    attempt.save(update_fields=["is_sample"])
    assert ">sample</span>" in teacher_client.get(_urls(klass)["results"]).content.decode()
    assert ">sample</span>" in teacher_client.get(_urls(klass)["attempt"]).content.decode()


def test_attempt_page_opens_with_marks_and_collapsed_adjust_forms(teacher_client, klass):
    html = teacher_client.get(_urls(klass)["attempt"]).content.decode()
    jump = html.split('data-testid="attempt-jump-list"')[1].split("</ol>")[0]
    assert 'href="#question-1"' in jump and 'href="#question-2"' in jump
    assert "1 / 1" in jump and "1 / 2" in jump
    assert "cw-jump--full" in jump and "cw-jump--partial" in jump
    assert html.count('<details class="cw-adjust"') == 2
    assert '<details class="cw-adjust" id="question-2-adjust" open' not in html
    assert "Time taken" in html


def test_attempt_page_links_the_next_and_previous_students(teacher_client, klass):
    assignment, quiz = klass["assignment"], klass["quiz"]
    bob = assignment.classroom.enrollments.get(student__username="bob").student
    bobs = graded_attempt(assignment=assignment, quiz=quiz, student=bob, points={})
    html = teacher_client.get(_urls(klass)["attempt"]).content.decode()
    assert f'href="{reverse("results:attempt_detail", args=[bobs.pk])}" rel="next"' in html
    assert 'rel="prev"' not in html
    pager = html.split('aria-label="Other students"')[1].split("</nav>")[0]
    assert pager.count("<li") == 1  # no empty item in front of "Next" (it indented the button)
    back = teacher_client.get(reverse("results:attempt_detail", args=[bobs.pk])).content.decode()
    assert f'href="{_urls(klass)["attempt"]}" rel="prev"' in back
    assert 'rel="next"' not in back


def test_an_invalid_override_opens_its_form_with_focus_and_a_summary(teacher_client, klass):
    response = Response.objects.get(attempt=klass["attempt"], question__position=2)
    page = teacher_client.post(
        _override_url(klass, position=2),
        {f"r{response.pk}-points": "9", f"r{response.pk}-comment": "Too generous"},
    )
    html = page.content.decode()
    assert page.status_code == 400
    alert = html.split('data-testid="override-problem"')[1].split("</div>")[0]
    assert "question 2 were not saved" in alert and 'href="#question-2-adjust"' in alert
    assert '<details class="cw-adjust" id="question-2-adjust" open>' in html
    field = re.search(rf'<input[^>]*name="r{response.pk}-points"[^>]*>', html).group(0)
    assert "autofocus" in field
    assert "Too generous" in html  # what was typed is kept
    # Only the failing form is open, and only its field takes the focus.
    assert html.count(" open>") == 1 and html.count("autofocus") == 1
