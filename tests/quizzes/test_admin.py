"""The quiz admin through the Django client, as a teacher and as a superuser."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Question, Quiz, Response
from tests.factories import (
    AssignmentFactory,
    ChoiceFactory,
    ClaimLabelFactory,
    QuestionFactory,
    QuizFactory,
    SectionFactory,
    SentenceFactory,
    StudentFactory,
    UserFactory,
    lesson_with_sections,
)

pytestmark = pytest.mark.django_db

DEFAULT_VERDICTS = ["unsupported", "inaccurate", "logical_flaw"]


@pytest.fixture(params=["teacher", "superuser"])
def staff_client(request, client):
    """A client signed in as a teacher, then as a superuser."""
    if request.param == "teacher":
        return request.getfixturevalue("teacher_client")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def quiz():
    """A draft quiz on a two-section lesson; part 1's second sentence is labelled unsupported."""
    lesson = lesson_with_sections(sections=2, sentences_per_section=3)
    part1 = lesson.sections.get(position=1)
    ClaimLabelFactory(sentence=part1.sentences.get(position=2), verdict="unsupported")
    ClaimLabelFactory(sentence=part1.sentences.get(position=1), verdict="supported")
    return QuizFactory(lesson=lesson, status="draft", title="Claims quiz")


def single_choice(quiz, position, choices=(("Right", True), ("Wrong", False))):
    question = QuestionFactory(quiz=quiz, position=position, prompt=f"Question at {position}?")
    for index, (text, correct) in enumerate(choices, start=1):
        ChoiceFactory(question=question, position=index, text=text, is_correct=correct)
    return question


