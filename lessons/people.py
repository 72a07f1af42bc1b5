"""How people are named on every page, and the order their names are listed in."""

import re


def display_name(user) -> str:
    """A person's full name, else their username."""
    return user.get_full_name() or user.get_username()


def natural_key(text: str) -> tuple:
    """A sort key that puts "Student 2" before "Student 10", as a teacher reads a list.

    Splitting on digit runs leaves text at even positions and numbers at odd ones, so two
    keys always compare text with text and number with number.
    """
    parts = re.split(r"(\d+)", text.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def name_sort_key(user) -> tuple:
    """The order of people in a list: last name, first name, username, each naturally."""
    return (
        natural_key(user.last_name),
        natural_key(user.first_name),
        natural_key(user.get_username()),
    )
