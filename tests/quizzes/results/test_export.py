"""CSV exports: formula neutralisation, BOM, the golden results file, the responses file
and the rows it is written from."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.models import Sentence
from quizzes.models import Attempt, Response, ResponseChoice
from quizzes.results.export import (
    BOM,
    ResponseExportRow,
    assignment_csv_filename,
    csv_download,
    csv_filename,
    csv_text,
    neutralise_cell,
    responses_csv_rows,
    responses_for_export,
)
from quizzes.results.overrides import response_override
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ChoiceFactory,
    ClassroomFactory,
    EnrollmentFactory,
    PostFactory,
    QuestionFactory,
    StudentFactory,
    ThreadFactory,
    enrolled_student,
    graded_attempt,
    lesson_with_sections,
    quiz_with_questions,
)
from tests.quizzes.results.helpers import answer, spot_claim_setting

GOLDEN = Path(__file__).parent / "golden" / "results.csv"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Zoë", "Zoë"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (Decimal("1.50"), "1.50"),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_text_starts_with_a_bom_and_uses_crlf():
    text = csv_text([["a", "b,c"], ["=1", 'say "hi"']])
    assert text == BOM + 'a,"b,c"\r\n\'=1,"say ""hi"""\r\n'


def test_assignment_csv_filename_is_short_class_lesson_slug_and_date(db):
    classroom = ClassroomFactory(name="Year 10 English, set 2 (Tuesdays and Thursdays)")
    lesson = lesson_with_sections(sections=1, title="Why Does China Protect North Korea")
    lesson.slug = "why-does-china-protect-north-korea"
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    quiz = quiz_with_questions(
        lesson=lesson, questions=1, title="Checking the claims: " + lesson.title
    )
    name = assignment_csv_filename("results", assignment, quiz)
    today = timezone.localdate().isoformat()
    assert name == f"results-year-10-english-set-2-why-does-china-protect-north-korea-{today}.csv"
    assert len(name) < 80 and "checking" not in name


def test_csv_filename_is_ascii_and_safe():
    assert csv_filename("results", "Class 7B", "Zoë's “quote”/../x") == (
        "results-class-7b-zoes-quotex.csv"
    )
    assert csv_filename("", "李雷") == "export.csv"


def test_csv_download_is_an_attachment():
    response = csv_download(table=[["a"]], filename="x.csv")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert "no-store" in response["Cache-Control"]


def test_responses_rows_are_plain_text():
    rows = responses_csv_rows(
        [
            ResponseExportRow(
                username="ada",
                attempt_number=2,
                question_position=3,
                kind="short_answer",
                answer="=1+1",
                points=Decimal("0"),
                override_points=None,
                final_points=Decimal("0"),
                max_points=Decimal("1"),
                kind_label="Short answer",
                question="=Name the capital",
            )
        ]
    )
    assert rows[1] == [
        "ada", "2", "3", "=Name the capital", "Short answer", "=1+1", "0.00", "", "0.00", "1.00"
    ]  # fmt: skip
    assert csv_text(rows).splitlines()[1] == (
        "ada,2,3,'=Name the capital,Short answer,'=1+1,0.00,,0.00,1.00"
    )


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def golden_class(db, teacher, settings):
    """A class whose results exercise every column: names that look like formulas,
    non-ASCII names, late and on-time, in progress and not started, a DST change, and
    discussion participation."""
    settings.TIME_ZONE = "Europe/London"
    lesson = lesson_with_sections(sections=1, title="The Article")
    classroom = ClassroomFactory(name="Class 7B", teachers=[teacher])
    assignment = AssignmentFactory(
        lesson=lesson,
        classroom=classroom,
        opens_at=_at(2025, 3, 1, 9, 0),
        due_at=_at(2025, 3, 28, 17, 0),
    )
    quiz = quiz_with_questions(lesson=lesson, questions=3, points=2, title="Checking claims")
    q1, q2, q3 = quiz.questions.order_by("position")

    def student(username, first, last):
        user = StudentFactory(username=username, first_name=first, last_name=last)
        EnrollmentFactory(classroom=classroom, student=user)
        return user

    zoe = student("zoe", "Zoë", "Ñúñez")
    lilei = student("lilei", "雷", "李")
    hyper = student("hyper", '=HYPERLINK("http://x","y")', "Evil")
    plus = student("+plus", "+1", "Plus")
    student("minus", "-2", "Minus")
    at = student("at", "@SUM(A1)", "At")

    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=zoe,
        points={q1: 2, q2: Decimal("1.5"), q3: 1},
        submitted_at=_at(2025, 3, 9, 10, 15, 30),
    )
    # British Summer Time began on 30 March 2025: this late submission is 10:00+01:00.
    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=lilei,
        points={q1: 2, q2: 2, q3: 2},
        submitted_at=_at(2025, 4, 1, 9, 0),
    )
    AttemptFactory(
        assignment=assignment,
        quiz=quiz,
        student=hyper,
        status="in_progress",
        started_at=_at(2025, 3, 20, 12, 0),
    )
    graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=plus,
        points={},
        submitted_at=_at(2025, 3, 27, 23, 59, 59),
    )
    for_responses = graded_attempt(
        assignment=assignment,
        quiz=quiz,
        student=at,
        points={q1: 2},
        submitted_at=_at(2025, 3, 10, 8, 0),
    )
    response = Response.objects.get(attempt=for_responses, question=q1)
    ResponseChoice.objects.create(response=response, choice=q1.choices.get(position=1))
    response_override(response=response, teacher=teacher, points=Decimal("1"), comment="")
    # Zoë started a thread on the first sentence and Li Lei replied in it.
    sentence = lesson.sections.get().sentences.get(position=1)
    thread = ThreadFactory(assignment=assignment, author=zoe)
    thread.anchors.create(sentence=sentence)
    PostFactory(thread=thread, author=zoe, is_opening=True)
    PostFactory(thread=thread, author=lilei)
    return assignment, quiz


