"""The seed_demo command: the whole demo, idempotent, with working logins."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from lessons.models import ClaimLabel, Lesson, Sentence, TeacherNote
from quizzes.models import Question, Quiz

pytestmark = pytest.mark.django_db

User = get_user_model()


def model_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("auth", "lessons", "quizzes")
        for model in apps.get_app_config(app).get_models()
    }


def test_seed_demo_loads_everything_and_prints_the_logins():
    out = StringIO()
    call_command("seed_demo", "--password", "s3cret-demo", stdout=out)

    lesson = Lesson.objects.get()
    assert lesson.status == Lesson.Status.PUBLISHED
    # Six sections of text and the author's bio, the last section (issue 13).
    assert lesson.sections.count() == 7
    bio = lesson.sections.order_by("position").last()
    assert (bio.kind, bio.heading) == ("author_bio", "About the author")
    assert bio.body.startswith("Cassie Grissom is an American journalist")
    # Every sentence of the article, the bio's four included, is a claim the fact sheet
    # checks: each has a label.
    assert ClaimLabel.objects.count() == Sentence.objects.count() == 32
    assert all(section.notes.exists() for section in lesson.sections.all())
    assert TeacherNote.objects.filter(kind="discussion_prompt").count() >= 7
    assert not TeacherNote.objects.filter(source="").exists()
    quiz = Quiz.objects.get()
    assert quiz.status == Quiz.Status.PUBLISHED
    assert quiz.questions.count() >= 12
    assert quiz.questions.filter(kind=Question.Kind.SPOT_CLAIM).count() >= 4
    assert not quiz.questions.filter(explanation="").exists()
    assert not quiz.questions.filter(explanation_source="").exists()

    printed = out.getvalue()
    assert "teacher   teacher / s3cret-demo" in printed
    assert "student1 .. student25 / s3cret-demo" in printed
    # authenticate() is given the request, as sign-in protection needs it.
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="student25", password="s3cret-demo") is not None
    demo_teacher = authenticate(request, username="teacher", password="s3cret-demo")
    assert demo_teacher.is_staff
    assert demo_teacher.get_full_name() == "Demo Teacher"
    assert User.objects.get(username="student7").get_full_name() == "Student 7"


def test_seed_demo_twice_leaves_the_same_counts():
    call_command("seed_demo", stdout=StringIO())
    first = model_counts()
    call_command("seed_demo", stdout=StringIO())
    assert model_counts() == first
