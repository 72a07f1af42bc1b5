"""Importing GIFT into a quiz: the plan, saving all or nothing, and Moodle's cases through
the app's models (import, export, import again gives the same questions)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from quizzes.interchange.gift_export import question_draft, quiz_gift_export
from quizzes.interchange.gift_import import (
    MAX_GIFT_BYTES,
    gift_import_plan,
    gift_import_save,
)
from quizzes.models import Question
from tests.factories import QuestionFactory, QuizFactory

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "gift"
MISSING = f"GIFT conformance corpus not found at {CORPUS} (it is kept outside the project)"

#: Corpus files with no question the app can hold, and why: importing them is refused as a
#: whole (nothing to save), with each question's reason in the preview.
NOT_IMPORTABLE = {
    "import_essay.gift": "an essay question only: the app has no essay questions",
    "import_backslash.gift": "an essay question only: the app has no essay questions",
    "import_pre_content.gift": "an essay question only: the app has no essay questions",
    "import_question_with_tags.gift": "an essay question only: the app has no essay questions",
    "samples/history_of_computing_markdown.gift": "three essay questions only",
    "moodle_fixtures/questions_encoding_windows-1252.gift.txt": "not UTF-8, as Moodle refuses it",
}

GOOD = "::Capital::What is the capital of France? {=Paris#Yes. ~Lyon ~Nice ####Paris.}\n\n"


def _corpus_files() -> list:
    if not CORPUS.is_dir():
        return [pytest.param(None, id="corpus-missing", marks=pytest.mark.skip(reason=MISSING))]
    files = [e["file"] for e in json.loads((CORPUS / "expected.json").read_text())]
    for listing in ("moodle_fixtures/expected.json", "samples/expected_moodle.json"):
        files += [e["file"] for e in json.loads((CORPUS / listing).read_text())]
    return [pytest.param(path, id=path) for path in dict.fromkeys(files)]


def _stored(quiz) -> list[dict]:
    questions = quiz.questions.prefetch_related("choices").order_by("position")
    return [question_draft(question).comparable() for question in questions]


# --- Moodle's cases through the app's models ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", _corpus_files())
def test_moodle_case_is_stable_through_import_export_import(path):
    """Each case imports, exports and imports again to the same questions, choices, weights
    and feedback; exporting that gives the same GIFT to the byte."""
    plan = gift_import_plan((CORPUS / path).read_bytes())
    if path in NOT_IMPORTABLE:
        assert not plan.ok and plan.errors, "importable now: remove it from NOT_IMPORTABLE"
        return
    assert plan.ok, [str(e) for e in plan.errors]
    first = QuizFactory(title="Round trip")
    saved = gift_import_save(quiz=first, plan=plan)
    assert len(saved) == len(plan.drafts)
    assert _stored(first) == [draft.comparable() for draft in plan.drafts]

    exported = quiz_gift_export(quiz=first)
    assert exported.count == len(saved)
    again = gift_import_plan(exported.text)
    assert again.ok and again.errors == () and not again.skipped
    # Weights written by the app are the app's rule: nothing scores differently any more.
    assert not any("Scored differently" in note for item in again.items for note in item.notes)
    second = QuizFactory(lesson=first.lesson, title="Round trip")
    gift_import_save(quiz=second, plan=again)
    assert _stored(second) == _stored(first)
    assert quiz_gift_export(quiz=second).text == exported.text


def test_not_importable_cases_name_real_files():
    if not CORPUS.is_dir():
        pytest.skip(MISSING)
    names = {param.values[0] for param in _corpus_files()}
    assert set(NOT_IMPORTABLE) <= names
    assert all(reason.strip() for reason in NOT_IMPORTABLE.values())


# --- the plan --------------------------------------------------------------------------------


def test_plan_reads_text_and_bytes_alike_without_the_database():
    text_plan = gift_import_plan(GOOD)
    byte_plan = gift_import_plan(("\ufeff" + GOOD).encode("utf-8"))
    assert text_plan == byte_plan
    assert text_plan.ok and [d.kind for d in text_plan.drafts] == ["single_choice"]
    assert text_plan.notes == (
        "Question titles (::title::) are not kept: the app numbers a quiz's questions.",
    )


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        (
            GOOD + "::Broken::What colour?\n{\n=blue\n~red\n",
            "Line 4 (in the question starting on line 3)",
        ),
        (
            GOOD + "Pick {\n~%50%a\n~%33.33%b\n}",
            "Line 5 (in the question starting on line 3): weights",
        ),
        ("", "There is no question in the text: expected GIFT such as"),
        ("// only a comment\n", "There is no question in the text"),
        ("Why? {}", "None of the questions can be represented in the app"),
        (GOOD + "a\x00b", "Line 3: The text holds a NUL character"),
        (GOOD.encode("utf-8") + "Café? {T}".encode("cp1252"), "Line 3: the file is not UTF-8"),
        ("x" * (MAX_GIFT_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_malformed_input_refuses_the_whole_plan_naming_the_line(source, fragment):
    plan = gift_import_plan(source)
    assert not plan.ok
    assert any(fragment in str(error) for error in plan.errors), [str(e) for e in plan.errors]


def test_questions_the_app_cannot_hold_are_skipped_with_their_reason_and_the_rest_kept():
    plan = gift_import_plan(GOOD + "::Essay::Why? {}\n\n$CATEGORY: a/b\n\n::TF::Sky blue? {T}")
    assert plan.ok
    assert [d.kind for d in plan.drafts] == ["single_choice", "true_false"]
    (essay,) = plan.skipped
    assert essay.source.line == 3
    assert "Not imported: the app has no essay questions" in essay.notes[0]
    assert (
        "Categories are not kept: every question goes into this quiz (the file names “a/b”)."
        in (plan.notes)
    )
    assert plan.warning_count == 3


def test_a_question_the_apps_checks_refuse_is_skipped_with_their_message():
    plan = gift_import_plan(GOOD + "Pick {=Same ~same}")
    (refused,) = plan.skipped
    assert refused.notes[-1] == "Not imported: Two choices have the same text."


# --- saving ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_save_appends_every_question_after_the_existing_ones():
    quiz = QuizFactory()
    QuestionFactory(quiz=quiz, position=1)
    plan = gift_import_plan(GOOD + "::N::Year? {#2006:1}\n\n::S::Animal? {=Frog =Toad}")
    created = gift_import_save(quiz=quiz, plan=plan)
    assert [(q.position, q.kind) for q in created] == [
        (2, "single_choice"),
        (3, "numerical"),
        (4, "short_answer"),
    ]
    single = created[0]
    assert (single.prompt, single.points, single.explanation) == (
        "What is the capital of France?",
        Decimal("1.00"),
        "Paris.",
    )
    assert list(single.choices.values_list("position", "text", "is_correct", "feedback")) == [
        (1, "Paris", True, "Yes."),
        (2, "Lyon", False, ""),
        (3, "Nice", False, ""),
    ]
    assert created[1].numeric_answers == [
        {"value": "2006", "tolerance": "1", "fraction": "1", "feedback": ""}
    ]
    assert created[2].accepted_answers == ["Frog", "Toad"]


@pytest.mark.django_db
def test_save_refuses_a_plan_with_errors_and_saves_nothing():
    quiz = QuizFactory()
    plan = gift_import_plan(GOOD + "Pick {=a {b} ~c}")
    with pytest.raises(ValidationError) as raised:
        gift_import_save(quiz=quiz, plan=plan)
    assert raised.value.error_list[0].code == "gift_invalid"
    assert "second '{' inside the answer block" in raised.value.messages[0]
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_a_failure_halfway_saves_nothing(monkeypatch):
    """All or nothing: an error on the second question rolls back the first."""
    from quizzes.models import Choice

    quiz = QuizFactory()
    plan = gift_import_plan(GOOD + "::Two::Pick {=a ~b}")
    calls = {"n": 0}
    real = Choice.objects.bulk_create

    def failing(objs, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Choice.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        gift_import_save(quiz=quiz, plan=plan)
    assert not Question.objects.exists() and not Choice.objects.exists()
