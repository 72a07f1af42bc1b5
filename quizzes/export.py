"""CSV exports of results: pure functions from rows to cells, and a thin download builder.

Files are UTF-8 with a byte-order mark, so Excel opens names such as "Zoë" or "李雷"
correctly, and every cell that a spreadsheet would read as a formula (one starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, as
OWASP's "CSV injection" advice says: a student called ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

RESULTS_HEADER = [
    "username",
    "first name",
    "last name",
    "score",
    "max",
    "percent",
    "status",
    "submitted at",
    "late",
    "threads",
    "replies",
    "sentences discussed",
]
RESPONSES_HEADER = [
    "username",
    "attempt number",
    "question position",
    "kind",
    "answer",
    "auto points",
    "override points",
    "final points",
    "max points",
]


def neutralise_cell(value: object) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _points(value: Decimal | None) -> str:
    return "" if value is None else f"{Decimal(value):.2f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _local_iso(moment) -> str:
    """An aware datetime as ISO 8601 in the school's time zone, to the second."""
    if moment is None:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def results_csv_rows(rows: Iterable) -> list[list[str]]:
    """The results CSV, header first, from ``quizzes.results.StudentResult`` rows.

    One row per student: score and max with two decimals, percent with one, status as
    "not started", "in progress" or "submitted", the counted attempt's submission time
    and whether it was late ("yes"/"no"; empty when nothing was submitted), then the
    student's discussion participation: threads, replies and the sentences discussed.
    """
    table = [list(RESULTS_HEADER)]
    for row in rows:
        student = row.student
        submitted = row.counted_attempt is not None
        table.append(
            [
                student.get_username(),
                student.first_name,
                student.last_name,
                _points(row.grade),
                _points(row.max_score),
                _percent(row.percent),
                row.status_label,
                _local_iso(row.submitted_at),
                ("yes" if row.is_late else "no") if submitted else "",
                str(row.participation.threads),
                str(row.participation.replies),
                " | ".join(sentence.text for sentence in row.discussed_sentences),
            ]
        )
    return table


def responses_csv_rows(rows: Iterable) -> list[list[str]]:
    """The responses CSV, header first, from ``quizzes.results.ResponseExportRow`` rows."""
    table = [list(RESPONSES_HEADER)]
    for row in rows:
        table.append(
            [
                row.username,
                str(row.attempt_number),
                str(row.question_position),
                row.kind,
                row.answer,
                _points(row.points),
                _points(row.override_points),
                _points(row.final_points),
                _points(row.max_points),
            ]
        )
    return table


def csv_text(table: Iterable[Sequence[object]]) -> str:
    """The table as CSV text: BOM first, CRLF line ends, every cell neutralised."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue()


def csv_filename(*parts: str) -> str:
    """A safe, readable file name such as ``results-class-7b-the-article.csv``."""
    slug = "-".join(filter(None, (slugify(part) for part in parts))) or "export"
    return f"{slug[:120]}.csv"


def csv_download(*, table: Iterable[Sequence[object]], filename: str) -> HttpResponse:
    """An HttpResponse that downloads the table as ``filename`` (UTF-8 with BOM)."""
    response = HttpResponse(csv_text(table).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Results are personal data: never keep a copy in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
