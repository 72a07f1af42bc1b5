"""GIFT import (upload or paste, preview, confirm) and export in the quiz admin."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.interchange.gift import parse_gift
from quizzes.models import Question
from tests.factories import QuizFactory, TeacherFactory, UserFactory, quiz_with_every_kind
from tests.helpers import get_ok, shown_messages
from tests.quizzes.admin.helpers import quiz_url, single_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(teacher):
    """A draft quiz the teacher owns (only owners and co-editors change a quiz)."""
    return QuizFactory(status="draft", title="Claims quiz", owner=teacher)


GIFT = (
    "::Capital::What is the capital of France? {=Paris#Yes. ~Lyon#No. ####Paris it is.}\n\n"
    "::Multi::Which are neighbours? {~%50%China ~%-100%Japan ~%50%Russia ~%-100%Peru}\n\n"
    "::Essay::Why? {}\n"
)


def import_url(quiz) -> str:
    return reverse("admin:quizzes_quiz_import_gift", args=[quiz.pk])


def export_url(quiz) -> str:
    return reverse("admin:quizzes_quiz_export_gift", args=[quiz.pk])


class _Inputs(HTMLParser):
    """Every form control of the page's main content and the ids labels point at."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label" and attributes.get("for"):
            self.labelled.add(attributes["for"])
        if tag in ("input", "textarea", "select"):
            self.controls.append({"tag": tag, **attributes})


def assert_every_input_labelled(html: str) -> None:
    content = html[html.index('id="content-main"') :]
    parser = _Inputs()
    parser.feed(content)
    for control in parser.controls:
        if control.get("type") in ("hidden", "submit"):
            continue
        assert control.get("id") in parser.labelled, control


def test_quiz_page_links_to_import_and_export(teacher_client, quiz):
    page = get_ok(teacher_client, quiz_url(quiz)).content.decode()
    assert f'href="{import_url(quiz)}">Import GIFT…</a>' in page
    assert f'href="{export_url(quiz)}" download>Export as GIFT</a>' in page


def test_import_page_offers_a_file_or_pasted_text_with_labels(staff_client, quiz):
    html = get_ok(staff_client, import_url(quiz)).content.decode()
    assert '<label for="id_file">GIFT file</label>' in html
    assert '<label for="id_text">Or paste GIFT text</label>' in html
    assert 'aria-describedby="id_text_helptext"' in html
    assert_every_input_labelled(html)


def test_preview_lists_every_question_and_warning_and_saves_nothing(staff_client, quiz):
    single_choice(quiz, 1)
    response = staff_client.post(import_url(quiz), {"text": GIFT, "preview": "Preview"})
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"\s+", " ", html)
    assert "Preview: 2 questions to add" in text
    assert "Nothing is saved yet" in text
    assert "<strong>Question 2</strong> · Single choice · 1 point" in text
    assert "<strong>Question 3</strong> · Multiple choice · 1 point" in text
    assert 'cw-mark--right">Right:</span> Paris <em>— feedback: Yes.</em>' in text
    assert 'cw-mark--wrong">Wrong:</span> Lyon' in text
    assert 'Explanation:</dt><dd class="cw-prompt">Paris it is.</dd>' in text
    assert "Scored differently from Moodle" in text
    assert "Not imported:</span> Essay" in text
    assert "the app has no essay questions" in text
    assert "Question titles (::title::) are not kept" in text
    assert 'value="Import these 2 questions"' in html
    assert_every_input_labelled(html)
    assert quiz.questions.count() == 1


def test_confirm_saves_all_the_previewed_questions(staff_client, quiz):
    single_choice(quiz, 1)
    preview = staff_client.post(import_url(quiz), {"text": GIFT, "preview": "Preview"})
    sent_back = preview.context["confirm_form"]["gift"].value()
    assert sent_back == GIFT
    response = staff_client.post(import_url(quiz), {"gift": sent_back, "confirm": "Import"})
    assert response["Location"] == quiz_url(quiz)
    assert list(quiz.questions.order_by("position").values_list("position", "kind")) == [
        (1, "single_choice"),
        (2, "single_choice"),
        (3, "multiple_choice"),
    ]
    capital = quiz.questions.get(position=2)
    assert capital.explanation == "Paris it is."
    assert list(capital.choices.values_list("text", "is_correct", "feedback")) == [
        ("Paris", True, "Yes."),
        ("Lyon", False, "No."),
    ]
    assert shown_messages(response) == [
        f"Imported 2 questions from GIFT into “{quiz.title}” (Q2–Q3), with the 3 warnings "
        "the preview showed."
    ]


