"""Exporting a quiz as GIFT: the seed quiz's round trip, what the file says, query count."""

from decimal import Decimal
from fractions import Fraction

import pytest

from quizzes.demo import seed_demo_quiz
from quizzes.interchange.gift import parse_gift
from quizzes.interchange.gift_export import question_draft, quiz_gift_export
from quizzes.interchange.gift_import import gift_import_plan, gift_import_save
from quizzes.interchange.gift_questions import (
    NOTHING_TO_PICK,
    SPOT_CLAIM_TAG,
    nearest_moodle_grade,
)
from quizzes.models import Question
from quizzes.selectors import claim_label_of, sentences_by_section, spot_claim_key_ids
from tests.factories import QuestionFactory, QuizFactory, quiz_with_every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_quiz():
    from lessons.demo.seeding import seed_demo_lesson

    return seed_demo_quiz(lesson=seed_demo_lesson(password="password").lesson)


def _questions(quiz) -> list[Question]:
    return list(quiz.questions.select_related("section").prefetch_related("choices"))


def test_seed_quiz_round_trips_with_spot_claim_questions_back_as_multiple_choice(demo_quiz):
    """Export the demo quiz, import it into a new quiz: the same questions, points, choices,
    weights and feedback; spot-the-claim questions come back as multiple choice over the
    passage's sentences, the key sentences right, each with its claim label as feedback."""
    exported = quiz_gift_export(quiz=demo_quiz)
    originals = _questions(demo_quiz)
    assert exported.count == len(originals)
    plan = gift_import_plan(exported.text)
    assert plan.ok and not plan.skipped
    copy = QuizFactory(lesson=demo_quiz.lesson, title="Copy")
    gift_import_save(quiz=copy, plan=plan)
    copies = _questions(copy)
    assert len(copies) == len(originals)

    sentences = sentences_by_section(q.section_id for q in originals if q.kind == "spot_claim")
    spot_claims = 0
    for original, back in zip(originals, copies, strict=True):
        if original.kind != "spot_claim":
            assert question_draft(back).comparable() == question_draft(original).comparable()
            continue
        spot_claims += 1
        passage = sentences[original.section_id]
        key = spot_claim_key_ids(original, passage)
        assert back.kind == "multiple_choice"
        assert (back.prompt, back.points, back.explanation) == (
            original.prompt,
            original.points,
            original.explanation,
        )
        expected = [(s.text, s.pk in key) for s in passage]
        if not key:  # nothing to pick: "none of these" is the right answer
            expected.append((NOTHING_TO_PICK, True))
        assert [(c.text, c.is_correct) for c in back.choices.all()] == expected
        for sentence, choice in zip(passage, back.choices.all(), strict=False):
            label = claim_label_of(sentence)
            assert (choice.feedback != "") == (label is not None)
            if label:
                assert choice.feedback.startswith(label.get_verdict_display())
    assert spot_claims >= 1
    spot_notes = [note for item in plan.items for note in item.notes if "spot-the-claim" in note]
    assert len(spot_notes) == spot_claims


def test_spot_claim_weights_give_the_apps_score_in_moodle(demo_quiz):
    """Key sentences 1/|key| each, the others -1/(n - |key|), as Moodle grades: Moodle's sum,
    clamped to 0..1, is then the app's partial-credit rule."""
    exported = parse_gift(quiz_gift_export(quiz=demo_quiz).text).questions
    written = [q for q in exported if SPOT_CLAIM_TAG in q.tags]
    spots = list(demo_quiz.questions.filter(kind="spot_claim").order_by("position"))
    passages = sentences_by_section(q.section_id for q in spots)
    assert len(written) == len(spots)
    for spot, question in zip(spots, written, strict=True):
        passage = passages[spot.section_id]
        key = spot_claim_key_ids(spot, passage)
        right = [s.pk in key for s in passage] + ([] if key else [True])
        picks, others = sum(right), len(right) - sum(right)
        assert [a.fraction for a in question.answers] == [
            nearest_moodle_grade(Fraction(1, picks) if r else -Fraction(1, others)) for r in right
        ]


def test_export_file_names_the_quiz_gives_points_and_lists_notes():
    quiz = quiz_with_every_kind(title="Checking claims / part 1")
    Question.objects.filter(quiz=quiz, kind="spot_claim").update(ask_reasons=True)
    QuestionFactory(
        quiz=quiz,
        position=6,
        kind="short_answer",
        accepted_answers=[],
        answer_pattern="colou?r",
        points=Decimal("2.5"),
    )
    exported = quiz_gift_export(quiz=quiz)
    text = exported.text
    assert exported.filename == "checking-claims-part-1.gift"
    assert text.startswith("// Claimwise export of the quiz “Checking claims / part 1”: 5 of 6")
    assert "// Q5: It asks students why they pick a sentence: GIFT cannot." in text
    assert "// Q6: Not exported: it has no accepted answer GIFT can hold." in text
    assert "$CATEGORY: $course$/top/Checking claims // part 1\n" in text
    assert "// question: 1  name: Q1. Which is the capital?\n// points: 1\n" in text
    result = parse_gift(text)
    assert result.errors == () and len(result.questions) == 5
    assert all(q.questiontextformat == "plain" for q in result.questions)


def test_points_survive_the_round_trip():
    quiz = QuizFactory()
    QuestionFactory(quiz=quiz, position=1, kind="true_false", points=Decimal("2.5"))
    quiz.questions.get().choices.create(position=1, text="True", is_correct=True)
    quiz.questions.get().choices.create(position=2, text="False")
    plan = gift_import_plan(quiz_gift_export(quiz=quiz).text)
    assert [d.points for d in plan.drafts] == [Decimal("2.5")]
    assert plan.items[0].notes == ()


def test_export_runs_three_queries_whatever_the_size(django_assert_num_queries, query_count):
    small = quiz_with_every_kind()
    large = quiz_with_every_kind(repeat=8)
    assert query_count(quiz_gift_export, quiz=small) == query_count(quiz_gift_export, quiz=large)
    with django_assert_num_queries(3):
        quiz_gift_export(quiz=large)
