"""The import_gift and export_gift commands, through call_command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import Question
from tests.factories import QuestionFactory, QuizFactory, quiz_with_every_kind

pytestmark = pytest.mark.django_db

GIFT = (
    "$CATEGORY: Geography\n\n"
    "::Capital::What is the capital of France? {=Paris ~Lyon ~Nice}\n\n"
    "::Year::When was the first test? {#2006}\n\n"
    "::Essay::Why? {}\n"
)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_what_it_imported_and_every_warning(tmp_path):
    quiz = QuizFactory(title="Facts")
    QuestionFactory(quiz=quiz, position=1)
    path = tmp_path / "bank.gift"
    path.write_text(GIFT, encoding="utf-8")
    out, _err = run("import_gift", str(path), "--quiz", str(quiz.pk))
    assert out.splitlines()[:3] == [
        f'Imported 2 questions into quiz {quiz.pk} "Facts" (Q2–Q3) from {path}.',
        "  Q2  Single choice: What is the capital of France?",
        "  Q3  Numerical: When was the first test?",
    ]
    assert "3 warnings:" in out
    assert "Categories are not kept" in out
    assert "line 7 (essay “Essay”): Not imported: the app has no essay questions" in out
    assert list(quiz.questions.values_list("position", "kind")) == [
        (1, "single_choice"),
        (2, "single_choice"),
        (3, "numerical"),
    ]


def test_import_with_an_error_exits_non_zero_and_saves_nothing(tmp_path):
    quiz = QuizFactory()
    path = tmp_path / "broken.gift"
    path.write_text(GIFT + "\n::Broken::Pick {=a ~b\n\n::Fine::Sky blue? {T}\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 1 error in"):
        call_command(
            "import_gift", str(path), "--quiz", str(quiz.pk), stdout=StringIO(), stderr=err
        )
    assert "Line 9: the answer block opened with '{' is never closed" in err.getvalue()
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import_gift", "/nonexistent/x.gift", "--quiz", "1"), "No such file"),
        (("import_gift", "/tmp", "--quiz", "1"), "is a folder"),
        (("import_gift", __file__, "--quiz", "999999"), "No quiz has the id 999999"),
        (("export_gift", "999999"), "No quiz has the id 999999"),
    ],
)
def test_commands_explain_bad_arguments(args, message):
    if args[-1] == "1":
        QuizFactory(pk=1)
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_export_writes_gift_to_stdout_and_notes_to_stderr():
    quiz = quiz_with_every_kind(title="Claims")
    out, err = run("export_gift", str(quiz.pk))
    assert out.startswith("// Claimwise export of the quiz “Claims”: 5 of 5 questions.\n")
    assert "::Q1. Which is the capital?::[plain]Which is the capital?{" in out
    assert "Q5: A spot-the-claim question" in err


def test_export_to_a_file_then_import_gives_the_same_questions(tmp_path):
    quiz = quiz_with_every_kind(title="Claims")
    path = tmp_path / "claims.gift"
    _out, err = run("export_gift", str(quiz.pk), "--output", str(path))
    assert f'Wrote 5 questions of quiz {quiz.pk} "Claims" to {path}.' in err
    copy = QuizFactory(lesson=quiz.lesson)
    out, _err = run("import_gift", str(path), "--quiz", str(copy.pk))
    assert out.startswith(f'Imported 5 questions into quiz {copy.pk} "{copy.title}" (Q1–Q5)')
    kinds = list(copy.questions.values_list("kind", flat=True))
    assert kinds == [
        "single_choice",
        "multiple_choice",
        "true_false",
        "short_answer",
        "multiple_choice",
    ]
