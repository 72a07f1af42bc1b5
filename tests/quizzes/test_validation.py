"""Question consistency checks: one refusal per rule, each with its code."""

import pytest
from django.core.exceptions import ValidationError

from quizzes.validation import quiz_publication_problems, validate_choices, validate_question
from tests.factories import (
    ChoiceFactory,
    ClaimLabelFactory,
    QuestionFactory,
    QuizFactory,
    SectionFactory,
    SentenceFactory,
    lesson_with_sections,
)

DEFAULT_VERDICTS = ["unsupported", "inaccurate", "logical_flaw"]


def codes(error: ValidationError) -> set[str]:
    """Every code in a ValidationError, whether it holds a list or a dict of errors."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def check(**overrides):
    """validate_question with a consistent single-choice question, changed by overrides."""
    values = dict(
        kind="single_choice",
        choices=[("Yes", True), ("No", False)],
        section=None,
        accepted_answers=[],
        answer_pattern="",
        key_verdicts=[],
    )
    values.update(overrides)
    validate_question(**values)


def refused(**overrides) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check(**overrides)
    return caught.value


# --- choice kinds ---------------------------------------------------------------------


def test_a_consistent_single_choice_question_passes():
    check()


def test_single_choice_with_two_right_choices_is_refused():
    error = refused(choices=[("A", True), ("B", True), ("C", False)])
    assert codes(error) == {"single_needs_one_correct"}
    assert "has 2" in " ".join(error.messages)
    assert list(error.error_dict) == ["choices"]


def test_single_choice_with_no_right_choice_is_refused():
    assert codes(refused(choices=[("A", False), ("B", False)])) == {"single_needs_one_correct"}


def test_single_choice_needs_two_choices():
    assert codes(refused(choices=[("A", True)])) == {"too_few_choices"}


def test_multiple_choice_needs_a_right_choice_and_two_choices():
    check(kind="multiple_choice", choices=[("A", True), ("B", True), ("C", False)])
    assert codes(refused(kind="multiple_choice", choices=[("A", False), ("B", False)])) == {
        "multiple_needs_a_correct"
    }
    assert codes(refused(kind="multiple_choice", choices=[("A", True)])) == {"too_few_choices"}


def test_true_false_needs_exactly_true_and_false_with_one_right():
    check(kind="true_false", choices=[("True", False), ("False", True)])
    check(kind="true_false", choices=[(" false ", True), ("TRUE", False)])
    assert codes(refused(kind="true_false", choices=[("Yes", True), ("No", False)])) == {
        "true_false_choices"
    }
    assert codes(
        refused(kind="true_false", choices=[("True", True), ("False", False), ("Maybe", False)])
    ) == {"true_false_choices"}
    assert codes(refused(kind="true_false", choices=[("True", True), ("False", True)])) == {
        "true_false_needs_one_correct"
    }


def test_a_blank_choice_is_refused():
    assert "blank_choice" in codes(refused(choices=[("A", True), ("   ", False), ("C", False)]))


def test_two_choices_with_the_same_text_are_refused():
    error = refused(choices=[("Beijing", True), ("beijing ", False)])
    assert codes(error) == {"duplicate_choice"}


def test_choices_on_a_non_choice_kind_are_refused():
    error = refused(kind="short_answer", choices=[("A", True)], accepted_answers=["1961"])
    assert codes(error) == {"choices_not_used"}


def test_choices_none_skips_the_choice_checks():
    check(choices=None)


def test_validate_choices_raises_a_list_error_for_formsets():
    with pytest.raises(ValidationError) as caught:
        validate_choices(kind="single_choice", choices=[("A", True), ("B", True)])
    assert [e.code for e in caught.value.error_list] == ["single_needs_one_correct"]
    validate_choices(kind="single_choice", choices=[("A", True), ("B", False)])


def test_an_unknown_kind_is_refused():
    assert codes(refused(kind="essay")) == {"unknown_kind"}


# --- short answer ---------------------------------------------------------------------


def test_short_answer_needs_an_accepted_answer_or_a_pattern():
    check(kind="short_answer", choices=[], accepted_answers=["1961"])
    check(kind="short_answer", choices=[], answer_pattern=r"19\d\d")
    error = refused(kind="short_answer", choices=[])
    assert codes(error) == {"short_answer_needs_answer"}
    assert list(error.error_dict) == ["accepted_answers"]


def test_short_answer_pattern_must_be_valid_and_safe():
    assert codes(refused(kind="short_answer", choices=[], answer_pattern="(unclosed")) == {
        "invalid_pattern"
    }
    assert codes(refused(kind="short_answer", choices=[], answer_pattern=r"(\w+\s?)+")) == {
        "unsafe_pattern"
    }


def test_an_accepted_answer_of_only_punctuation_is_refused():
    error = refused(kind="short_answer", choices=[], accepted_answers=["?!", "1961"])
    assert codes(error) == {"blank_accepted_answer"}
    error = refused(kind="short_answer", choices=[], accepted_answers=["..."])
    assert codes(error) == {"blank_accepted_answer", "short_answer_needs_answer"}


# --- spot the claim and sections -------------------------------------------------------


@pytest.mark.django_db
def test_spot_claim_passes_when_the_section_has_a_keyed_label():
    sentence = SentenceFactory()
    ClaimLabelFactory(sentence=sentence, verdict="inaccurate")
    check(kind="spot_claim", choices=[], section=sentence.section, key_verdicts=DEFAULT_VERDICTS)


@pytest.mark.django_db
def test_spot_claim_whose_section_has_no_labelled_sentence_is_refused():
    section = SectionFactory()
    SentenceFactory(section=section)
    error = refused(kind="spot_claim", choices=[], section=section, key_verdicts=DEFAULT_VERDICTS)
    assert codes(error) == {"spot_claim_empty_key"}
    assert section.heading in " ".join(error.messages)


@pytest.mark.django_db
def test_spot_claim_with_no_keyed_label_and_an_unlabelled_sentence_is_refused():
    sentence = SentenceFactory()
    ClaimLabelFactory(sentence=sentence, verdict="supported")
    SentenceFactory(section=sentence.section)  # not labelled yet
    error = refused(
        kind="spot_claim", choices=[], section=sentence.section, key_verdicts=DEFAULT_VERDICTS
    )
    assert codes(error) == {"spot_claim_empty_key"}
    check(kind="spot_claim", choices=[], section=sentence.section, key_verdicts=["supported"])


@pytest.mark.django_db
def test_spot_claim_whose_every_sentence_is_labelled_sound_may_have_an_empty_key():
    """With every sentence labelled and none keyed, "flag nothing" is the checked answer."""
    section = SectionFactory()
    for verdict in ("supported", "opinion"):
        ClaimLabelFactory(sentence=SentenceFactory(section=section), verdict=verdict)
    check(kind="spot_claim", choices=[], section=section, key_verdicts=DEFAULT_VERDICTS)


@pytest.mark.django_db
def test_spot_claim_key_check_can_use_known_verdicts_without_a_query(
    django_assert_num_queries,
):
    section = SectionFactory()
    with django_assert_num_queries(0):
        check(
            kind="spot_claim",
            choices=[],
            section=section,
            key_verdicts=DEFAULT_VERDICTS,
            section_verdicts={"unsupported"},
        )
        error = refused(
            kind="spot_claim",
            choices=[],
            section=section,
            key_verdicts=DEFAULT_VERDICTS,
            section_verdicts={"supported", None},  # None: a sentence with no label
        )
        check(
            kind="spot_claim",
            choices=[],
            section=section,
            key_verdicts=DEFAULT_VERDICTS,
            section_verdicts={"supported"},  # every sentence labelled: flag nothing
        )
    assert codes(error) == {"spot_claim_empty_key"}


def test_spot_claim_needs_a_section_and_known_verdicts():
    assert codes(refused(kind="spot_claim", choices=[], key_verdicts=DEFAULT_VERDICTS)) == {
        "spot_claim_needs_section"
    }
    assert codes(refused(kind="spot_claim", choices=[], key_verdicts=["unsupported", "bogus"])) == {
        "unknown_verdict"
    }
    assert codes(refused(kind="spot_claim", choices=[], key_verdicts=[])) == {
        "spot_claim_no_verdicts"
    }


@pytest.mark.django_db
def test_a_section_of_another_lesson_is_refused():
    lesson = lesson_with_sections(sections=1)
    other_section = SectionFactory()
    error = refused(section=other_section, lesson_id=lesson.pk)
    assert codes(error) == {"section_outside_lesson"}
    check(section=lesson.sections.get(), lesson_id=lesson.pk)


def test_every_problem_is_reported_at_once():
    error = refused(kind="single_choice", choices=[("A", True), ("", True)])
    assert codes(error) == {"blank_choice", "single_needs_one_correct"}


# --- publication ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_quiz_without_questions_cannot_be_published():
    assert quiz_publication_problems(QuizFactory()) == ["It has no questions yet."]


@pytest.mark.django_db
def test_publication_problems_name_each_inconsistent_question(django_assert_num_queries):
    lesson = lesson_with_sections(sections=2)
    first, second = lesson.sections.all()
    ClaimLabelFactory(sentence=first.sentences.first(), verdict="unsupported")
    quiz = QuizFactory(lesson=lesson)
    good = QuestionFactory(quiz=quiz, position=1)
    ChoiceFactory(question=good, text="A", is_correct=True)
    ChoiceFactory(question=good, text="B")
    bad = QuestionFactory(quiz=quiz, position=2)
    ChoiceFactory(question=bad, text="A", is_correct=True)
    ChoiceFactory(question=bad, text="B", is_correct=True)
    QuestionFactory(
        quiz=quiz, position=3, kind="spot_claim", section=first, key_verdicts=DEFAULT_VERDICTS
    )
    QuestionFactory(
        quiz=quiz, position=4, kind="spot_claim", section=second, key_verdicts=DEFAULT_VERDICTS
    )
    with django_assert_num_queries(3):
        problems = quiz_publication_problems(quiz)
    assert len(problems) == 2
    assert problems[0].startswith("Question 2: A single-choice question needs exactly one")
    assert problems[1].startswith("Question 4: No sentence of")
