"""The author bio becomes the lesson's last section; a label may name a second verdict.

Lessons imported before kept the bio as ``Lesson.author_bio`` text, which had no
sentences, so it could not be labelled, asked about or discussed. Each such bio becomes
a section of kind ``author_bio`` headed "About the author", placed after the last
section and split into sentences exactly as the importer splits a section (with
``lessons.splitting``, which is pure and keeps no state), and the text field is dropped:
one place for the bio, so nothing can write it back to the old one.

Going back copies each bio section's text into the restored field and leaves the
section in place (deleting it could drop labels, notes or answers on its sentences);
going forward again skips a lesson that already has its bio section.
"""

from django.db import migrations, models

BIO_HEADING = "About the author"


def bios_become_sections(apps, schema_editor):
    from lessons.splitting import split_body_into_rows

    Lesson = apps.get_model("lessons", "Lesson")
    Section = apps.get_model("lessons", "Section")
    Sentence = apps.get_model("lessons", "Sentence")
    with_bio_section = set(
        Section.objects.filter(kind="author_bio").values_list("lesson_id", flat=True)
    )
    for lesson in Lesson.objects.exclude(author_bio="").order_by("pk"):
        body = lesson.author_bio.strip()
        if not body or lesson.pk in with_bio_section:
            continue
        last = (
            Section.objects.filter(lesson=lesson)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        section = Section.objects.create(
            lesson=lesson,
            position=(last or 0) + 1,
            kind="author_bio",
            heading=BIO_HEADING,
            body=body,
        )
        Sentence.objects.bulk_create(
            Sentence(section=section, position=number, paragraph=paragraph, text=text)
            for number, (paragraph, text) in enumerate(split_body_into_rows(body), start=1)
        )


def bio_sections_become_text(apps, schema_editor):
    Lesson = apps.get_model("lessons", "Lesson")
    Section = apps.get_model("lessons", "Section")
    for section in Section.objects.filter(kind="author_bio"):
        Lesson.objects.filter(pk=section.lesson_id).update(author_bio=section.body)


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0005_ownership_bio_sections_label_depth"),
    ]

    operations = [
        migrations.AddField(
            model_name="claimlabel",
            name="alternative_verdict",
            field=models.CharField(
                blank=True,
                choices=[
                    ("supported", "Supported"),
                    ("unsupported", "Unsupported"),
                    ("inaccurate", "Inaccurate"),
                    ("logical_flaw", "Logical flaw"),
                    ("vague", "Vague (too general to check)"),
                    ("opinion", "Opinion (a value judgement)"),
                ],
                help_text="A second verdict a careful reader could defend: a judgement call "
                "on the kind of problem, not on whether there is one. When reasons are asked, "
                "its reason earns the reason's credit too.",
                max_length=20,
                verbose_name="also defensible as",
            ),
        ),
        migrations.RunPython(bios_become_sections, bio_sections_become_text),
        migrations.RemoveField(
            model_name="lesson",
            name="author_bio",
        ),
    ]
