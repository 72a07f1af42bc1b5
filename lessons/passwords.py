"""Initial passwords of accounts a teacher creates from a roster.

Initial passwords are random (about 59 bits) and replaced on first sign-in by a hash at
the configured strength (Django re-hashes when the iteration count differs). A
full-strength PBKDF2 hash takes about 0.25 s, which for a roster of hundreds would time
the request out; for a random password this strength is ample.
"""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password

INITIAL_PASSWORD_PBKDF2_ITERATIONS = 20_000
# No look-alike characters (0/o, 1/l/i), so a password can be read out or copied by hand.
_INITIAL_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def initial_password() -> str:
    """A random password a teacher can read out or copy, e.g. 'k7qx-3mpa-9rtd'."""
    groups = ("".join(secrets.choice(_INITIAL_PASSWORD_ALPHABET) for _ in range(4)) for _ in "123")
    return "-".join(groups)


def hash_initial_password(raw: str) -> str:
    """``raw`` hashed for storing: PBKDF2 at the reduced iteration count, else the default."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(raw, hasher.salt(), iterations=INITIAL_PASSWORD_PBKDF2_ITERATIONS)
    return make_password(raw)
