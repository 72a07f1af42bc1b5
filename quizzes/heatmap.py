"""The heat map on the teacher's reading view: how a class treated each sentence.

For one assignment, each student's latest submitted attempt at each quiz counts. A
student "answered on" a sentence when one of those attempts has a spot-the-claim answer
whose passage shows it; of those students, the map counts who flagged it and, for a
sentence in the question's key, who missed it. Contested sentences (judgement calls) are
shown as such, not as right or wrong. Three queries, whatever the class size.

lessons reaches this through its extension seam (:func:`quizzes.extension.reading_heat`).
"""

from __future__ import annotations

from collections import defaultdict

from lessons.extensions import HeatMap, SentenceHeat
from lessons.models import Assignment, Sentence
from quizzes import grading
from quizzes.models import Attempt, Question, Response, ResponseSentence


def assignment_sentence_heat(*, assignment: Assignment) -> HeatMap:
    """Per sentence of the lesson, how the assignment's students answered on it."""
    rows = (
        Response.objects.filter(
            attempt__assignment=assignment,
            attempt__status=Attempt.Status.SUBMITTED,
            question__kind=Question.Kind.SPOT_CLAIM,
            question__section__isnull=False,
        )
        .order_by("attempt__student_id", "attempt__quiz_id", "attempt__number")
        .values_list(
            "id",
            "attempt_id",
            "attempt__student_id",
            "attempt__quiz_id",
            "question__section_id",
            "question__key_verdicts",
        )
    )
    latest: dict[tuple[int, int], int] = {}  # (student, quiz) -> its latest attempt
    answers = []
    for response_id, attempt_id, student_id, quiz_id, section_id, key_verdicts in rows:
        latest[(student_id, quiz_id)] = attempt_id  # ordered by number: the last one wins
        answers.append((response_id, attempt_id, student_id, section_id, key_verdicts))
    counted = set(latest.values())
    answers = [answer for answer in answers if answer[1] in counted]

    picked: dict[int, set[int]] = defaultdict(set)
    if answers:
        for response_id, sentence_id in ResponseSentence.objects.filter(
            response_id__in=[answer[0] for answer in answers]
        ).values_list("response_id", "sentence_id"):
            picked[response_id].add(sentence_id)

    passages: dict[int, dict[int, tuple[str | None, bool]]] = defaultdict(dict)
    section_ids = {answer[3] for answer in answers}
    if section_ids:
        for section_id, sentence_id, verdict, contested in Sentence.objects.filter(
            section_id__in=section_ids
        ).values_list("section_id", "id", "label__verdict", "label__contested"):
            passages[section_id][sentence_id] = (verdict, bool(contested))

    shown: dict[int, set[int]] = defaultdict(set)  # sentence -> students who answered on it
    flagged: dict[int, set[int]] = defaultdict(set)
    in_key: set[int] = set()
    contested: set[int] = set()
    for response_id, _attempt_id, student_id, section_id, key_verdicts in answers:
        passage = passages.get(section_id, {})
        judgement_calls = {s for s, (_verdict, is_contested) in passage.items() if is_contested}
        contested |= judgement_calls
        in_key |= grading.spot_claim_question_key(
            {s: verdict for s, (verdict, _c) in passage.items()}, key_verdicts, judgement_calls
        )
        for sentence_id in passage:
            shown[sentence_id].add(student_id)
            if sentence_id in picked[response_id]:
                flagged[sentence_id].add(student_id)

    sentences = {
        sentence_id: SentenceHeat(
            answered=len(students),
            flagged=len(flagged[sentence_id]),
            should_flag=sentence_id in in_key,
            contested=sentence_id in contested,
        )
        for sentence_id, students in shown.items()
    }
    return HeatMap(
        title=f"How {assignment.classroom.name} answered",
        students=len({answer[2] for answer in answers}),
        sentences=sentences,
        note="Each student's latest submitted attempt counts, on every spot-the-claim "
        "question whose passage shows the sentence.",
    )
