"""Generating questions from claim labels, and keeping positions 1..n."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from quizzes.building import (
    WHICH_SENTENCE_PROMPT,
    positions_renumber,
    question_move,
    questions_generate,
    questions_generate_spot_claim,
    questions_generate_which_sentence,
    spot_claim_prompt,
)
from quizzes.models import Choice, Question
from quizzes.validation import quiz_publication_problems
from tests.factories import (
    ChoiceFactory,
    ClaimLabelFactory,
    QuestionFactory,
    QuizFactory,
    SectionFactory,
    lesson_with_sections,
)

pytestmark = pytest.mark.django_db


def label(section, position, verdict, explanation="Because.", source_title=""):
    sentence = section.sentences.get(position=position)
    return ClaimLabelFactory(
        sentence=sentence, verdict=verdict, explanation=explanation, source_title=source_title
    )


@pytest.fixture
def labelled():
    """A quiz on a lesson of three 6-sentence sections.

    Part 1: 2 unsupported, 5 inaccurate; 1, 3, 4 supported; 6 opinion.
    Part 2: 1 logical flaw, nothing else labelled (no distractor).
    Part 3: only supported labels (empty key).
    """
    lesson = lesson_with_sections(sections=3, sentences_per_section=6)
    part1, part2, part3 = lesson.sections.order_by("position")
    label(part1, 2, "unsupported", "No evidence for the cause.", "CFR backgrounder")
    label(part1, 5, "inaccurate", "Wrong date.")
    for position in (1, 3, 4):
        label(part1, position, "supported", f"Sentence {position} checks out.")
    label(part1, 6, "opinion", "A judgement.")
    label(part2, 1, "logical_flaw", "Does not follow.")
    label(part3, 1, "supported")
    quiz = QuizFactory(lesson=lesson, status="draft")
    return quiz, part1, part2, part3


# --- spot the claim ---------------------------------------------------------------------


def test_spot_claim_makes_one_question_per_section_and_skips_an_empty_key(labelled):
    quiz, part1, part2, part3 = labelled
    created = questions_generate_spot_claim(quiz=quiz, sections=[part3, part2, part1])

    assert [q.section for q in created] == [part1, part2]  # reading order, not pick order
    assert [q.position for q in created] == [1, 2]
    assert [(s.section, s.sentence) for s in created.skipped] == [(part3, None)]
    assert "no sentence" in created.skipped[0].reason

    first = Question.objects.get(pk=created[0].pk)
    assert first.kind == "spot_claim"
    assert first.key_verdicts == ["unsupported", "inaccurate", "logical_flaw"]
    assert first.points == Decimal("2")  # one point per keyed sentence
    assert first.prompt == (
        "Select every sentence in this passage that makes a claim the text does not support, "
        "that is factually wrong, or whose reasoning does not hold up."
    )
    assert "2 of the passage's 6 sentences are in the key" in first.explanation
    assert "(unsupported): No evidence for the cause." in first.explanation
    assert "(inaccurate): Wrong date." in first.explanation
    assert not first.choices.exists()
    assert quiz_publication_problems(quiz) == []


def test_spot_claim_respects_chosen_verdicts_and_points(labelled):
    quiz, part1, part2, _ = labelled
    created = questions_generate_spot_claim(
        quiz=quiz, sections=[part1, part2], key_verdicts=["opinion"], points=Decimal("5")
    )
    assert [q.section for q in created] == [part1]
    assert created[0].key_verdicts == ["opinion"]
    assert created[0].points == Decimal("5")
    assert created[0].prompt.endswith("that states an opinion rather than a checkable fact.")
    assert [s.section for s in created.skipped] == [part2]


def test_generated_questions_continue_after_existing_ones(labelled):
    quiz, part1, _, _ = labelled
    QuestionFactory(quiz=quiz, position=7)
    created = questions_generate_spot_claim(quiz=quiz, sections=[part1])
    assert created[0].position == 8


def test_a_section_of_another_lesson_refuses_everything(labelled):
    quiz, part1, _, _ = labelled
    foreign = SectionFactory()
    with pytest.raises(ValidationError) as caught:
        questions_generate_spot_claim(quiz=quiz, sections=[part1, foreign])
    assert caught.value.code == "section_outside_lesson"
    assert not quiz.questions.exists()


def test_unknown_or_no_verdicts_are_refused(labelled):
    quiz, part1, _, _ = labelled
    with pytest.raises(ValidationError) as caught:
        questions_generate_spot_claim(quiz=quiz, sections=[part1], key_verdicts=["made_up"])
    assert caught.value.code == "unknown_verdict"
    with pytest.raises(ValidationError) as caught:
        questions_generate_spot_claim(quiz=quiz, sections=[part1], key_verdicts=[])
    assert caught.value.code == "spot_claim_no_verdicts"
    assert not quiz.questions.exists()


def test_spot_claim_prompt_for_a_single_verdict():
    assert spot_claim_prompt(["logical_flaw"]) == (
        "Select every sentence in this passage whose reasoning does not hold up."
    )


# --- which sentence ---------------------------------------------------------------------


def test_which_sentence_makes_one_question_per_keyed_sentence(labelled):
    quiz, part1, part2, _ = labelled
    created = questions_generate_which_sentence(quiz=quiz, sections=[part1, part2])

    assert len(created) == 2
    # Part 2's logical flaw has no supported/opinion neighbour: skipped and reported.
    assert [(s.section, s.sentence.position) for s in created.skipped] == [(part2, 1)]

    about_2, about_5 = (Question.objects.get(pk=q.pk) for q in created)
    assert about_2.kind == "single_choice"
    assert about_2.prompt == WHICH_SENTENCE_PROMPT
    assert about_2.section == part1
    assert about_2.explanation == "No evidence for the cause.\n\nSource: CFR backgrounder"
    assert about_2.points == Decimal("1")
    choices = list(about_2.choices.order_by("position"))
    # The keyed sentence plus the three nearest supported/opinion ones, in reading order;
    # the other keyed sentence (5, inaccurate) is never a distractor.
    texts = [choice.text for choice in choices]
    assert texts == [part1.sentences.get(position=p).text for p in (1, 2, 3, 4)]
    assert [choice.is_correct for choice in choices] == [False, True, False, False]
    assert [choice.position for choice in choices] == [1, 2, 3, 4]
    assert choices[1].feedback == "Right: this sentence is unsupported."
    assert choices[0].feedback == "Supported: Sentence 1 checks out."

    texts = [choice.text for choice in about_5.choices.order_by("position")]
    assert texts == [part1.sentences.get(position=p).text for p in (3, 4, 5, 6)]
    assert about_5.explanation == "Wrong date."
    assert quiz_publication_problems(quiz) == []


def test_which_sentence_with_one_distractor(labelled):
    quiz, _, part2, _ = labelled
    label(part2, 4, "opinion")
    created = questions_generate_which_sentence(quiz=quiz, sections=[part2])
    assert len(created) == 1 and not created.skipped
    assert [c.is_correct for c in created[0].choices.order_by("position")] == [True, False]


def test_both_kinds_come_section_by_section(labelled):
    quiz, part1, part2, part3 = labelled
    created = questions_generate(
        quiz=quiz, sections=[part1, part2, part3], kinds=["spot_claim", "single_choice"]
    )
    assert [(q.section.position, q.kind) for q in created] == [
        (1, "spot_claim"),
        (1, "single_choice"),
        (1, "single_choice"),
        (2, "spot_claim"),
    ]
    assert list(quiz.questions.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert len(created.skipped) == 2  # part 2's lone flaw, part 3's empty key


def test_generation_reads_a_fixed_number_of_times(labelled, django_assert_num_queries):
    """Six queries (savepoint, lock, sections, sentences with labels, last position, release)
    plus one insert per question and one per question with choices: 4 + 2 here."""
    quiz, part1, part2, part3 = labelled
    with django_assert_num_queries(12):
        questions_generate(
            quiz=quiz, sections=[part1, part2, part3], kinds=["spot_claim", "single_choice"]
        )


# --- positions ----------------------------------------------------------------------------


def test_question_move_inserts_and_renumbers():
    quiz = QuizFactory()
    a, b, c = (QuestionFactory(quiz=quiz, position=p) for p in (1, 3, 9))
    question_move(question=c, position=1)
    assert list(quiz.questions.values_list("pk", "position")) == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]

    new = Question(quiz=quiz, kind="short_answer", prompt="Year?", accepted_answers=["1961"])
    question_move(question=new, position=None)
    assert new.position == 4
    question_move(question=a, position=99)
    assert list(quiz.questions.values_list("pk", flat=True)) == [c.pk, b.pk, new.pk, a.pk]


def test_positions_renumber_swaps_rows_without_breaking_the_unique_constraint():
    question = QuestionFactory()
    first = ChoiceFactory(question=question, position=1)
    second = ChoiceFactory(question=question, position=2)
    positions_renumber(siblings=Choice.objects.filter(question=question), ordered=[second, first])
    assert list(question.choices.values_list("pk", flat=True)) == [second.pk, first.pk]
    assert list(question.choices.values_list("position", flat=True)) == [1, 2]


def test_positions_renumber_writes_nothing_when_already_in_order(django_assert_num_queries):
    question = QuestionFactory()
    choices = [ChoiceFactory(question=question, position=p) for p in (1, 2, 3)]
    with django_assert_num_queries(3) as captured:  # savepoint, read, release
        positions_renumber(siblings=Choice.objects.filter(question=question), ordered=choices)
    assert not [q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
