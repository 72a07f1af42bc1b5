""" "Duplicate to edit": a teacher's own copy of a lesson from the shared library.

Any teacher may copy any lesson. The copy is a draft owned by the teacher, with the
original's text (sections and their sentences, the author's bio section included),
teacher notes and claim labels, so nothing the original's classes depend on changes when
the copy is edited. Apps above lessons copy what they keep on it (quizzes) through the
``lesson_copied`` extension hook.
"""

from __future__ import annotations

from django.db import transaction

from lessons import extensions
from lessons.models import ClaimLabel, Lesson, Section, Sentence, TeacherNote
from lessons.services.lesson_import import unique_lesson_slug


@transaction.atomic
def lesson_duplicate(*, lesson: Lesson, owner) -> Lesson:
    """A draft copy of ``lesson`` owned by ``owner``, titled "<title> (copy)".

    A bounded number of queries whatever the lesson's size: one read and one bulk insert
    per kind of row.
    """
    title = f"{lesson.title} (copy)"
    copy = Lesson.objects.create(
        title=title[:200],
        slug=unique_lesson_slug(title),
        author=lesson.author,
        publication=lesson.publication,
        source_url=lesson.source_url,
        published_on=lesson.published_on,
        status=Lesson.Status.DRAFT,
        created_by=owner,
        owner=owner,
    )
    sections = list(lesson.sections.order_by("position"))
    new_sections = Section.objects.bulk_create(
        [
            Section(
                lesson=copy,
                position=section.position,
                kind=section.kind,
                heading=section.heading,
                body=section.body,
            )
            for section in sections
        ]
    )
    section_map = {old.pk: new for old, new in zip(sections, new_sections, strict=True)}
    sentences = list(Sentence.objects.filter(section__lesson=lesson).order_by("pk"))
    new_sentences = Sentence.objects.bulk_create(
        [
            Sentence(
                section=section_map[sentence.section_id],
                position=sentence.position,
                paragraph=sentence.paragraph,
                text=sentence.text,
            )
            for sentence in sentences
        ]
    )
    sentence_map = {old.pk: new for old, new in zip(sentences, new_sentences, strict=True)}
    ClaimLabel.objects.bulk_create(
        [
            ClaimLabel(
                sentence=sentence_map[label.sentence_id],
                verdict=label.verdict,
                explanation=label.explanation,
                evidence=label.evidence,
                contested=label.contested,
                contested_reason=label.contested_reason,
                alternative_verdict=label.alternative_verdict,
                source_title=label.source_title,
                source_url=label.source_url,
                author=owner,
            )
            for label in ClaimLabel.objects.filter(sentence__section__lesson=lesson)
        ]
    )
    TeacherNote.objects.bulk_create(
        [
            TeacherNote(
                section=section_map[note.section_id],
                sentence=sentence_map.get(note.sentence_id),
                kind=note.kind,
                body=note.body,
                source=note.source,
                author=owner,
            )
            for note in TeacherNote.objects.filter(section__lesson=lesson)
        ]
    )
    extensions.lesson_copied(original=lesson, copy=copy, owner=owner)
    return copy
