"""A class answering a mixed quiz, for the results tests (review, statistics, export)."""

from quizzes.models import Response, ResponseChoice, ResponseSentence
from tests.factories import (
    AssignmentFactory,
    ChoiceFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    SentenceFactory,
    lesson_with_sections,
)


def spot_claim_setting(teacher):
    """A class of `teacher` and a quiz of a choice, a spot-the-claim and a short-answer
    question over four sentences labelled unsupported, inaccurate, supported and none."""
    lesson = lesson_with_sections(sections=1, sentences_per_section=0)
    section = lesson.sections.get()
    sentences = [
        SentenceFactory(section=section, position=n, text=f"Claim {n}.") for n in range(1, 5)
    ]
    ClaimLabelFactory(sentence=sentences[0], verdict="unsupported")
    ClaimLabelFactory(sentence=sentences[1], verdict="inaccurate")
    ClaimLabelFactory(sentence=sentences[2], verdict="supported")
    assignment = AssignmentFactory(lesson=lesson, classroom=ClassroomFactory(teachers=[teacher]))
    quiz = QuizFactory(lesson=lesson)
    choice_q = QuestionFactory(quiz=quiz, position=1, points=1)
    right = ChoiceFactory(question=choice_q, position=1, text="Right", is_correct=True)
    wrong = ChoiceFactory(question=choice_q, position=2, text="Wrong")
    spot_q = QuestionFactory(
        quiz=quiz, position=2, kind="spot_claim", section=section, points=2, key_verdicts=[]
    )
    short_q = QuestionFactory(
        quiz=quiz, position=3, kind="short_answer", accepted_answers=["Pyongyang"]
    )
    return assignment, quiz, (choice_q, spot_q, short_q), (right, wrong), sentences


def answer(attempt, question, *, choices=(), sentences=(), text="", points=None):
    """Store an answer and its automatic points on the attempt's response to ``question``."""
    response = Response.objects.get(attempt=attempt, question=question)
    response.text = text
    response.points = points
    response.save()
    ResponseChoice.objects.bulk_create(ResponseChoice(response=response, choice=c) for c in choices)
    ResponseSentence.objects.bulk_create(
        ResponseSentence(response=response, sentence=s) for s in sentences
    )
    return response
