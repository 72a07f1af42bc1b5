"""Cached fragments (lessons.caching): served from the cache, never stale."""

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.urls import reverse

from lessons.caching import content_key
from lessons.models import Sentence
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    enrolled_student,
    lesson_with_sections,
)

pytestmark = pytest.mark.django_db


def test_the_key_follows_the_content():
    assert content_key(1, ("A.", "B.")) == content_key(1, ("A.", "B."))
    assert content_key(1, ("A.", "B.")) != content_key(1, ("A.", "B!"))
    assert content_key(1, ("A.B.",)) != content_key(1, ("A.", "B."))  # parts stay apart


@pytest.fixture
def assignment(teacher):
    classroom = ClassroomFactory(teachers=[teacher])
    return AssignmentFactory(lesson=lesson_with_sections(sections=2), classroom=classroom)


def _read(assignment, username):
    client = Client()
    client.force_login(enrolled_student(assignment.classroom, username=username))
    response = client.get(reverse("lessons:reading", args=[assignment.pk]))
    assert response.status_code == 200
    return response


def test_a_sections_text_is_rendered_once_for_the_whole_class(assignment):
    cache.clear()
    first = _read(assignment, "ada")
    view = first.context["page"].shown[0]
    key = make_template_fragment_key("reading-text", [view.text_cache_key])
    assert "Sentence 1 of section 1 says something." in cache.get(key)

    cache.set(key, "<p>from the cache</p>")  # what the next student's page is built from
    assert "<p>from the cache</p>" in _read(assignment, "bob").content.decode()


def test_an_edited_sentence_shows_at_once_although_the_old_text_is_cached(assignment):
    _read(assignment, "ada")
    Sentence.objects.filter(text="Sentence 2 of section 1 says something.").update(
        text="Sentence 2 now says something else."
    )
    html = _read(assignment, "bob").content.decode()
    assert "Sentence 2 now says something else." in html
    assert "Sentence 2 of section 1 says something." not in html
