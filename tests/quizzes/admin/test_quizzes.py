"""The quiz admin through the Django client: the changelist, the quiz page with its
questions inline, publishing, and generating questions from claim labels."""

from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.models import Quiz
from tests.factories import (
    QuizFactory,
    SectionFactory,
    StudentFactory,
    UserFactory,
    lesson_with_sections,
)
from tests.helpers import get_ok, shown_messages
from tests.quizzes.admin.helpers import (
    ADD_QUESTION,
    DEFAULT_VERDICTS,
    change_question_url,
    quiz_url,
    single_choice,
)

pytestmark = pytest.mark.django_db


# --- pages render ---------------------------------------------------------------------


def test_quiz_changelist_shows_title_lesson_status_and_question_count(staff_client, quiz):
    single_choice(quiz, 1)
    single_choice(quiz, 2)
    response = staff_client.get(reverse("admin:quizzes_quiz_changelist"))
    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert (row.title, row.question_count) == ("Claims quiz", 2)
    page = response.content.decode()
    assert quiz.lesson.title in page and "Draft" in page
    assert "Generate questions from claim labels…" in page  # the action is offered


def test_quiz_change_page_lists_questions_in_order_with_edit_links(staff_client, quiz):
    later = single_choice(quiz, 2)
    first = single_choice(quiz, 1)
    response = staff_client.get(quiz_url(quiz))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Question at 1?") < page.index("Question at 2?")
    for question in (first, later):
        assert change_question_url(question) in page
    assert f"{ADD_QUESTION}?quiz={quiz.pk}" in page
    assert reverse("admin:quizzes_quiz_generate", args=[quiz.pk]) in page
    assert "Attempts and time" in page and "Grading and review" in page


def test_quiz_change_page_says_what_stops_publishing(staff_client, quiz):
    single_choice(quiz, 1, choices=[("A", True), ("B", True)])
    page = staff_client.get(quiz_url(quiz)).content.decode()
    assert "Before this quiz can be published" in page
    assert "Question 1: A single-choice question needs exactly one right choice" in page


def test_a_student_cannot_open_the_quiz_admin(client, quiz):
    client.force_login(StudentFactory())
    response = client.get(quiz_url(quiz))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- quiz change page: inline reorder and publishing ----------------------------------


def quiz_data(quiz, questions, **fields):
    data = {
        "lesson": quiz.lesson_id,
        "title": quiz.title,
        "description": "",
        "status": quiz.status,
        "attempts_allowed": "1",
        "time_limit_minutes": "",
        "layout": "all",
        "grading_method": "highest",
        "review_answers": "immediately",
        "review_score": "immediately",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        prefix = f"questions-{index}-"
        data[prefix + "id"] = question.pk
        data[prefix + "quiz"] = quiz.pk
        data[prefix + "position"] = question.position
        data[prefix + "prompt"] = question.prompt
        data[prefix + "points"] = question.points
    data.update(fields)
    return data


def test_swapping_two_questions_in_the_quiz_inline_renumbers_them(staff_client, quiz):
    first, second, third = (single_choice(quiz, p) for p in (1, 2, 3))
    data = quiz_data(quiz, [first, second, third])
    data["questions-0-position"] = "2"
    data["questions-1-position"] = "1"
    data["questions-2-points"] = "4"
    response = staff_client.post(quiz_url(quiz), data)
    assert response.status_code == 302, response.context["errors"]
    assert list(quiz.questions.values_list("pk", "position")) == [
        (second.pk, 1),
        (first.pk, 2),
        (third.pk, 3),
    ]
    third.refresh_from_db()
    assert third.points == Decimal("4")


def test_publishing_through_the_form_is_refused_for_an_inconsistent_quiz(staff_client, quiz):
    bad = single_choice(quiz, 1, choices=[("A", True), ("B", True)])
    response = staff_client.post(quiz_url(quiz), quiz_data(quiz, [bad], status="published"))
    assert response.status_code == 200
    assert "Question 1: A single-choice question needs exactly one right choice" in (
        response.content.decode()
    )
    assert Quiz.objects.get(pk=quiz.pk).status == "draft"


def test_a_new_quiz_cannot_be_published_before_it_has_questions(staff_client, quiz):
    data = quiz_data(quiz, [], status="published", title="Fresh")
    response = staff_client.post(reverse("admin:quizzes_quiz_add"), data)
    assert "add its questions before publishing" in response.content.decode()
    assert not Quiz.objects.filter(title="Fresh").exists()


def test_publish_action_refuses_empty_and_invalid_quizzes_and_publishes_the_rest(
    staff_client, quiz
):
    single_choice(quiz, 1)
    empty = QuizFactory(lesson=quiz.lesson, status="draft", title="Empty quiz", owner=quiz.owner)
    broken = QuizFactory(lesson=quiz.lesson, status="draft", title="Broken quiz", owner=quiz.owner)
    single_choice(broken, 1, choices=[("A", False), ("B", False)])
    someone_elses = QuizFactory(lesson=quiz.lesson, status="draft", title="Not mine")
    single_choice(someone_elses, 1)
    response = staff_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {
            "action": "publish",
            "_selected_action": [quiz.pk, empty.pk, broken.pk, someone_elses.pk],
        },
    )
    assert response.status_code == 302
    shown = " ".join(shown_messages(response))
    assert "“Empty quiz” was not published:<br>It has no questions yet." in shown
    assert "“Broken quiz” was not published" in shown
    assert "needs exactly one right choice; this one has 0" in shown
    statuses = dict(Quiz.objects.values_list("title", "status"))
    if staff_client.session.get("_auth_user_id") == str(quiz.owner_id):
        assert "“Not mine” was not changed: only its owner and co-editors change it." in shown
        assert "Published 1 quiz." in shown
        assert statuses["Not mine"] == "draft"
    else:  # a superuser changes anyone's quiz
        assert "Published 2 quizzes." in shown
        assert statuses["Not mine"] == "published"
    assert {k: v for k, v in statuses.items() if k != "Not mine"} == {
        "Claims quiz": "published",
        "Empty quiz": "draft",
        "Broken quiz": "draft",
    }


