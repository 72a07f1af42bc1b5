"""A lesson imported before the bio became a section keeps its bio, now as that section.

The database is taken back to lessons 0005 (the bio still a text field on the lesson),
filled through the historical models with a lesson whose bio is stored as text, a lesson
without one and a lesson that already has a bio section, then migrated forward again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("lessons", "0005_ownership_bio_sections_label_depth")]
BIO = "Ann Lee is a journalist living in Oslo. She writes about maps.\n\nShe has taught since 2011."


def migrate(targets, *, state_at):
    """Migrate the database to ``targets``; the historical models as of ``state_at``."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(state_at).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_a_stored_bio_becomes_the_last_section_made_of_sentences():
    old = migrate(BEFORE, state_at=BEFORE)
    Lesson = old.get_model("lessons", "Lesson")
    Section = old.get_model("lessons", "Section")
    Sentence = old.get_model("lessons", "Sentence")
    with_bio = Lesson.objects.create(title="Maps", slug="maps", author_bio=BIO)
    for position in (1, 2):
        section = Section.objects.create(
            lesson=with_bio, position=position, heading=f"Part {position}", body="Text."
        )
        Sentence.objects.create(section=section, position=1, text="Text.")
    without = Lesson.objects.create(title="No bio", slug="no-bio", author_bio="")
    Section.objects.create(lesson=without, position=1, body="Only text.")
    already = Lesson.objects.create(title="Done", slug="done", author_bio="Old copy.")
    Section.objects.create(
        lesson=already, position=1, kind="author_bio", heading="About the author", body="Kept."
    )

    new = migrate(latest(), state_at=latest())

    NewLesson = new.get_model("lessons", "Lesson")
    NewSection = new.get_model("lessons", "Section")
    assert "author_bio" not in {field.name for field in NewLesson._meta.get_fields()}
    sections = list(NewSection.objects.filter(lesson_id=with_bio.pk).order_by("position"))
    assert [(s.position, s.kind, s.heading) for s in sections] == [
        (1, "body", "Part 1"),
        (2, "body", "Part 2"),
        (3, "author_bio", "About the author"),
    ]
    bio = sections[-1]
    assert bio.body == BIO
    assert list(bio.sentences.order_by("position").values_list("paragraph", "text")) == [
        (0, "Ann Lee is a journalist living in Oslo."),
        (0, "She writes about maps."),
        (1, "She has taught since 2011."),
    ]
    assert not NewSection.objects.filter(lesson_id=without.pk, kind="author_bio").exists()
    assert list(NewSection.objects.filter(lesson_id=already.pk).values_list("kind", "body")) == [
        ("author_bio", "Kept.")
    ]


def test_going_back_puts_the_bio_text_back_on_the_lesson():
    state = migrate(latest(), state_at=latest())
    Lesson = state.get_model("lessons", "Lesson")
    Section = state.get_model("lessons", "Section")
    lesson = Lesson.objects.create(title="Maps", slug="maps")
    Section.objects.create(lesson=lesson, position=1, body="Text.")
    Section.objects.create(
        lesson=lesson, position=2, kind="author_bio", heading="About the author", body=BIO
    )

    old = migrate(BEFORE, state_at=BEFORE)

    assert old.get_model("lessons", "Lesson").objects.get(pk=lesson.pk).author_bio == BIO
    migrate(latest(), state_at=latest())  # and forward again, without a second bio section
    assert Section.objects.filter(lesson_id=lesson.pk, kind="author_bio").count() == 1