def test_results_csv_matches_the_golden_file(golden_class, teacher_client):
    assignment, quiz = golden_class
    response = teacher_client.get(
        reverse("results:assignment_results_csv", args=[assignment.pk]), {"quiz": quiz.pk}
    )
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="results-class-7b-{assignment.lesson.slug}-{today}.csv"'
    )
    assert response.content == GOLDEN.read_bytes()


def test_results_csv_reads_back_as_the_names_typed(golden_class, teacher_client):
    """A spreadsheet shows the apostrophe-prefixed cells as the plain names."""
    assignment, quiz = golden_class
    content = teacher_client.get(
        reverse("results:assignment_results_csv", args=[assignment.pk])
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    by_user = {row["username"]: row for row in rows}
    assert by_user["zoe"]["first name"] == "Zoë" and by_user["lilei"]["last name"] == "李"
    assert by_user["hyper"]["first name"] == '\'=HYPERLINK("http://x","y")'
    assert by_user["'+plus"]["status"] == "submitted"
    assert by_user["minus"]["status"] == "not started" and by_user["minus"]["late"] == ""
    assert by_user["lilei"]["late"] == "yes" and by_user["zoe"]["late"] == "no"
    assert by_user["lilei"]["submitted at"] == "2025-04-01T10:00:00+01:00"


def test_responses_csv_lists_every_response_of_every_attempt(golden_class, teacher_client):
    assignment, quiz = golden_class
    response = teacher_client.get(
        reverse("results:assignment_responses_csv", args=[assignment.pk]), {"quiz": quiz.pk}
    )
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="responses-class-7b-{assignment.lesson.slug}-{today}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "username",
        "attempt number",
        "question position",
        "question",
        "kind",
        "answer",
        "auto points",
        "override points",
        "final points",
        "max points",
    ]
    # Four submitted attempts with three responses each; the one in progress has none yet.
    assert len(rows) == 1 + 4 * 3
    question_1 = quiz.questions.get(position=1).prompt
    assert [
        "at", "1", "1", question_1, "Single choice", "Right answer 1", "2.00", "1.00", "1.00",
        "2.00",
    ] in rows  # fmt: skip
    assert rows[1][0] == "at"  # ordered by last name: At, Plus, Ñúñez, 李


def test_results_page_lists_the_sentences_each_student_discussed(golden_class, teacher_client):
    assignment, quiz = golden_class
    html = teacher_client.get(
        reverse("results:assignment_results", args=[assignment.pk]), {"quiz": quiz.pk}
    ).content.decode()
    assert "“Sentence 1 of section 1 says something.”" in html
    assert "sentence discussed by Zoë Ñúñez" in html


@pytest.mark.django_db
def test_responses_for_export_join_choice_and_sentence_texts(teacher):
    assignment, quiz, (choice_q, spot_q, short_q), (right, wrong), sentences = spot_claim_setting(
        teacher
    )
    multi = QuestionFactory(quiz=quiz, position=4, kind="multiple_choice")
    a = ChoiceFactory(question=multi, position=1, text="Alpha", is_correct=True)
    b = ChoiceFactory(question=multi, position=2, text="Beta", is_correct=True)
    student = enrolled_student(assignment.classroom, username="ada")
    attempt = graded_attempt(assignment=assignment, quiz=quiz, student=student, points={})
    answer(attempt, choice_q, choices=[right], points=Decimal(1))
    answer(attempt, spot_q, sentences=[sentences[2], sentences[0]], points=Decimal(0))
    answer(attempt, short_q, text="Seoul", points=Decimal(0))
    answer(attempt, multi, choices=[b, a], points=Decimal(1))

    rows = responses_for_export(Attempt.objects.filter(pk=attempt.pk))
    assert [(r.question_position, r.kind, r.answer) for r in rows] == [
        (1, "single_choice", "Right"),
        (2, "spot_claim", "Claim 1. | Claim 3."),
        (3, "short_answer", "Seoul"),
        (4, "multiple_choice", "Alpha | Beta"),
    ]
    assert rows[0].username == "ada" and rows[0].attempt_number == 1
    assert rows[1].max_points == Decimal("2.00")


def test_results_page_escapes_the_discussed_sentences(golden_class, teacher_client):
    """The table's rows are built in Python (quizzes.results.table): still escaped."""
    assignment, quiz = golden_class
    Sentence.objects.filter(text="Sentence 1 of section 1 says something.").update(
        text='Sentence <img src=x onerror="alert(1)"> & more.'
    )
    html = teacher_client.get(
        reverse("results:assignment_results", args=[assignment.pk]), {"quiz": quiz.pk}
    ).content.decode()
    assert "<img src=x" not in html
    assert "“Sentence &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more.”" in html
