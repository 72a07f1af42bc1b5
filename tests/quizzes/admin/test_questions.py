"""The question admin through the Django client: the kind-aware question form with its
choices, its refusals, saving and positions, and the spot-the-claim key preview."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Question, Response
from tests.factories import (
    AssignmentFactory,
    ChoiceFactory,
    ClaimLabelFactory,
    QuestionFactory,
    SectionFactory,
    SentenceFactory,
    StudentFactory,
)
from tests.helpers import get_ok
from tests.quizzes.admin.helpers import (
    ADD_QUESTION,
    DEFAULT_VERDICTS,
    change_question_url,
    question_data,
    quiz_url,
    single_choice,
)

pytestmark = pytest.mark.django_db


# --- pages render ---------------------------------------------------------------------


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


def test_question_add_page_limits_sections_to_the_quizs_lesson(staff_client, quiz):
    foreign = SectionFactory(heading="Somewhere else")
    response = staff_client.get(f"{ADD_QUESTION}?quiz={quiz.pk}")
    assert response.status_code == 200
    sections = list(response.context["adminform"].form.fields["section"].queryset)
    assert sections == list(quiz.lesson.sections.order_by("position"))
    assert foreign.heading not in response.content.decode()


# --- question form: refusals ----------------------------------------------------------


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


# --- question form: saving ------------------------------------------------------------


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


# --- query counts ---------------------------------------------------------------------


# Every admin page: session, user, user and group permissions, the Teachers-group check.
# Question page: + question, choices, sections of the quiz's lesson, whether students have
# answered it (which locks its key); a spot-the-claim question adds the passage for its key.
QUERIES_QUESTION_CHANGE = 9
QUERIES_SPOT_CLAIM_CHANGE = 10


def test_question_change_page_query_count_does_not_grow_with_choices(
    teacher_client, quiz, query_count, django_assert_num_queries
):
    question = single_choice(quiz, 1, choices=[(f"Choice {n}", n == 1) for n in range(1, 6)])
    part1 = quiz.lesson.sections.get(position=1)
    spot = QuestionFactory(
        quiz=quiz, position=2, kind="spot_claim", section=part1, key_verdicts=DEFAULT_VERDICTS
    )
    get_ok(teacher_client, change_question_url(question))  # warm the per-process caches
    small = query_count(get_ok, teacher_client, change_question_url(question))
    for n in range(6, 51):
        ChoiceFactory(question=question, position=n, text=f"Choice {n}")
    assert query_count(get_ok, teacher_client, change_question_url(question)) == small
    with django_assert_num_queries(QUERIES_QUESTION_CHANGE):
        response = get_ok(teacher_client, change_question_url(question))
    assert response.content.decode().count("Choice 50") >= 1

    # A spot-the-claim page (with its key preview) costs the same whatever the passage length.
    small = query_count(get_ok, teacher_client, change_question_url(spot))
    for n in range(4, 51):
        sentence = SentenceFactory(section=part1, position=n, text=f"Long passage sentence {n}.")
        ClaimLabelFactory(sentence=sentence, verdict="inaccurate")
    assert query_count(get_ok, teacher_client, change_question_url(spot)) == small
    with django_assert_num_queries(QUERIES_SPOT_CLAIM_CHANGE):
        response = get_ok(teacher_client, change_question_url(spot))
    assert "48 of the 50 sentences of “Part 1” are in the key." in response.content.decode()
