"""Importing an article's text as a lesson: its sections and their sentences, in one go.

The text is parsed by the pure ``lessons.importing`` (outside the transaction: sentence
splitting is the slow step); the rows are written here, in one transaction, so a refused
import creates nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from lessons.importing import ParsedArticle, parse_article
from lessons.models import Lesson, Section, Sentence

# Lesson.slug is a SlugField(max_length=220); leave room for a "-123" suffix.
_SLUG_BASE_MAX_LENGTH = 200


@dataclass(frozen=True)
class LessonImportReport:
    """A lesson just imported, with what the importer did that a teacher should know."""

    lesson: Lesson
    section_count: int
    sentence_count: int
    dropped_debris: list[str] = field(default_factory=list)  # "Leave a Comment", ...
    skipped_headings: list[str] = field(default_factory=list)  # headings with no text
    has_author_bio: bool = False  # the last section is the author's bio

    @property
    def summary(self) -> str:
        """What was imported, in a sentence or four for the teacher's confirmation message."""
        lesson = self.lesson
        parts = [
            f"Imported “{lesson.title}”: {self.section_count} sections, "
            f"{self.sentence_count} sentences, as a {lesson.get_status_display().lower()}."
        ]
        if self.has_author_bio:
            parts.append(
                "The closing author bio became the last section, “About the author”, so its "
                "claims can be labelled and asked about like the rest."
            )
        if self.dropped_debris:
            parts.append(
                "Dropped from the end: "
                + ", ".join(f"“{text}”" for text in self.dropped_debris)
                + "."
            )
        if self.skipped_headings:
            parts.append(
                "Headings with no text under them were left out: "
                + ", ".join(f"“{text}”" for text in self.skipped_headings)
                + "."
            )
        return " ".join(parts)


def unique_lesson_slug(title: str) -> str:
    """A slug from the title, with -2, -3, ... appended when it is taken."""
    base = slugify(title)[:_SLUG_BASE_MAX_LENGTH].strip("-") or "lesson"
    taken = set(Lesson.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _lesson_create_from_parsed(
    *,
    parsed: ParsedArticle,
    created_by,
    status: str,
    slug: str | None,
    author: str,
) -> LessonImportReport:
    if status not in Lesson.Status.values:
        raise ValidationError(
            "Unknown lesson status %(status)s.", code="invalid_status", params={"status": status}
        )
    if slug is not None:
        slug = slugify(slug)
        if not slug:
            raise ValidationError("Give the lesson a slug of letters and digits.", code="bad_slug")
        if Lesson.objects.filter(slug=slug).exists():
            raise ValidationError(
                "A lesson with the address name “%(slug)s” exists already.",
                code="slug_taken",
                params={"slug": slug},
            )
    lesson = Lesson(
        title=parsed.title,
        slug=slug or unique_lesson_slug(parsed.title),
        author=author,
        status=status,
        created_by=created_by,
        owner=created_by,
    )
    lesson.full_clean()
    lesson.save()
    sentences = []
    for position, parsed_section in enumerate(parsed.sections, start=1):
        section = Section.objects.create(
            lesson=lesson,
            position=position,
            kind=Section.Kind.AUTHOR_BIO if parsed_section.is_author_bio else Section.Kind.BODY,
            heading=parsed_section.heading,
            body=parsed_section.body,
        )
        sentences.extend(
            Sentence(section=section, position=number, paragraph=paragraph, text=text)
            for number, (paragraph, text) in enumerate(
                zip(parsed_section.sentence_paragraphs, parsed_section.sentences, strict=True),
                start=1,
            )
        )
    Sentence.objects.bulk_create(sentences, batch_size=500)
    return LessonImportReport(
        lesson=lesson,
        section_count=len(parsed.sections),
        sentence_count=len(sentences),
        dropped_debris=list(parsed.dropped_debris),
        skipped_headings=list(parsed.skipped_headings),
        has_author_bio=bool(parsed.author_bio),
    )


def lesson_import_with_report(
    *,
    text: str,
    created_by=None,
    status: str = Lesson.Status.DRAFT,
    slug: str | None = None,
    author: str = "",
) -> LessonImportReport:
    """Import an article's text as a lesson and say what was made of it.

    The lesson, its sections (bodies are the paragraphs joined by blank lines; a closing
    author bio is the last, of kind ``author_bio``) and their sentences are created in
    one transaction: on any ValidationError (from the parser:
    ``empty``, ``no_paragraphs``, ``too_large``, ...; here: ``slug_taken``,
    ``invalid_status``) nothing is created. Without a slug one is made from the title,
    with -2, -3, ... when taken.
    """
    parsed = parse_article(text)  # slow (sentence splitting) and pure: outside the transaction
    for _ in range(3):
        try:
            with transaction.atomic():
                return _lesson_create_from_parsed(
                    parsed=parsed, created_by=created_by, status=status, slug=slug, author=author
                )
        except IntegrityError:
            # Another import took the same slug between our check and our insert.
            if slug is not None:
                break
    raise ValidationError(
        "Another lesson took this lesson's address at the same moment. Try again.",
        code="slug_taken",
    )


def lesson_import(
    *,
    text: str,
    created_by=None,
    status: str = Lesson.Status.DRAFT,
    slug: str | None = None,
    author: str = "",
) -> Lesson:
    """Import an article's text as a lesson; see ``lesson_import_with_report``."""
    return lesson_import_with_report(
        text=text, created_by=created_by, status=status, slug=slug, author=author
    ).lesson
