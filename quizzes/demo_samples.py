"""Sample answers for the demo: a class that has taken the demo quiz, marked as samples.

``seed_demo --sample-results`` calls :func:`sample_attempts_create` so that a teacher
trying the app sees results, statistics and overrides without a class of real students;
every attempt it makes has ``is_sample`` set, and :func:`sample_attempts_remove` takes
them away again. Answers follow a simple item-response model with a fixed random seed
(also used by ``benchmarks.demo_statistics``): each student has an ability, each question
a difficulty, and a student gets a question right with probability
``1 / (1 + exp(-1.7 (ability - difficulty)))``; otherwise a choice answer is a blind guess,
and on spot-the-claim each sentence is judged on its own.
"""

from __future__ import annotations

import math
import random
from datetime import timedelta

from django.db import transaction

from lessons.models import Assignment
from quizzes import grading
from quizzes.answers import Answer
from quizzes.models import Attempt, Quiz
from quizzes.selectors import claim_label_of, sentences_by_section, spot_claim_key_ids

#: Of the students who take a second attempt, how much better prepared they are.
SECOND_ATTEMPT_GAIN = 0.6
SECOND_ATTEMPT_SHARE = 0.35


def p_right(ability: float, difficulty: float) -> float:
    """The chance that a student of ``ability`` answers a question of ``difficulty`` right."""
    return 1 / (1 + math.exp(-1.7 * (ability - difficulty)))


def _reason(sentence, rng: random.Random, p: float) -> str:
    """A reason for picking ``sentence``: the one its label names with probability ``p``."""
    label = claim_label_of(sentence)
    right = sorted(grading.accepted_reasons(label.verdict if label else None))
    if right and rng.random() < p:
        return right[0]
    return rng.choice(grading.REASONS)


def simulated_answer(question, rng: random.Random, p: float, sentences: dict, keys: dict) -> dict:
    """One simulated answer to ``question``: choice_ids, sentence_ids, text, reasons."""
    kind = question.kind
    if kind in ("single_choice", "true_false"):
        choices = list(question.choices.all())
        right = [c for c in choices if c.is_correct]
        # A student who does not know guesses among all the choices (the right one too).
        pick = rng.choice(right) if rng.random() < p and right else rng.choice(choices)
        return {"choice_ids": [pick.pk]}
    if kind == "multiple_choice":
        picks = [
            c.pk
            for c in question.choices.all()
            if rng.random() < (p if c.is_correct else (1 - p) * 0.5)
        ]
        return {"choice_ids": picks}
    if kind == "spot_claim":
        key = keys[question.pk]
        picked = [
            s
            for s in sentences[question.section_id]
            if rng.random() < (p if s.pk in key else (1 - p) * 0.25)
        ]
        answer = {"sentence_ids": [s.pk for s in picked]}
        if question.ask_reasons:
            answer["reasons"] = {s.pk: _reason(s, rng, p) for s in picked}
        return answer
    if kind == "short_answer":
        accepted = list(question.accepted_answers) or ["?"]
        return {"text": rng.choice(accepted) if rng.random() < p else "I am not sure"}
    if kind == "numerical":
        from quizzes.numbers import numeric_answers, plain

        values = [a for a in numeric_answers(question.numeric_answers) if a.value is not None]
        right = plain(values[0].value) if values else "0"
        return {"text": right if rng.random() < p else "1"}
    return {}


def as_answer(answer: dict) -> Answer:
    return Answer(
        choice_ids=frozenset(answer.get("choice_ids", ())),
        sentence_ids=frozenset(answer.get("sentence_ids", ())),
        text=answer.get("text", ""),
        reasons=answer.get("reasons", {}),
    )


class QuizSimulation:
    """The questions, keys and random draws of one simulated class at ``quiz``."""

    def __init__(self, quiz: Quiz, *, seed: int) -> None:
        self.questions = list(quiz.questions.prefetch_related("choices").order_by("position"))
        self.sentences = sentences_by_section(
            q.section_id for q in self.questions if q.kind == "spot_claim"
        )
        self.keys = {
            q.pk: spot_claim_key_ids(q, self.sentences[q.section_id])
            for q in self.questions
            if q.kind == "spot_claim"
        }
        self.rng = random.Random(seed)
        # Spot-the-claim questions are the hard part of a critical-reading quiz.
        self.difficulty = {
            q.pk: self.rng.gauss(0.6 if q.kind == "spot_claim" else -0.3, 0.7)
            for q in self.questions
        }

    def answers(self, level: float) -> dict[int, Answer]:
        return {
            question.pk: as_answer(
                simulated_answer(
                    question,
                    self.rng,
                    p_right(level, self.difficulty[question.pk]),
                    self.sentences,
                    self.keys,
                )
            )
            for question in self.questions
        }


def sample_attempts_create(
    *, quiz: Quiz, assignment: Assignment, students: list, seed: int = 2026, in_progress: int = 2
) -> list[Attempt]:
    """Have ``students`` take ``quiz`` through the real services; mark the attempts samples.

    The last ``in_progress`` students start and answer but do not submit; about a third
    of the others take a second attempt when the quiz allows one. Returns the attempts.
    """
    from quizzes.services import attempt_save_answers, attempt_start, attempt_submit

    simulation = QuizSimulation(quiz, seed=seed)
    abilities = [simulation.rng.gauss(0, 1) for _ in students]
    attempts_allowed = quiz.attempts_allowed or 2
    made = []
    submitting = len(students) - in_progress
    for index, (student, ability) in enumerate(zip(students, abilities, strict=True)):
        second = attempts_allowed > 1 and simulation.rng.random() < SECOND_ATTEMPT_SHARE
        tries = 2 if second and index < submitting else 1
        for number in range(tries):
            attempt = attempt_start(quiz=quiz, assignment=assignment, student=student)
            answers = simulation.answers(ability + SECOND_ATTEMPT_GAIN * number)
            attempt_save_answers(attempt=attempt, student=student, answers=answers)
            if index < submitting:
                attempt_submit(attempt=attempt, student=student)
            made.append(attempt)
    Attempt.objects.filter(pk__in=[a.pk for a in made]).update(is_sample=True)
    # Each took the quiz in 8 to 25 minutes (the services stamp them all "now").
    for attempt in Attempt.objects.filter(pk__in=[a.pk for a in made]):
        minutes = simulation.rng.randint(8, 25)
        attempt.started_at -= timedelta(minutes=minutes)
        attempt.save(update_fields=["started_at"])
    return made


@transaction.atomic
def sample_attempts_remove(*, assignment: Assignment) -> int:
    """Delete the sample attempts of ``assignment`` (with their responses); return how many."""
    attempts = Attempt.objects.filter(assignment=assignment, is_sample=True)
    count = attempts.count()
    attempts.delete()
    return count