def question_data(quiz, *, choices=(), existing=(), **fields):
    """POST data of the question form with its choice inline (management form included)."""
    data = {
        "quiz": quiz.pk,
        "position": "",
        "kind": "single_choice",
        "prompt": "Which is right?",
        "points": "1",
        "explanation": "Because.",
        "section": "",
        "accepted_answers": "",
        "answer_pattern": "",
        "key_verdicts": DEFAULT_VERDICTS,
        "choices-TOTAL_FORMS": str(len(existing) + len(choices)),
        "choices-INITIAL_FORMS": str(len(existing)),
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    rows = [(choice.pk, choice.position, choice.text, choice.is_correct) for choice in existing]
    rows += [(None, "", text, correct) for text, correct in choices]
    for index, (pk, position, text, correct) in enumerate(rows):
        prefix = f"choices-{index}-"
        data[prefix + "position"] = position
        data[prefix + "text"] = text
        data[prefix + "feedback"] = ""
        if correct:
            data[prefix + "is_correct"] = "on"
        if pk:
            data[prefix + "id"] = pk
            data[prefix + "question"] = existing[0].question_id
    return data


ADD_QUESTION = reverse("admin:quizzes_question_add")


def change_question_url(question):
    return reverse("admin:quizzes_question_change", args=[question.pk])


def quiz_url(quiz):
    return reverse("admin:quizzes_quiz_change", args=[quiz.pk])


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- pages render --------------------------------------------------------------------------


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


def test_a_question_is_named_by_its_prompt_cut_at_a_word(quiz):
    """Admin lists and inlines show this name; a cut prompt ends with an ellipsis."""
    long = Question(
        quiz=quiz,
        position=6,
        prompt="Which sentence in “UN Sanctions” is the claim that the voting record "
        "shows to be false?",
    )
    assert str(long) == "Q6. Which sentence in “UN Sanctions” is the claim that the voting record…"
    assert str(Question(quiz=quiz, position=2, prompt="Short?")) == "Q2. Short?"


def test_quiz_change_page_says_what_stops_publishing(staff_client, quiz):
    single_choice(quiz, 1, choices=[("A", True), ("B", True)])
    page = staff_client.get(quiz_url(quiz)).content.decode()
    assert "Before this quiz can be published" in page
    assert "Question 1: A single-choice question needs exactly one right choice" in page


def test_question_add_page_limits_sections_to_the_quizs_lesson(staff_client, quiz):
    foreign = SectionFactory(heading="Somewhere else")
    response = staff_client.get(f"{ADD_QUESTION}?quiz={quiz.pk}")
    assert response.status_code == 200
    sections = list(response.context["adminform"].form.fields["section"].queryset)
    assert sections == list(quiz.lesson.sections.order_by("position"))
    assert foreign.heading not in response.content.decode()


def test_a_student_cannot_open_the_quiz_admin(client, quiz):
    client.force_login(StudentFactory())
    response = client.get(quiz_url(quiz))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- question form: refusals ----------------------------------------------------------------


def test_single_choice_with_two_right_choices_is_refused_on_the_page(staff_client, quiz):
    data = question_data(quiz, choices=[("A", True), ("B", True)])
    response = staff_client.post(ADD_QUESTION, data)
    assert response.status_code == 200
    assert "A single-choice question needs exactly one right choice; this one has 2." in (
        response.content.decode()
    )
    assert not Question.objects.exists()


def test_true_false_without_true_and_false_is_refused(staff_client, quiz):
    data = question_data(quiz, kind="true_false", choices=[("Yes", True), ("No", False)])
    response = staff_client.post(ADD_QUESTION, data)
    assert "exactly two choices, “True” and “False”" in response.content.decode()
    assert not Question.objects.exists()


def test_spot_claim_whose_section_has_no_labelled_sentence_is_refused(staff_client, quiz):
    part2 = quiz.lesson.sections.get(position=2)
    data = question_data(quiz, kind="spot_claim", section=part2.pk)
    response = staff_client.post(ADD_QUESTION, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No sentence of “Part 2” has a claim label with a chosen verdict" in page
    assert not Question.objects.exists()


def test_spot_claim_without_a_section_or_verdicts_is_refused(staff_client, quiz):
    page = staff_client.post(ADD_QUESTION, question_data(quiz, kind="spot_claim")).content.decode()
    assert "needs the section whose sentences students read" in page
    part1 = quiz.lesson.sections.get(position=1)
    data = question_data(quiz, kind="spot_claim", section=part1.pk, key_verdicts=[])
    page = staff_client.post(ADD_QUESTION, data).content.decode()
    assert "Choose at least one verdict" in page
    assert not Question.objects.exists()


def test_a_section_of_another_lesson_is_refused(staff_client, quiz):
    foreign = SectionFactory()
    ClaimLabelFactory(sentence__section=foreign)
    data = question_data(quiz, kind="spot_claim", section=foreign.pk)
    response = staff_client.post(ADD_QUESTION, data)
    assert response.context["adminform"].form.errors["section"]
    assert not Question.objects.exists()


def test_short_answer_without_an_answer_and_with_a_bad_pattern_is_refused(staff_client, quiz):
    data = question_data(quiz, kind="short_answer", accepted_answers="  \n ")
    page = staff_client.post(ADD_QUESTION, data).content.decode()
    assert "Give at least one accepted answer" in page
    data = question_data(quiz, kind="short_answer", answer_pattern="(19")
    page = staff_client.post(ADD_QUESTION, data).content.decode()
    assert "Enter a valid regular expression." in page
    assert not Question.objects.exists()


def test_choices_on_a_short_answer_question_are_refused(staff_client, quiz):
    data = question_data(quiz, kind="short_answer", accepted_answers="1961", choices=[("A", True)])
    page = staff_client.post(ADD_QUESTION, data).content.decode()
    assert "has no choices: delete them" in page
    assert not Question.objects.exists()


def test_kind_of_an_answered_question_cannot_change(staff_client, quiz):
    question = single_choice(quiz, 1)
    assignment = AssignmentFactory(lesson=quiz.lesson)
    attempt = Attempt.objects.create(
        quiz=quiz,
        assignment=assignment,
        student=StudentFactory(),
        number=1,
        started_at=timezone.now(),
        seed=1,
    )
    Response.objects.create(attempt=attempt, question=question)
    data = question_data(
        quiz, kind="multiple_choice", existing=list(question.choices.all()), position="1"
    )
    page = staff_client.post(change_question_url(question), data).content.decode()
    assert "Students have already answered this question, so its kind cannot change." in page
    assert Question.objects.get(pk=question.pk).kind == "single_choice"


# --- question form: saving ---------------------------------------------------------------------


def test_a_valid_single_choice_question_is_saved_with_its_choices(staff_client, quiz):
    single_choice(quiz, 1)
    data = question_data(quiz, choices=[("Beijing", True), ("Seoul", False), ("Tokyo", False)])
    response = staff_client.post(ADD_QUESTION, data)
    assert response.status_code == 302
    assert response["Location"] == quiz_url(quiz)  # back to the quiz after "Save"
    question = Question.objects.get(prompt="Which is right?")
    assert question.position == 2  # no position given: last
    assert question.key_verdicts == []  # not a spot-the-claim question
    assert list(question.choices.values_list("position", "text", "is_correct")) == [
        (1, "Beijing", True),
        (2, "Seoul", False),
        (3, "Tokyo", False),
    ]


def test_a_valid_spot_claim_question_is_saved_and_its_key_previewed(staff_client, quiz):
    part1 = quiz.lesson.sections.get(position=1)
    data = question_data(quiz, kind="spot_claim", section=part1.pk, points="2")
    assert staff_client.post(ADD_QUESTION, data).status_code == 302
    question = Question.objects.get()
    assert (question.kind, question.section, question.key_verdicts) == (
        "spot_claim",
        part1,
        DEFAULT_VERDICTS,
    )
    page = staff_client.get(change_question_url(question)).content.decode()
    assert "1 of the 3 sentences of “Part 1” are in the key." in page
    keyed = part1.sentences.get(position=2).text
    assert '<strong>In the key</strong> <span class="cw-tag cw-tag--unsupported">' in page
    assert keyed in page


def test_save_and_add_another_keeps_the_quiz(staff_client, quiz):
    data = question_data(quiz, choices=[("A", True), ("B", False)], _addanother="1")
    response = staff_client.post(ADD_QUESTION, data)
    assert response["Location"] == f"{ADD_QUESTION}?quiz={quiz.pk}"


def test_accepted_answers_are_edited_one_per_line(staff_client, quiz):
    data = question_data(
        quiz, kind="short_answer", accepted_answers=" 1961 \n\nnineteen sixty-one\n1961"
    )
    assert staff_client.post(ADD_QUESTION, data).status_code == 302
    question = Question.objects.get()
    assert question.accepted_answers == ["1961", "nineteen sixty-one"]
    page = staff_client.get(change_question_url(question)).content.decode()
    assert "1961\nnineteen sixty-one</textarea>" in page


def test_new_spot_claim_form_checks_the_default_verdicts(staff_client, quiz):
    form = staff_client.get(f"{ADD_QUESTION}?quiz={quiz.pk}").context["adminform"].form
    assert form.initial["key_verdicts"] == DEFAULT_VERDICTS


def test_a_question_given_a_taken_position_moves_the_others_down(staff_client, quiz):
    first, second = single_choice(quiz, 1), single_choice(quiz, 2)
    data = question_data(quiz, position="1", choices=[("A", True), ("B", False)])
    assert staff_client.post(ADD_QUESTION, data).status_code == 302
    new = Question.objects.get(prompt="Which is right?")
    assert list(quiz.questions.values_list("pk", "position")) == [
        (new.pk, 1),
        (first.pk, 2),
        (second.pk, 3),
    ]


def test_moving_a_question_and_reordering_its_choices(staff_client, quiz):
    first = single_choice(quiz, 1)
    second = single_choice(quiz, 2, choices=[("A", True), ("B", False), ("C", False)])
    existing = list(second.choices.order_by("position"))
    data = question_data(quiz, existing=existing, position="1")
    data["choices-2-position"] = "1"  # C to the top
    data["choices-1-DELETE"] = "on"  # B goes
    response = staff_client.post(change_question_url(second), data)
    assert response.status_code == 302
    assert list(quiz.questions.values_list("pk", flat=True)) == [second.pk, first.pk]
    assert list(second.choices.values_list("text", "position")) == [("C", 1), ("A", 2)]


def test_an_emptied_position_keeps_the_questions_place(staff_client, quiz):
    first, second = single_choice(quiz, 1), single_choice(quiz, 2)
    data = question_data(quiz, existing=list(first.choices.all()), position="", prompt="Edited?")
    assert staff_client.post(change_question_url(first), data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, first.prompt, second.position) == (1, "Edited?", 2)


def test_deleting_a_question_renumbers_the_rest(staff_client, quiz):
    first, second, third = (single_choice(quiz, p) for p in (1, 2, 3))
    url = reverse("admin:quizzes_question_delete", args=[second.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert list(quiz.questions.values_list("pk", "position")) == [(first.pk, 1), (third.pk, 2)]


# --- quiz change page: inline reorder and publishing -----------------------------------------


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
    empty = QuizFactory(lesson=quiz.lesson, status="draft", title="Empty quiz")
    broken = QuizFactory(lesson=quiz.lesson, status="draft", title="Broken quiz")
    single_choice(broken, 1, choices=[("A", False), ("B", False)])
    response = staff_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "publish", "_selected_action": [quiz.pk, empty.pk, broken.pk]},
    )
    assert response.status_code == 302
    shown = " ".join(texts(response))
    assert "“Empty quiz” was not published:<br>It has no questions yet." in shown
    assert "“Broken quiz” was not published" in shown
    assert "needs exactly one right choice; this one has 0" in shown
    assert "Published 1 quiz." in shown
    statuses = dict(Quiz.objects.values_list("title", "status"))
    assert statuses == {"Claims quiz": "published", "Empty quiz": "draft", "Broken quiz": "draft"}


def test_unpublish_action(staff_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(status="published")
    response = staff_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "unpublish", "_selected_action": [quiz.pk]},
    )
    assert "Unpublished 1 quiz" in " ".join(texts(response))
    assert Quiz.objects.get(pk=quiz.pk).status == "draft"


# --- generating from claim labels ------------------------------------------------------------


def test_generate_action_leads_to_the_intermediate_page(staff_client, quiz):
    response = staff_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "generate_questions", "_selected_action": [quiz.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:quizzes_quiz_generate", args=[quiz.pk])


def test_generate_action_wants_exactly_one_quiz(staff_client, quiz):
    other = QuizFactory(lesson=quiz.lesson)
    response = staff_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "generate_questions", "_selected_action": [quiz.pk, other.pk]},
    )
    assert "Choose exactly one quiz" in " ".join(texts(response))


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
    shown = " ".join(texts(response))
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


