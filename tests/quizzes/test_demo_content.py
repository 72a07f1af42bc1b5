"""The demo quiz's content (quizzes/demo_content.py) teaches reasoning and survives checking.

Pinned here: the outline (reasoning items, not recall), a source on every explanation, the
corrected facts, and that no sentence of the article is tested by more than two questions.
"""

import re
from collections import Counter

import pytest

from lessons.models import Sentence
from quizzes import demo
from quizzes.demo_content import QUESTIONS
from quizzes.models import Question
from tests.quizzes.test_demo import import_demo_lesson

pytestmark = pytest.mark.django_db

# A curly-quoted fragment of three words or more in a prompt or a choice quotes a sentence.
QUOTED = re.compile(r"“([^”]+)”")


def sentences_tested_by(question: Question, sentences: list[Sentence], spec) -> set[int]:
    """The sentences a question tests: a spot-the-claim passage, the sentences its prompt
    or choices quote, and the one sentence it is about (``sentence_prefix``)."""
    if question.kind == Question.Kind.SPOT_CLAIM:
        return {s.pk for s in sentences if s.section_id == question.section_id}
    texts = [question.prompt, *(choice.text for choice in question.choices.all())]
    fragments = [f for text in texts for f in QUOTED.findall(text) if len(f.split()) >= 3]
    tested = {
        s.pk
        for s in sentences
        if s.text in texts or any(fragment in s.text for fragment in fragments)
    }
    if spec.sentence_prefix:
        tested |= {s.pk for s in sentences if s.text.startswith(spec.sentence_prefix)}
    return tested


@pytest.fixture
def quiz():
    return demo.seed_demo_quiz(lesson=import_demo_lesson())


def test_no_sentence_is_tested_more_than_twice(quiz):
    sentences = list(Sentence.objects.filter(section__lesson=quiz.lesson))
    questions = list(quiz.questions.order_by("position").prefetch_related("choices"))
    times = Counter()
    for question, spec in zip(questions, QUESTIONS, strict=True):
        times.update(sentences_tested_by(question, sentences, spec))
    over = {s.text[:50]: times[s.pk] for s in sentences if times[s.pk] > 2}
    assert over == {}
    assert set(times) == {s.pk for s in sentences}  # every sentence is tested at least once


def test_the_outline_replaces_recall_with_reasoning(quiz):
    outline = [
        (q.position, q.kind, q.section.heading if q.section else "") for q in quiz.questions.all()
    ]
    assert outline == [
        (1, "spot_claim", "Introduction"),
        (2, "spot_claim", "Chinese Help in Times of Crisis"),
        (3, "spot_claim", "Geopolitical Benefits"),
        (4, "spot_claim", "Strategic Considerations"),
        (5, "spot_claim", "UN Sanctions"),
        (6, "spot_claim", "Conclusion"),
        (7, "spot_claim", "About the author"),
        (8, "numerical", "Chinese Help in Times of Crisis"),
        (9, "single_choice", "Geopolitical Benefits"),
        (10, "single_choice", "Strategic Considerations"),
        (11, "single_choice", "Conclusion"),
        (12, "multiple_choice", "UN Sanctions"),
        (13, "single_choice", ""),
        (14, "single_choice", "About the author"),
        (15, "single_choice", "UN Sanctions"),
        (16, "short_answer", "Geopolitical Benefits"),
        (17, "true_false", "Introduction"),
        (18, "true_false", "Strategic Considerations"),
    ]
    prompts = " ".join(q.prompt for q in quiz.questions.all())
    # The recall items are gone: the treaty's year, the withdrawal's year, counting votes.
    for recall in ("In what year", "How many UN Security Council", "within days"):
        assert recall not in prompts
    for reasoning in (
        "Which evidence would best settle",
        "Which would best check",
        "What kind of statement",
        "contradict each other",
        "grain of truth",
    ):
        assert reasoning in prompts


def test_every_explanation_names_where_to_check_it(quiz):
    assert all(spec.explanation_source.strip() for spec in QUESTIONS)
    assert not quiz.questions.filter(explanation_source="").exists()


def test_contradiction_item_tells_contradictions_from_tensions(quiz):
    question = quiz.questions.get(prompt__contains="contradict each other")
    right = question.choices.get(is_correct=True)
    assert "buffer state" in right.text and "remoteness" in right.text
    tension = question.choices.get(text__contains="capabilities are outdated")
    assert not tension.is_correct and tension.feedback.startswith("A tension")


def test_the_withdrawal_item_counts_1994_as_well_as_1958(quiz):
    question = quiz.questions.get(prompt__contains="military presence")
    assert "1958" in question.explanation and "1994" in question.explanation
    assert "1994" in question.choices.get(is_correct=True).text


def test_corrected_facts_in_the_explanations():
    texts = " ".join(
        [spec.explanation for spec in QUESTIONS]
        + [choice.feedback for spec in QUESTIONS for choice in spec.choices]
        + [choice.text for spec in QUESTIONS for choice in spec.choices]
    )
    for match in re.finditer(r"never (?:been )?a (?:sanctions )?target", texts):
        assert "Chinese state" in texts[max(0, match.start() - 60) : match.start()]
    assert "opposition to new sanctions dates from about 2019" not in texts
    assert "assessed to reach" not in texts
    grain = next(spec for spec in QUESTIONS if "grain of truth" in spec.prompt)
    right = [choice.text for choice in grain.choices if choice.correct]
    assert any("1695" in text and "Chapter" in text for text in right)
    assert any("2375" in text and "cap" in text for text in right)
