"""Initial passwords of roster accounts (lessons.passwords)."""

import re

from django.contrib.auth.hashers import check_password

from lessons.passwords import (
    INITIAL_PASSWORD_PBKDF2_ITERATIONS,
    hash_initial_password,
    initial_password,
)


def test_initial_passwords_are_three_groups_without_look_alike_characters():
    passwords = {initial_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
        assert not set(password) & set("01ilo")


def test_pbkdf2_hashes_at_the_reduced_iteration_count(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    encoded = hash_initial_password("k7qx-3mpa-9rtd")
    assert encoded.startswith(f"pbkdf2_sha256${INITIAL_PASSWORD_PBKDF2_ITERATIONS}$")
    assert check_password("k7qx-3mpa-9rtd", encoded)


def test_other_hashers_hash_as_configured(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    encoded = hash_initial_password("k7qx-3mpa-9rtd")
    assert encoded.startswith("md5$")
    assert check_password("k7qx-3mpa-9rtd", encoded)