# --- query counts ------------------------------------------------------------------------------

# Every admin page: session, user, user and group permissions, the Teachers-group check.
# Changelist: + lesson filter, two counts (page and total), the page of quizzes with their
# question counts. Quiz page: + quiz, questions with sections (inline), publication check
# (questions, choices, labels), lessons for the select. Question page: + question, choices,
# sections of the quiz's lesson; a spot-the-claim question adds the passage for its key.
QUERIES_QUIZ_CHANGELIST = 9
QUERIES_QUIZ_CHANGE = 10
QUERIES_QUESTION_CHANGE = 8
QUERIES_SPOT_CLAIM_CHANGE = 9


def many_quizzes(count):
    lesson = lesson_with_sections(sections=1)
    for n in range(count):
        quiz = QuizFactory(lesson=lesson, title=f"Quiz {n:03}")
        single_choice(quiz, 1)


def test_quiz_changelist_query_count_does_not_grow_with_quizzes(
    teacher_client, django_assert_num_queries
):
    url = reverse("admin:quizzes_quiz_changelist")
    many_quizzes(5)
    teacher_client.get(url)  # warm the per-process caches (content types, permissions)
    with django_assert_num_queries(QUERIES_QUIZ_CHANGELIST):
        assert teacher_client.get(url).status_code == 200
    many_quizzes(45)
    with django_assert_num_queries(QUERIES_QUIZ_CHANGELIST):
        response = teacher_client.get(url)
    assert len(response.context["cl"].result_list) == 50


