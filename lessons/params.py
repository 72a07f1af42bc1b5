"""Reading numbers (ids, positions, page numbers) out of request text.

One rule for every query string, form field and admin filter: ASCII digits only —
str.isdigit() also accepts digits such as "²" that int() refuses, and int() itself reads
"٣", "+3", "1_0" and " 3" — and few enough digits to fit a database id.
"""

MAX_ID_DIGITS = 18  # a bigint holds up to 19 digits


def int_from_digits(raw: object, *, max_digits: int = MAX_ID_DIGITS) -> int | None:
    """The number written in ``raw``, or None when it is not plain ASCII digits."""
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit():
        return None
    if len(raw) > max_digits:
        return None
    return int(raw)
