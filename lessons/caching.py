"""Page fragments that are the same for every student, cached by what they show.

The reading page's paragraphs and the take page's passages are rendered once and served
from Django's cache (Redis when ``REDIS_URL`` is set, each process's memory otherwise).
A fragment's key is a digest of everything it shows, computed from the rows the page
loads anyway: edit a sentence, re-split a section or start a thread and the key changes,
so a cached fragment is never stale and nothing has to be invalidated — which matters
with several server processes, each with its own memory, or bulk edits that send no
signals. Fragments are kept a day (``{% cache 86400 … %}`` in the templates), and
unused ones age out.
"""

import hashlib


def content_key(*parts) -> str:
    """A short digest of ``parts`` (strings, numbers and tuples of them) for a cache key."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()
