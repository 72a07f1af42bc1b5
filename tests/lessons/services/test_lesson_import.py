"""Importing an article's text as a lesson (lessons.services.lesson_import)."""

import pytest

from lessons.importing import decode_article_bytes
from lessons.models import Lesson, Section, Sentence
from lessons.services.lesson_import import lesson_import, lesson_import_with_report
from tests.factories import LessonFactory, TeacherFactory
from tests.lessons.helpers import lesson_row_counts

pytestmark = pytest.mark.django_db


def test_import_of_the_seed_article(seed_article_text):
    report = lesson_import_with_report(text=seed_article_text)
    lesson = report.lesson
    assert lesson.title == "Why Does China Protect North Korea"
    assert lesson.slug == "why-does-china-protect-north-korea"
    assert lesson.status == Lesson.Status.DRAFT
    assert [s.heading for s in lesson.sections.order_by("position")] == [
        "Introduction",
        "Chinese Help in Times of Crisis",
        "Geopolitical Benefits",
        "Strategic Considerations",
        "UN Sanctions",
        "Conclusion",
        "About the author",
    ]
    # The bio is the last section, of its own kind, made of sentences (issue 13).
    bio = lesson.sections.order_by("position").last()
    assert (bio.kind, bio.position) == (Section.Kind.AUTHOR_BIO, 7)
    assert bio.body.startswith("Cassie Grissom is an American journalist")
    assert list(bio.sentences.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert not lesson.sections.exclude(pk=bio.pk).filter(kind=Section.Kind.AUTHOR_BIO).exists()
    sentences = Sentence.objects.filter(section__lesson=lesson)
    assert (report.section_count, report.sentence_count) == (7, sentences.count())
    assert report.sentence_count == 32
    assert report.dropped_debris == ["Leave a Comment"]
    assert not sentences.exclude(section=bio).filter(text__contains="Cassie").exists()
    assert not sentences.filter(text__contains="Leave a Comment").exists()
    assert "became the last section, “About the author”" in report.summary


def test_a_fresh_article_keeps_its_bio_as_the_last_section():
    lesson = lesson_import(
        text="A title\n\nFirst part. It goes on.\n\nJane Doe is a freelance science writer "
        "based in Lagos. She has written for many papers."
    )
    sections = list(lesson.sections.order_by("position"))
    assert [(s.position, s.kind, s.heading) for s in sections] == [
        (1, "body", ""),
        (2, "author_bio", "About the author"),
    ]
    assert list(sections[-1].sentences.values_list("text", flat=True)) == [
        "Jane Doe is a freelance science writer based in Lagos.",
        "She has written for many papers.",
    ]


def test_import_stores_bodies_positions_and_paragraph_indexes(seed_article_text):
    lesson = lesson_import(text=seed_article_text)
    geo = lesson.sections.get(heading="Geopolitical Benefits")
    assert geo.position == 3
    assert geo.body.count("\n\n") == 1  # two paragraphs joined by a blank line
    rows = list(geo.sentences.values_list("position", "paragraph"))
    assert rows == [(1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (6, 1)]
    assert geo.sentences.get(position=2).text.startswith("North Korea serves as a buffer")
    # Curly apostrophes survive byte for byte.
    assert "North Korea’s" in lesson.sections.get(position=1).sentences.get(position=2).text


def test_import_options_status_author_created_by_and_slug():
    teacher = TeacherFactory()
    lesson = lesson_import(
        text="A title\n\nA paragraph. Another one.",
        status="published",
        author="Ann Author",
        created_by=teacher,
        slug="my-own-slug",
    )
    assert (lesson.status, lesson.author, lesson.created_by, lesson.slug) == (
        "published",
        "Ann Author",
        teacher,
        "my-own-slug",
    )
    assert lesson.sections.get().heading == ""  # text before any heading: an opening section


def test_slugs_get_numbered_suffixes():
    text = "Same Title\n\nSome text here."
    slugs = [lesson_import(text=text).slug for _ in range(3)]
    assert slugs == ["same-title", "same-title-2", "same-title-3"]


def test_title_without_latin_letters_gets_a_fallback_slug():
    assert lesson_import(text="中国与朝鲜\n\n第一段。").slug == "lesson"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"text": ""}, "empty"),
        ({"text": "   \n\n  "}, "empty"),
        ({"text": "Only a title"}, "no_paragraphs"),
        ({"text": "T\n\n" + "x" * 200_001}, "too_large"),
        ({"text": "T\n\nBody.", "status": "archived"}, "invalid_status"),
    ],
)
def test_import_errors_create_nothing(kwargs, code, refusal_code):
    before = lesson_row_counts()
    assert refusal_code(lesson_import, **kwargs) == code
    assert lesson_row_counts() == before


def test_taken_explicit_slug_is_refused_and_creates_nothing(refusal_code):
    LessonFactory(slug="taken")
    before = lesson_row_counts()
    assert refusal_code(lesson_import, text="T\n\nBody text.", slug="taken") == "slug_taken"
    assert lesson_row_counts() == before


def _import_file(*, data: bytes) -> Lesson:
    """What import_lesson and the admin's upload do with a file's bytes."""
    return lesson_import(text=decode_article_bytes(data))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"Title\n\n\xff\xfe caf\xe9", "binary"),
        (b"T\n\n" + b"x" * 200_001, "too_large"),
    ],
)
def test_file_import_errors_create_nothing(data, code, refusal_code):
    before = lesson_row_counts()
    assert refusal_code(_import_file, data=data) == code
    assert lesson_row_counts() == before


def test_file_import_accepts_a_byte_order_mark_and_crlf():
    lesson = _import_file(data="\ufeffTitle\r\n\r\n“Quoted” text.\r\n".encode())
    assert lesson.title == "Title"
    assert lesson.sections.get().sentences.get().text == "“Quoted” text."
