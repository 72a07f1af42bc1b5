"""Reading roster CSVs: lessons/roster_csv.py (no database)."""

import pytest
from django.core.exceptions import ValidationError

from lessons.roster_csv import MAX_ROSTER_ROWS, Refusal, parse_roster


def _code(data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_roster(data)
    return caught.value.code


def test_standard_header_and_rows():
    parsed = parse_roster(
        b"username,first name,last name,email\n"
        b"asmith,Alice,Smith,asmith@example.org\n"
        b"bjones,Ben,Jones,\n"
    )
    assert [(r.line, r.username, r.full_name, r.email, r.refusal) for r in parsed.rows] == [
        (2, "asmith", "Alice Smith", "asmith@example.org", ""),
        (3, "bjones", "Ben Jones", "", ""),
    ]


def test_header_spellings_order_and_unused_columns():
    """Columns in any order and the usual spellings; unknown columns are reported, not used."""
    parsed = parse_roster(
        b"Surname;E-mail address;Given Name;User Name;Year\nSmith;a@example.org;Alice;asmith;9\n"
    )
    row = parsed.rows[0]
    assert (row.username, row.first_name, row.last_name, row.email) == (
        "asmith",
        "Alice",
        "Smith",
        "a@example.org",
    )
    assert parsed.ignored_columns == ["Year"]


def test_tab_separated():
    parsed = parse_roster(b"login\tfirstname\tlastname\nasmith\tAlice\tSmith\n")
    assert parsed.rows[0].full_name == "Alice Smith"


def test_utf8_with_byte_order_mark_and_non_ascii_names():
    data = "username,first name,last name\nzoe,Zoë,Ó Súilleabháin\nli,李,小龙\n".encode("utf-8-sig")
    rows = parse_roster(data).rows
    assert [(r.first_name, r.last_name) for r in rows] == [
        ("Zoë", "Ó Súilleabháin"),
        ("李", "小龙"),
    ]
    assert all(not r.refusal for r in rows)


def test_formula_looking_names_are_kept_as_text():
    """A spreadsheet formula is just text in a name: stored as typed, never evaluated."""
    rows = parse_roster(
        b'username,first name,last name\nevil,"=HYPERLINK(""http://x"",""y"")",+1-2\n'
    ).rows
    assert rows[0].first_name == '=HYPERLINK("http://x","y")'
    assert rows[0].last_name == "+1-2"
    assert rows[0].refusal == ""


def test_row_refusals_carry_their_reasons():
    rows = parse_roster(
        b"username,first name,last name,email\n"
        b",No,Username,\n"
        b"bad name!,Bad,Name,\n"
        b"asmith,Alice,Smith,not-an-email\n"
        b"bjones,Ben,Jones,\n"
        b"BJones,Ben,Again,\n" + b"x" * 151 + b",Long,Name,\n"
    ).rows
    assert [r.refusal for r in rows] == [
        Refusal.MISSING_USERNAME,
        Refusal.INVALID_USERNAME,
        Refusal.BAD_EMAIL,
        "",
        Refusal.DUPLICATE_IN_FILE.format(line=5),
        Refusal.INVALID_USERNAME,
    ]


def test_blank_lines_are_skipped_but_line_numbers_match_the_file():
    rows = parse_roster(b"username\n\nasmith\n\n\nbjones\n").rows
    assert [(r.line, r.username) for r in rows] == [(3, "asmith"), (6, "bjones")]


def test_crlf_line_endings():
    rows = parse_roster(b"username,first name\r\nasmith,Alice\r\n").rows
    assert rows[0].first_name == "Alice"


def test_short_rows_leave_missing_cells_empty():
    rows = parse_roster(b"username,first name,last name,email\nasmith\n").rows
    assert (rows[0].username, rows[0].full_name, rows[0].email) == ("asmith", "", "")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b",,,\n", "empty"),
        (b"first name,last name\nAlice,Smith\n", "no_username_column"),
        (b"username,first name\n", "no_rows"),
        (b"username\n\xff\xfe\n", "not_utf8"),
        (b"PK\x03\x04\x00\x00binary", "binary"),
        (b"username\n" + b"a" * 200_001, "too_large"),
    ],
)
def test_file_level_errors(data, code):
    assert _code(data) == code


def test_too_many_rows_refuses_the_whole_file():
    data = b"username\n" + b"".join(f"s{n}\n".encode() for n in range(MAX_ROSTER_ROWS + 1))
    assert _code(data) == "too_many_rows"
    limit = b"username\n" + b"".join(f"s{n}\n".encode() for n in range(MAX_ROSTER_ROWS))
    assert len(parse_roster(limit).rows) == MAX_ROSTER_ROWS