def test_uploaded_file_previews_like_pasted_text(staff_client, quiz):
    upload = SimpleUploadedFile("bank.gift", ("\ufeff" + GIFT).encode("utf-8"), "text/plain")
    response = staff_client.post(import_url(quiz), {"file": upload, "preview": "Preview"})
    assert response.status_code == 200
    assert response.context["plan"].ok
    assert response.context["confirm_form"]["gift"].value() == GIFT
    assert not quiz.questions.exists()


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        (GIFT + "\n::Broken::Pick {=a ~b\n\n::Fine::Sky blue? {T}", "Line 7: the answer block"),
        ("Pick {\n~%50%a\n~%33.33%b\n}", "Line 3 (in the question starting on line 1): weights"),
        ("::Essay::Why? {}", "None of the questions can be represented in the app"),
    ],
)
def test_malformed_input_shows_the_line_and_saves_nothing(staff_client, quiz, source, fragment):
    response = staff_client.post(import_url(quiz), {"text": source, "preview": "Preview"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert fragment in html
    assert 'name="confirm"' not in html
    assert source.split("\n")[0] in html  # the pasted text is kept to correct
    # A confirm with broken text (a forged post) saves nothing either.
    forged = staff_client.post(import_url(quiz), {"gift": source, "confirm": "Import"})
    assert forged.status_code == 400
    assert not quiz.questions.exists()


def test_non_utf8_upload_is_refused_with_its_line(staff_client, quiz):
    upload = SimpleUploadedFile("bank.gift", "Caf\u00e9? {T}".encode("cp1252"))
    response = staff_client.post(import_url(quiz), {"file": upload, "preview": "Preview"})
    assert response.status_code == 400
    assert "Line 1: the file is not UTF-8" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "upload", "message"),
    [
        ("", False, "Choose a GIFT file or paste GIFT text."),
        ("   ", False, "Choose a GIFT file or paste GIFT text."),
        (GIFT, True, "Give a file or pasted text, not both."),
    ],
)
def test_form_says_what_is_missing(staff_client, quiz, text, upload, message):
    data = {"text": text, "preview": "Preview"}
    if upload:
        data["file"] = SimpleUploadedFile("a.gift", b"Q {T}")
    response = staff_client.post(import_url(quiz), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_confirm_without_the_text_asks_to_paste_again(staff_client, quiz):
    response = staff_client.post(import_url(quiz), {"confirm": "Import"})
    assert response.status_code == 400
    assert "The previewed text was lost on the way" in response.content.decode()
    assert not quiz.questions.exists()


def test_import_and_export_need_the_right_to_edit_the_quiz(client, quiz):
    """As editing the quiz: another teacher (who may view it) may neither import nor export."""
    other_teacher = TeacherFactory()
    client.force_login(other_teacher)
    assert client.get(quiz_url(quiz)).status_code == 200  # viewing is allowed
    assert client.get(import_url(quiz)).status_code == 403
    assert client.post(import_url(quiz), {"gift": GIFT, "confirm": "Import"}).status_code == 403
    assert client.get(export_url(quiz)).status_code == 403
    changelist = reverse("admin:quizzes_quiz_changelist")
    action = {"action": "export_gift", "_selected_action": [quiz.pk]}
    assert client.post(changelist, action).status_code == 403
    assert not quiz.questions.exists()
    # Changing quizzes without adding questions: export, but no import.
    editor = UserFactory(username="editor", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_quiz", "view_quiz"])
    )
    quiz.co_editors.add(editor)
    client.force_login(editor)
    assert client.get(export_url(quiz)).status_code == 200
    assert client.get(import_url(quiz)).status_code == 403


def test_unknown_quiz_redirects_like_the_admin(staff_client):
    response = staff_client.get(reverse("admin:quizzes_quiz_import_gift", args=[999999]))
    assert response.status_code == 302


def test_export_downloads_the_quiz_as_gift(staff_client, teacher):
    quiz = quiz_with_every_kind(title="Checking claims", owner=teacher)
    response = staff_client.get(export_url(quiz))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="checking-claims.gift"'
    assert "no-store" in response["Cache-Control"]
    result = parse_gift(response.content.decode("utf-8"))
    assert result.errors == () and len(result.questions) == 5


def test_export_action_downloads_the_selected_quizzes(staff_client, teacher):
    first = quiz_with_every_kind(title="First", owner=teacher)
    second = QuizFactory(title="Second", owner=teacher)
    single_choice(second, 1)
    changelist = reverse("admin:quizzes_quiz_changelist")
    one = staff_client.post(changelist, {"action": "export_gift", "_selected_action": [first.pk]})
    assert one["Content-Disposition"] == 'attachment; filename="first.gift"'
    both = staff_client.post(
        changelist, {"action": "export_gift", "_selected_action": [first.pk, second.pk]}
    )
    assert both["Content-Disposition"] == 'attachment; filename="quizzes.gift"'
    result = parse_gift(both.content.decode())
    assert {q.category for q in result.questions} == {"$course$/top/First", "$course$/top/Second"}
    assert len(result.questions) == 6
    assert Question.objects.count() == 6
