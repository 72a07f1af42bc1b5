"""The lesson library in the admin (lessons.admin.library), as a teacher."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lessons.models import Assignment, ClaimLabel, Lesson, Section
from lessons.services.lesson_import import lesson_import
from tests.factories import (
    AssignmentFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    LessonFactory,
    TeacherFactory,
)
from tests.helpers import shown_messages

pytestmark = pytest.mark.django_db

ARTICLE = "A Test Article\n\nFirst part\n\nOne sentence. Two sentences.\n\nSecond part\n\nThree."
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


# Lessons: changelist, import view -----------------------------------------------------


def test_lesson_changelist_links_the_import_view(teacher_client):
    LessonFactory(title="Shared library lesson")
    response = teacher_client.get(reverse("admin:lessons_lesson_changelist"))
    assert response.status_code == 200
    assert reverse("admin:lessons_lesson_import") in response.content.decode()
    assert "Shared library lesson" in response.content.decode()  # lessons are shared


def test_import_view_shows_the_form(teacher_client):
    response = teacher_client.get(reverse("admin:lessons_lesson_import"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="text"' in page and 'name="file"' in page and 'name="publish"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page


def test_import_pasted_text(teacher_client, teacher):
    response = teacher_client.post(
        reverse("admin:lessons_lesson_import"), {"text": ARTICLE, "publish": "on"}
    )
    lesson = Lesson.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:lessons_lesson_change", args=[lesson.pk])
    assert (lesson.title, lesson.status, lesson.created_by) == (
        "A Test Article",
        "published",
        teacher,
    )
    assert shown_messages(response) == [
        "Imported “A Test Article”: 2 sections, 3 sentences, as a published."
    ]


def test_import_uploaded_file_as_draft(teacher_client):
    upload = SimpleUploadedFile("article.md", "\ufeff# Title\n\nBody “text”.".encode())
    response = teacher_client.post(reverse("admin:lessons_lesson_import"), {"file": upload})
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert (lesson.title, lesson.status) == ("Title", "draft")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"text": ""}, "Paste the article&#x27;s text or choose a file."),
        ({"text": "Only a title"}, "The article has a title but no paragraphs."),
        (
            {"file": SimpleUploadedFile("a.txt", b"\x89PNG\r\n\x1a\n\x00")},
            "This looks like a binary file",
        ),
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, "Upload a .txt or .md file"),
        ({"file": SimpleUploadedFile("a.txt", b"")}, "The submitted file is empty."),
        (
            {"text": ARTICLE, "file": SimpleUploadedFile("a.txt", b"T\n\nBody.")},
            "Paste the text or upload a file, not both.",
        ),
    ],
)
def test_import_errors_show_in_the_page_and_create_nothing(teacher_client, data, expected):
    response = teacher_client.post(reverse("admin:lessons_lesson_import"), data)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert 'class="errornote"' in response.content.decode()
    assert not Lesson.objects.exists()


def test_import_view_refuses_students(client, student):
    client.force_login(student)
    response = client.get(reverse("admin:lessons_lesson_import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Lessons: editing sections and the bio ------------------------------------------------


def _inline_data(lesson, **changes) -> dict:
    """The Lesson change form's POST data with its section inline, as the admin renders it."""
    sections = list(lesson.sections.order_by("position"))
    data = {
        "title": lesson.title,
        "slug": lesson.slug,
        "status": lesson.status,
        "author": lesson.author,
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(sections)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, section in enumerate(sections):
        data.update(
            {
                f"sections-{index}-id": str(section.pk),
                f"sections-{index}-lesson": str(lesson.pk),
                f"sections-{index}-position": str(section.position),
                f"sections-{index}-heading": section.heading,
                f"sections-{index}-body": section.body,
            }
        )
    data.update(changes)
    return data


def test_lesson_change_page_shows_sections_and_sentence_counts(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    response = teacher_client.get(reverse("admin:lessons_lesson_change", args=[lesson.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "First part" in page and "Second part" in page
    assert reverse("admin:lessons_lesson_bio_move", args=[lesson.pk, "bio"]) in page


def test_editing_a_section_body_in_the_lesson_resplits_it(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    response = teacher_client.post(
        url, _inline_data(lesson, **{"sections-1-body": "Three. Four and more."})
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    second = lesson.sections.get(position=2)
    assert list(second.sentences.values_list("text", flat=True)) == ["Three.", "Four and more."]


def test_editing_a_referenced_section_body_is_refused_in_the_form(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    first = lesson.sections.get(position=1)
    ClaimLabelFactory(sentence=first.sentences.get(position=1))
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    response = teacher_client.post(
        url, _inline_data(lesson, **{"sections-0-body": "Rewritten entirely."})
    )
    assert response.status_code == 200
    assert "cannot be re-split" in response.content.decode()
    first.refresh_from_db()
    assert first.body == "One sentence. Two sentences."


def test_bio_move_buttons(teacher_client, teacher):
    lesson = lesson_import(
        text="T\n\nOne. Two.\n\nThree.\n\nAnn Lee is a British writer living in York.",
        created_by=teacher,
    )
    to_body = reverse("admin:lessons_lesson_bio_move", args=[lesson.pk, "body"])
    assert teacher_client.get(to_body).status_code == 405
    response = teacher_client.post(to_body)
    assert response.status_code == 302
    assert not lesson.sections.filter(kind="author_bio").exists()
    assert lesson.sections.get().body.endswith("Ann Lee is a British writer living in York.")
    assert shown_messages(response)[0].startswith("Moved “Ann Lee is a British writer")
    response = teacher_client.post(to_body)
    assert shown_messages(response)[-1] == "This lesson has no author bio to move."


# Sections: the re-split action --------------------------------------------------------


def test_resplit_action_refuses_referenced_sections_with_a_message(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    labelled = lesson.sections.get(position=1)
    ClaimLabelFactory(sentence=labelled.sentences.get(position=2))
    free = lesson.sections.get(position=2)
    # Bodies edited outside the admin (or a better splitter): both need re-splitting.
    Section.objects.filter(pk=labelled.pk).update(body="One sentence. Two changed.")
    Section.objects.filter(pk=free.pk).update(body="Three. Four.")
    response = teacher_client.post(
        reverse("admin:lessons_section_changelist"),
        {"action": "resplit_sentences", "_selected_action": [labelled.pk, free.pk]},
    )
    assert response.status_code == 302
    messages = shown_messages(response)
    assert any("“First part” cannot be re-split" in m and "1 claim label" in m for m in messages), (
        messages
    )
    assert "Re-split 1 section." in messages
    assert free.sentences.count() == 2
    assert labelled.sentences.get(position=2).text == "Two sentences."  # untouched
    assert ClaimLabel.objects.count() == 1


def test_section_change_page_lists_sentences_read_only_and_notes(teacher_client):
    lesson = lesson_import(text=ARTICLE)
    section = lesson.sections.get(position=1)
    ClaimLabelFactory(sentence=section.sentences.get(position=1), verdict="opinion")
    response = teacher_client.get(reverse("admin:lessons_section_change", args=[section.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "One sentence." in page and "Opinion" in page
    assert 'name="sentences-0-text"' not in page  # read-only
    assert 'name="notes-TOTAL_FORMS"' in page


def test_claim_label_editable_from_the_sentence(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    sentence = lesson.sections.get(position=1).sentences.get(position=1)
    url = reverse("admin:lessons_sentence_change", args=[sentence.pk])
    assert teacher_client.get(url).status_code == 200
    response = teacher_client.post(
        url,
        {
            "label-TOTAL_FORMS": "1",
            "label-INITIAL_FORMS": "0",
            "label-MIN_NUM_FORMS": "0",
            "label-MAX_NUM_FORMS": "1",
            "label-0-verdict": "unsupported",
            "label-0-explanation": "No evidence given.",
            "label-0-source_title": "",
            "label-0-source_url": "",
        },
    )
    assert response.status_code == 302
    label = ClaimLabel.objects.get(sentence=sentence)
    assert (label.verdict, label.author) == ("unsupported", teacher)
    sentence.refresh_from_db()
    assert sentence.text == "One sentence."


def test_sentence_pages_count_paragraphs_from_one(teacher_client):
    """Teachers read "paragraph 1" for the first paragraph, not the stored index 0."""
    lesson = lesson_import(text=ARTICLE)
    sentence = lesson.sections.get(position=1).sentences.get(position=1)
    assert sentence.paragraph == 0
    page = teacher_client.get(
        reverse("admin:lessons_sentence_change", args=[sentence.pk])
    ).content.decode()
    assert re.search(r'Paragraph:</label>\s*<div class="readonly">1</div>', page)
    section_page = teacher_client.get(
        reverse("admin:lessons_section_change", args=[sentence.section_id])
    ).content.decode()
    assert re.search(r'<td class="field-paragraph_number">\s*<p>1</p>', section_page)


def test_sentence_search(teacher_client):
    lesson_import(text=ARTICLE)
    response = teacher_client.get(reverse("admin:lessons_sentence_changelist"), {"q": "Three"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_claim_label_filters(teacher_client):
    ClaimLabelFactory(verdict="opinion")
    ClaimLabelFactory(verdict="inaccurate")
    url = reverse("admin:lessons_claimlabel_changelist")
    assert teacher_client.get(url, {"verdict__exact": "opinion"}).context["cl"].result_count == 1


# Lessons: the assign action ---------------------------------------------------------


def _dates(days=7) -> dict:
    """Opening and due times as the assign action's datetime-local inputs send them."""
    opens = timezone.localtime() + timedelta(hours=1)
    return {
        "opens_at": opens.strftime(DATETIME_LOCAL),
        "due_at": (opens + timedelta(days=days)).strftime(DATETIME_LOCAL),
    }


def test_assign_action_shows_an_intermediate_page(teacher_client, own_class, other_class):
    lesson = LessonFactory(title="To assign")
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {"action": "assign_to_class", "_selected_action": [lesson.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "To assign" in page
    assert "Own class" in page and "Foreign class" not in page
    assert 'type="datetime-local"' in page
    assert not Assignment.objects.exists()


def test_assign_action_creates_assignments(teacher_client, teacher, own_class):
    lessons = [LessonFactory(title="A"), LessonFactory(title="B")]
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {
            "action": "assign_to_class",
            "_selected_action": [lesson.pk for lesson in lessons],
            "apply": "1",
            "classroom": own_class.pk,
            **_dates(),
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(classroom=own_class, assigned_by=teacher).count() == 2
    assert shown_messages(response) == ["Assigned to Own class: “A”, “B”."]


def test_assign_action_sets_the_discussion_switch_as_the_teaching_pages_do(
    teacher_client, own_class
):
    lesson = LessonFactory()
    teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {
            "action": "assign_to_class",
            "_selected_action": [lesson.pk],
            "apply": "1",
            "classroom": own_class.pk,
            "discussion_post_first": "on",
            **_dates(),
        },
    )
    assert Assignment.objects.get(lesson=lesson).discussion_post_first


def test_assign_action_with_a_foreign_class_id_is_a_form_error(
    teacher_client, own_class, other_class
):
    lesson = LessonFactory()
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {
            "action": "assign_to_class",
            "_selected_action": [lesson.pk],
            "apply": "1",
            "classroom": other_class.pk,
            **_dates(),
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_assign_action_reports_each_refused_lesson(teacher_client, own_class):
    already = LessonFactory(title="Already")
    AssignmentFactory(lesson=already, classroom=own_class)
    draft = LessonFactory(title="Draft", status="draft")
    fresh = LessonFactory(title="Fresh")
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {
            "action": "assign_to_class",
            "_selected_action": [already.pk, draft.pk, fresh.pk],
            "apply": "1",
            "classroom": own_class.pk,
            **_dates(),
        },
    )
    messages = shown_messages(response)
    assert "“Already” is already assigned to “Own class”." in messages
    assert (
        "Left out, as drafts students cannot see: “Draft”. Publish them first (“Publish "
        "selected lessons”), or use “Publish and assign” on the teaching pages."
    ) in messages
    assert "Assigned to Own class: “Fresh”." in messages


def test_assign_action_on_one_draft_goes_to_publish_and_assign(teacher_client, own_class):
    draft = LessonFactory(title="Draft", status="draft")
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {"action": "assign_to_class", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('lessons:assignment_new')}?lesson={draft.pk}"


def test_publish_and_unpublish_actions_follow_the_ownership_rule(teacher_client, teacher):
    mine = LessonFactory(title="Mine", status="draft", owner=teacher)
    theirs = LessonFactory(title="Theirs", status="draft", owner=TeacherFactory())
    changelist = reverse("admin:lessons_lesson_changelist")
    response = teacher_client.post(
        changelist, {"action": "publish", "_selected_action": [mine.pk, theirs.pk]}
    )
    assert shown_messages(response) == [
        "“Theirs” was not changed: only its owner and co-editors change it.",
        "Published: “Mine”.",
    ]
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("published", "draft")

    used = LessonFactory(title="Used", owner=teacher)
    AssignmentFactory(lesson=used, classroom=ClassroomFactory(teachers=[teacher]))
    response = teacher_client.post(
        changelist, {"action": "unpublish", "_selected_action": [mine.pk, used.pk]}
    )
    messages = shown_messages(response)
    assert "Took back to draft: “Mine”." in messages
    assert any("confirm on the lesson's page" in message for message in messages)
    used.refresh_from_db()
    assert used.status == "published"


def test_assign_action_without_classes_says_what_to_do(teacher_client):
    lesson = LessonFactory()
    response = teacher_client.post(
        reverse("admin:lessons_lesson_changelist"),
        {"action": "assign_to_class", "_selected_action": [lesson.pk]},
    )
    assert response.status_code == 302
    assert shown_messages(response) == [
        "You teach no classes yet. Add a class first, then assign lessons to it."
    ]


def test_actions_change_only_the_lessons_i_may_change(teacher_client, teacher):
    """Ownership holds in bulk actions too: other teachers' sections are left alone."""
    mine = lesson_import(text=ARTICLE, created_by=teacher)
    theirs = lesson_import(text=ARTICLE, created_by=TeacherFactory())
    sections = [mine.sections.get(position=2), theirs.sections.get(position=2)]
    for section in sections:
        Section.objects.filter(pk=section.pk).update(body="Three. Four.")

    response = teacher_client.post(
        reverse("admin:lessons_section_changelist"),
        {"action": "resplit_sentences", "_selected_action": [s.pk for s in sections]},
    )

    messages = shown_messages(response)
    assert "“Second part” was not changed: only its owner and co-editors change it." in messages
    assert "Re-split 1 section." in messages
    assert [s.sentences.count() for s in sections] == [2, 1]


def test_two_sections_swap_places_in_one_save(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    first, second = lesson.sections.order_by("position")
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    response = teacher_client.post(
        url, _inline_data(lesson, **{"sections-0-position": "2", "sections-1-position": "1"})
    )
    assert response.status_code == 302
    assert list(lesson.sections.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_a_section_may_take_the_place_of_one_deleted_in_the_same_save(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    second = lesson.sections.get(position=2)
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    response = teacher_client.post(
        url, _inline_data(lesson, **{"sections-0-DELETE": "on", "sections-1-position": "1"})
    )
    assert response.status_code == 302
    assert list(lesson.sections.values_list("pk", "position")) == [(second.pk, 1)]


@pytest.mark.parametrize(
    "tampered",
    [
        {"sections-INITIAL_FORMS": "0"},  # the posted rows claim to be new
        {"sections-1-position": "1"},  # two rows at one place
    ],
)
def test_a_position_taken_twice_is_refused_in_the_page(teacher_client, teacher, tampered):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    before = list(lesson.sections.values_list("pk", "position", "body"))
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    response = teacher_client.post(url, _inline_data(lesson, **tampered))
    assert response.status_code == 200
    assert "already at position 1" in response.content.decode()
    assert list(lesson.sections.values_list("pk", "position", "body")) == before


def test_a_sections_own_page_refuses_a_position_taken(teacher_client, teacher):
    lesson = lesson_import(text=ARTICLE, created_by=teacher)
    second = lesson.sections.get(position=2)
    url = reverse("admin:lessons_section_change", args=[second.pk])
    data = {"position": "1", "heading": second.heading, "body": second.body}
    for prefix in ("sentences", "notes"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = teacher_client.post(url, data)
    assert response.status_code == 200
    assert "already at position 1" in response.content.decode()
    second.refresh_from_db()
    assert second.position == 2
