"""Editing a lesson's text after import, without losing what points at its sentences.

Sentences are rows that claim labels, teacher notes, quiz answers and discussion anchors
point at. ``section_resplit`` splits an edited body again and keeps the identity of every
sentence whose text is unchanged; changing or removing a sentence that something points
at is refused (``sentences_referenced``), naming what points at it.
``section_check_body_change`` is the same refusal for a form, before anything is saved.
``bio_move_paragraph`` moves a paragraph between the end of the text and the author bio,
the lesson's last section (re-splitting both the same way).
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from lessons.locking import lock
from lessons.models import Lesson, Section, SectionRead, Sentence
from lessons.splitting import split_body_into_rows, split_paragraphs


def sentence_references(sentence_ids: Iterable[int]) -> dict[str, int]:
    """How many rows of each kind point at these sentences, e.g. {"claim labels": 2}.

    Every reverse relation of Sentence is counted (found through the model's meta, not
    listed), so a new model that points at sentences, in this app or one above it, is
    protected from a re-split without this function changing. One query per relation.
    """
    ids = list(sentence_ids)
    counts: dict[str, int] = {}
    if not ids:
        return counts
    for relation in Sentence._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            if not through._meta.auto_created:
                continue  # an explicit through model is counted by its own foreign key
            model, lookup = through, relation.field.m2m_reverse_field_name()
        else:
            model, lookup = relation.related_model, relation.field.name
        count = model._default_manager.filter(**{f"{lookup}__in": ids}).count()
        if count:
            # Each app names its own models (Meta.verbose_name): lessons names none.
            singular = str(model._meta.verbose_name)
            plural = str(model._meta.verbose_name_plural)
            noun = singular if count == 1 else plural
            counts[noun] = counts.get(noun, 0) + count
    return counts


def _describe_counts(counts: dict[str, int]) -> str:
    parts = [f"{count} {noun}" for noun, count in counts.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass
class _ResplitPlan:
    """How a section's stored sentences become those of a body.

    Sentences whose text is unchanged keep their row (and so every label, answer and
    anchor on them), even when they move; the others are deleted and created anew.
    """

    keep: list[tuple[Sentence, int, int]]  # sentence, new position, new paragraph
    remove: list[Sentence]
    create: list[tuple[int, int, str]]  # position, paragraph, text

    @property
    def changes_anything(self) -> bool:
        return bool(self.remove or self.create) or any(
            (sentence.position, sentence.paragraph) != (position, paragraph)
            for sentence, position, paragraph in self.keep
        )


def _resplit_plan(section: Section, body: str) -> _ResplitPlan:
    old = list(section.sentences.order_by("position"))
    new = split_body_into_rows(body)
    matcher = difflib.SequenceMatcher(
        a=[sentence.text for sentence in old], b=[text for _, text in new], autojunk=False
    )
    keep, remove, create = [], [], []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(old_end - old_start):
                paragraph = new[new_start + offset][0]
                keep.append((old[old_start + offset], new_start + offset + 1, paragraph))
        else:
            remove.extend(old[old_start:old_end])
            create.extend(
                (index + 1, new[index][0], new[index][1]) for index in range(new_start, new_end)
            )
    return _ResplitPlan(keep=keep, remove=remove, create=create)


def _refuse_if_referenced(section: Section, sentences: list[Sentence]) -> None:
    counts = sentence_references(sentence.pk for sentence in sentences)
    if counts:
        changed = len(sentences)
        raise ValidationError(
            "The sentences of “%(section)s” cannot be re-split: %(changed)s that would change "
            "or disappear %(verb)s referenced by %(references)s. Remove those first, or keep "
            "the wording of the referenced sentences as it is.",
            code="sentences_referenced",
            params={
                "section": section,
                "changed": f"{changed} sentence" if changed == 1 else f"{changed} sentences",
                "verb": "is" if changed == 1 else "are",
                "references": _describe_counts(counts),
            },
        )


def section_check_body_change(*, section: Section, body: str) -> None:
    """Raise ``sentences_referenced`` if storing this body would change a referenced sentence.

    For forms: lets the admin refuse an edit before anything is saved.
    """
    _refuse_if_referenced(section, _resplit_plan(section, body).remove)


@transaction.atomic
def section_resplit(*, section: Section, body: str | None = None) -> int:
    """Split the section's body (or a new body, which is then stored) into its sentences.

    Returns the number of sentences. Sentences whose text is unchanged keep their
    identity; any other stored sentence is replaced. Refuses with ``sentences_referenced``
    when a sentence that would be replaced has a claim label, a teacher note, a quiz
    answer or a discussion anchor (or any other row pointing at it), naming how many.
    """
    # Lock the section so two re-splits of it cannot interleave their renumbering.
    section = lock(section)
    if body is not None and body != section.body:
        section.body = body
        section.save(update_fields=["body"])
    plan = _resplit_plan(section, section.body)
    if not plan.changes_anything:
        return len(plan.keep)
    _refuse_if_referenced(section, plan.remove)
    if plan.remove:
        Sentence.objects.filter(pk__in=[sentence.pk for sentence in plan.remove]).delete()
    moved = [
        (sentence, position, paragraph)
        for sentence, position, paragraph in plan.keep
        if (sentence.position, sentence.paragraph) != (position, paragraph)
    ]
    if moved:
        # Positions are unique per section and checked row by row, so moved sentences
        # step out of the way (above any position in use) before taking their places.
        out_of_the_way = len(plan.keep) + len(plan.remove) + len(plan.create) + 1
        Sentence.objects.filter(pk__in=[sentence.pk for sentence, _, _ in moved]).update(
            position=F("position") + out_of_the_way
        )
        for sentence, position, paragraph in moved:
            sentence.position, sentence.paragraph = position, paragraph
        Sentence.objects.bulk_update(
            [sentence for sentence, _, _ in moved], ["position", "paragraph"]
        )
    Sentence.objects.bulk_create(
        Sentence(section=section, position=position, paragraph=paragraph, text=text)
        for position, paragraph, text in plan.create
    )
    return len(plan.keep) + len(plan.create)


class BioMove:
    """Directions of ``bio_move_paragraph``."""

    TO_BIO = "bio"
    TO_BODY = "body"


def _section_in_use(section: Section) -> dict[str, int]:
    """What besides its sentences and read marks points at a section (notes, questions)."""
    counts: dict[str, int] = {}
    for relation in Section._meta.related_objects:
        model = relation.related_model
        if model in (Sentence, SectionRead) or relation.many_to_many:
            continue
        count = model._default_manager.filter(**{relation.field.name: section}).count()
        if count:
            noun = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            counts[str(noun)] = count
    return counts


@transaction.atomic
def bio_move_paragraph(*, lesson: Lesson, to: str) -> str:
    """Move one paragraph between the end of the lesson's text and its author bio section.

    The bio is the lesson's last section, of kind ``author_bio`` ("About the author").
    ``to="bio"`` moves the last paragraph of the last section of the text to the start of
    the bio (when the importer missed a bio), making the bio section if there is none;
    ``to="body"`` moves the bio's first paragraph back as the text's new last paragraph
    (when the importer took a paragraph for a bio), removing the bio section when it is
    left empty. Both sections are re-split: sentences of the other paragraphs keep their
    identity, and moving a paragraph whose sentences are referenced is refused
    (``sentences_referenced``). Other refusals: ``no_sections``,
    ``section_would_be_empty``, ``no_bio``, ``bad_direction``, and ``bio_in_use`` when
    emptying the bio would delete notes or questions on it. Returns the paragraph moved.
    """
    if to not in (BioMove.TO_BIO, BioMove.TO_BODY):
        raise ValidationError("Move a paragraph to the bio or to the body.", code="bad_direction")
    lesson = lock(lesson)
    sections = list(lesson.sections.order_by("position"))
    bio = next((section for section in sections if section.is_author_bio), None)
    text_sections = [section for section in sections if not section.is_author_bio]
    if not text_sections:
        raise ValidationError("This lesson has no sections.", code="no_sections")
    last_section = text_sections[-1]
    paragraphs = split_paragraphs(last_section.body)
    bio_paragraphs = split_paragraphs(bio.body) if bio is not None else []
    if to == BioMove.TO_BIO:
        if len(paragraphs) < 2:
            raise ValidationError(
                "“%(section)s” has only one paragraph; moving it would leave the section empty.",
                code="section_would_be_empty",
                params={"section": last_section},
            )
        moved = paragraphs.pop()
        section_resplit(section=last_section, body="\n\n".join(paragraphs))
        if bio is None:
            bio = Section.objects.create(
                lesson=lesson,
                position=sections[-1].position + 1,
                kind=Section.Kind.AUTHOR_BIO,
                heading=Section.AUTHOR_BIO_HEADING,
                body=moved,
            )
            section_resplit(section=bio)
        else:
            section_resplit(section=bio, body="\n\n".join([moved, *bio_paragraphs]))
    else:
        if not bio_paragraphs:
            raise ValidationError("This lesson has no author bio to move.", code="no_bio")
        moved = bio_paragraphs.pop(0)
        if bio_paragraphs:
            section_resplit(section=bio, body="\n\n".join(bio_paragraphs))
        else:
            _refuse_if_referenced(bio, list(bio.sentences.all()))
            if in_use := _section_in_use(bio):
                raise ValidationError(
                    "The author bio cannot be moved into the text: its section has "
                    "%(references)s, which would be lost. Move or delete those first.",
                    code="bio_in_use",
                    params={"references": _describe_counts(in_use)},
                )
            bio.delete()
        section_resplit(section=last_section, body="\n\n".join([*paragraphs, moved]))
    lesson.save(update_fields=["updated_at"])
    return moved
