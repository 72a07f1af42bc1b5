"""Fixtures shared by the lessons tests."""

from pathlib import Path

import pytest

SEED_ARTICLE = (
    Path(__file__).resolve().parents[2]
    / "lessons"
    / "demo"
    / "why-does-china-protect-north-korea.txt"
)


@pytest.fixture(scope="session")
def seed_article_bytes() -> bytes:
    """The demo article's file as shipped, byte for byte."""
    return SEED_ARTICLE.read_bytes()


@pytest.fixture(scope="session")
def seed_article_text() -> str:
    """The demo article's text: what the import tests start from."""
    return SEED_ARTICLE.read_text(encoding="utf-8")
