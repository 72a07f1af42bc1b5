"""Read a class roster CSV into rows a teacher can check line by line.

A pure module: no database. ``lessons.services.rosters.roster_import`` looks the rows up and
creates or enrols the accounts. Here we only decide what each line says and refuse
what no account could be made from (a missing or invalid username, a bad email, a
username given twice).

The expected file is what a school's information system or a spreadsheet exports: a
header row naming the columns (username, first name, last name, email, in any order and
in the usual spellings: "User name", "First Name", "Surname", "E-mail address", ...),
UTF-8 with or without a byte-order mark, separated by commas, semicolons or tabs.
"""

import csv
import io
import re
from dataclasses import dataclass, field, replace

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from lessons.splitting import normalize_newlines

# A class of 500 is already several year groups; a bigger file is most likely the wrong
# export (the whole school), and one request creating thousands of accounts is slow.
MAX_ROSTER_ROWS = 500
# 500 rows of four columns fit easily in 200 kB; more is not a roster.
MAX_ROSTER_BYTES = 200_000

USERNAME_MAX_LENGTH = 150  # django.contrib.auth's User.username
NAME_MAX_LENGTH = 150  # User.first_name and User.last_name
EMAIL_MAX_LENGTH = 254  # User.email

# Header spellings, compared after lower-casing and dropping everything but letters.
_HEADER_ALIASES = {
    "username": {"username", "user", "login", "loginname", "userid", "account", "accountname"},
    "first_name": {"firstname", "first", "givenname", "forename", "forenames", "given"},
    "last_name": {"lastname", "last", "surname", "familyname", "family"},
    "email": {"email", "emailaddress", "mail", "emailadress"},
}


class Refusal:
    """Why a row was refused: the reason a teacher reads in the report."""

    MISSING_USERNAME = "missing username"
    INVALID_USERNAME = (
        "invalid username: use letters, digits and @ . + - _ only, at most 150 characters"
    )
    DUPLICATE_IN_FILE = "duplicate in file: the same username appears on line {line}"
    BAD_EMAIL = "bad email address"
    NAME_TOO_LONG = "name too long: at most 150 characters"


@dataclass(frozen=True)
class RosterRow:
    """One data line of the roster, stripped of surrounding spaces."""

    line: int  # the line number in the file (the header is line 1)
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    refusal: str = ""  # empty when the row can be imported

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ParsedRoster:
    rows: list[RosterRow]
    ignored_columns: list[str] = field(default_factory=list)  # headers we do not use


def _normalise_header(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


def _column_for(header: str) -> str | None:
    key = _normalise_header(header)
    for column, aliases in _HEADER_ALIASES.items():
        if key in aliases:
            return column
    return None


def _decode(csv_bytes: bytes) -> str:
    if len(csv_bytes) > MAX_ROSTER_BYTES:
        raise ValidationError(
            "The file is %(size)s bytes; a roster may be at most %(limit)s bytes.",
            code="too_large",
            params={"size": f"{len(csv_bytes):,}", "limit": f"{MAX_ROSTER_BYTES:,}"},
        )
    if b"\x00" in csv_bytes:
        raise ValidationError(
            "This is not a CSV file. Export the roster from your spreadsheet as CSV (UTF-8).",
            code="binary",
        )
    try:
        return csv_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "The file is not UTF-8 text. In your spreadsheet choose “CSV UTF-8” when you save it.",
            code="not_utf8",
        ) from error


def _delimiter(text: str) -> str:
    """Commas, semicolons (European spreadsheets) or tabs, judged from the header line.

    Only the delimiter is sniffed: quoting follows the usual spreadsheet rules ("" inside
    quotes), which a header line alone cannot show.
    """
    header_line = next((line for line in text.split("\n") if line.strip()), "")
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


_username_validator = UnicodeUsernameValidator()
_email_validator = EmailValidator()


def _refusal(row: RosterRow) -> str:
    if not row.username:
        return Refusal.MISSING_USERNAME
    if len(row.username) > USERNAME_MAX_LENGTH:
        return Refusal.INVALID_USERNAME
    try:
        _username_validator(row.username)
    except ValidationError:
        return Refusal.INVALID_USERNAME
    if len(row.first_name) > NAME_MAX_LENGTH or len(row.last_name) > NAME_MAX_LENGTH:
        return Refusal.NAME_TOO_LONG
    if row.email:
        if len(row.email) > EMAIL_MAX_LENGTH:
            return Refusal.BAD_EMAIL
        try:
            _email_validator(row.email)
        except ValidationError:
            return Refusal.BAD_EMAIL
    return ""


def parse_roster(csv_bytes: bytes) -> ParsedRoster:
    """Parse a roster CSV into rows, each either importable or carrying its refusal.

    Raises ``ValidationError`` for the file as a whole: ``too_large``, ``binary``,
    ``not_utf8``, ``empty`` (no header), ``no_username_column`` (no header names a
    username column), ``no_rows`` (a header only) and ``too_many_rows`` (over
    ``MAX_ROSTER_ROWS`` data rows: refused whole rather than half-imported).

    Cell text is kept as typed, apart from surrounding spaces: a name such as
    "=HYPERLINK(...)" is only text here and is escaped wherever it is shown.
    """
    text = normalize_newlines(_decode(csv_bytes))
    # Blank lines (often at the end of an export) are skipped, but line numbers must
    # still match what the teacher sees in the spreadsheet, so they are counted here.
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = cells
        else:
            records.append((line, cells))

    if header is None:  # nothing but separators and spaces
        raise ValidationError("The file is empty.", code="empty")
    positions: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(header):
        column = _column_for(name)
        if column and column not in positions:
            positions[column] = index
        elif name.strip():
            ignored.append(name.strip())
    if "username" not in positions:
        raise ValidationError(
            "The first row must name the columns, including a username column "
            "(for example: username, first name, last name, email).",
            code="no_username_column",
        )
    if not records:
        raise ValidationError("The file has a header row but no students below it.", code="no_rows")
    if len(records) > MAX_ROSTER_ROWS:
        raise ValidationError(
            "The file has %(count)s rows; at most %(limit)s can be imported at once. "
            "Split it into smaller files.",
            code="too_many_rows",
            params={"count": len(records), "limit": MAX_ROSTER_ROWS},
        )

    def cell(cells: list[str], column: str) -> str:
        index = positions.get(column)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    rows = []
    first_line_of: dict[str, int] = {}
    for line, cells in records:
        row = RosterRow(
            line=line,
            username=cell(cells, "username"),
            first_name=cell(cells, "first_name"),
            last_name=cell(cells, "last_name"),
            email=cell(cells, "email"),
        )
        refusal = _refusal(row)
        if not refusal:
            # Usernames differing only in case would be two confusingly similar accounts.
            key = row.username.lower()
            if key in first_line_of:
                refusal = Refusal.DUPLICATE_IN_FILE.format(line=first_line_of[key])
            else:
                first_line_of[key] = line
        rows.append(replace(row, refusal=refusal))
    return ParsedRoster(rows=rows, ignored_columns=ignored)
