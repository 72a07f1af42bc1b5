"""Building and reading the quiz admin's pages in tests."""

from django.urls import reverse

from tests.factories import ChoiceFactory, QuestionFactory

DEFAULT_VERDICTS = ["unsupported", "inaccurate", "logical_flaw"]


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