def test_quiz_change_page_query_count_does_not_grow_with_questions(
    teacher_client, quiz, django_assert_num_queries
):
    for position in range(1, 6):
        single_choice(quiz, position)
    teacher_client.get(quiz_url(quiz))  # warm the per-process caches
    with django_assert_num_queries(QUERIES_QUIZ_CHANGE):
        assert teacher_client.get(quiz_url(quiz)).status_code == 200
    for position in range(6, 51):
        single_choice(quiz, position)
    with django_assert_num_queries(QUERIES_QUIZ_CHANGE):
        response = teacher_client.get(quiz_url(quiz))
    assert response.content.decode().count("Question at") >= 50


def test_question_change_page_query_count_does_not_grow_with_choices(
    teacher_client, quiz, django_assert_num_queries
):
    question = single_choice(quiz, 1, choices=[(f"Choice {n}", n == 1) for n in range(1, 6)])
    part1 = quiz.lesson.sections.get(position=1)
    spot = QuestionFactory(
        quiz=quiz, position=2, kind="spot_claim", section=part1, key_verdicts=DEFAULT_VERDICTS
    )
    teacher_client.get(change_question_url(question))  # warm the per-process caches
    with django_assert_num_queries(QUERIES_QUESTION_CHANGE):
        assert teacher_client.get(change_question_url(question)).status_code == 200
    for n in range(6, 51):
        ChoiceFactory(question=question, position=n, text=f"Choice {n}")
    with django_assert_num_queries(QUERIES_QUESTION_CHANGE):
        response = teacher_client.get(change_question_url(question))
    assert response.content.decode().count("Choice 50") >= 1

    # A spot-the-claim page (with its key preview) costs the same whatever the passage length.
    with django_assert_num_queries(QUERIES_SPOT_CLAIM_CHANGE):
        assert teacher_client.get(change_question_url(spot)).status_code == 200
    for n in range(4, 51):
        sentence = SentenceFactory(section=part1, position=n, text=f"Long passage sentence {n}.")
        ClaimLabelFactory(sentence=sentence, verdict="inaccurate")
    with django_assert_num_queries(QUERIES_SPOT_CLAIM_CHANGE):
        response = teacher_client.get(change_question_url(spot))
    assert "48 of the 50 sentences of “Part 1” are in the key." in response.content.decode()