def test_unpublish_action(staff_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(status="published")
    response = staff_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "unpublish", "_selected_action": [quiz.pk]},
    )
    assert "Unpublished 1 quiz" in " ".join(shown_messages(response))
    assert Quiz.objects.get(pk=quiz.pk).status == "draft"


# --- generating from claim labels -----------------------------------------------------


def test_generate_action_leads_to_the_intermediate_page(staff_client, quiz):
    response = staff_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "generate_questions", "_selected_action": [quiz.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:quizzes_quiz_generate", args=[quiz.pk])


def test_generate_action_wants_exactly_one_quiz(staff_client, quiz):
    other = QuizFactory(lesson=quiz.lesson, owner=quiz.owner)
    response = staff_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "generate_questions", "_selected_action": [quiz.pk, other.pk]},
    )
    assert "Choose exactly one quiz" in " ".join(shown_messages(response))


def test_generate_page_shows_each_sections_key_size(staff_client, quiz):
    response = staff_client.get(reverse("admin:quizzes_quiz_generate", args=[quiz.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "1. Part 1 — 1 in the key (1 unsupported); 1 supported" in page
    assert "2. Part 2 — no labelled sentence" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.count('type="checkbox" name="sections"') == 2


def test_generate_page_post_creates_questions_and_reports_skips(staff_client, quiz):
    existing = single_choice(quiz, 1)
    part1, part2 = quiz.lesson.sections.order_by("position")
    url = reverse("admin:quizzes_quiz_generate", args=[quiz.pk])
    response = staff_client.post(
        url,
        {
            "sections": [part1.pk, part2.pk],
            "kinds": ["spot_claim", "single_choice"],
            "key_verdicts": DEFAULT_VERDICTS,
            "points": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == quiz_url(quiz)
    generated = list(quiz.questions.exclude(pk=existing.pk).order_by("position"))
    assert [(q.position, q.kind, q.section) for q in generated] == [
        (2, "spot_claim", part1),
        (3, "single_choice", part1),
    ]
    shown = " ".join(shown_messages(response))
    assert "Created 1 spot-the-claim question and 1 which-sentence question." in shown
    assert f'<a href="{change_question_url(generated[0])}">Q2</a>' in shown
    assert "Skipped 1:<br>Part 2: no sentence has a claim label" in shown
    # Generated questions are editable like any other.
    assert staff_client.get(change_question_url(generated[1])).status_code == 200


def test_generate_page_refuses_a_section_of_another_lesson(staff_client, quiz):
    foreign = SectionFactory()
    url = reverse("admin:quizzes_quiz_generate", args=[quiz.pk])
    response = staff_client.post(
        url, {"sections": [foreign.pk], "kinds": ["spot_claim"], "key_verdicts": DEFAULT_VERDICTS}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sections"]
    assert not quiz.questions.exists()


def test_generate_page_needs_change_and_add_permission(client, quiz):
    client.force_login(UserFactory(is_staff=True))  # staff, but not a teacher
    url = reverse("admin:quizzes_quiz_generate", args=[quiz.pk])
    assert client.get(url).status_code == 403
    part1 = quiz.lesson.sections.get(position=1)
    data = {"sections": [part1.pk], "kinds": ["spot_claim"], "key_verdicts": DEFAULT_VERDICTS}
    assert client.post(url, data).status_code == 403
    assert not quiz.questions.exists()


# --- query counts ---------------------------------------------------------------------


# Every admin page: session, user, user and group permissions, the Teachers-group check.
# Changelist: + lesson filter, two counts (page and total), the page of quizzes with their
# question counts. Quiz page: + quiz, questions with sections (inline), publication check
# (questions, choices, labels), lessons for the select, and who may change it: the owner's
# name, the co-editors and the teachers to choose from (question page: test_questions.py).
QUERIES_QUIZ_CHANGELIST = 9
QUERIES_QUIZ_CHANGE = 13


def many_quizzes(count):
    lesson = lesson_with_sections(sections=1)
    for n in range(count):
        quiz = QuizFactory(lesson=lesson, title=f"Quiz {n:03}")
        single_choice(quiz, 1)


def test_quiz_changelist_query_count_does_not_grow_with_quizzes(
    teacher_client, query_count, django_assert_num_queries
):
    url = reverse("admin:quizzes_quiz_changelist")
    many_quizzes(5)
    get_ok(teacher_client, url)  # warm the per-process caches (content types, permissions)
    small = query_count(get_ok, teacher_client, url)
    many_quizzes(45)
    assert query_count(get_ok, teacher_client, url) == small
    with django_assert_num_queries(QUERIES_QUIZ_CHANGELIST):
        response = get_ok(teacher_client, url)
    assert len(response.context["cl"].result_list) == 50


def test_quiz_change_page_query_count_does_not_grow_with_questions(
    teacher_client, quiz, query_count, django_assert_num_queries
):
    for position in range(1, 6):
        single_choice(quiz, position)
    get_ok(teacher_client, quiz_url(quiz))  # warm the per-process caches
    small = query_count(get_ok, teacher_client, quiz_url(quiz))
    for position in range(6, 51):
        single_choice(quiz, position)
    assert query_count(get_ok, teacher_client, quiz_url(quiz)) == small
    with django_assert_num_queries(QUERIES_QUIZ_CHANGE):
        response = get_ok(teacher_client, quiz_url(quiz))
    assert response.content.decode().count("Question at") >= 50
