"""The seed_demo command: the whole demo, idempotent, with working logins."""

from datetime import date, datetime, timedelta
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


def test_seed_demo_makes_an_admin_with_the_same_password_and_prints_the_address():
    out = StringIO()
    call_command(
        "seed_demo", "--password", "s3cret-demo", "--url", "http://127.0.0.1:8001/", stdout=out
    )
    printed = out.getvalue()
    assert "admin     admin / s3cret-demo  (superuser)" in printed
    assert "Open http://127.0.0.1:8001/ and sign in." in printed
    request = RequestFactory().post("/accounts/login/")
    admin = authenticate(request, username="admin", password="s3cret-demo")
    assert admin.is_superuser and admin.is_staff


def test_the_demo_assignment_has_post_first_and_is_due_on_a_friday_at_five(settings):
    from django.utils import timezone

    from lessons.models import Assignment

    call_command("seed_demo", stdout=StringIO())
    assignment = Assignment.objects.get()
    assert assignment.discussion_post_first
    due = timezone.localtime(assignment.due_at)
    assert (due.weekday(), due.hour, due.minute) == (4, 17, 0)
    assert due - timezone.localtime() >= timedelta(days=2)


def test_demo_due_date_is_next_friday_at_five_whatever_the_day():
    from django.utils import timezone

    from lessons.demo.seeding import demo_due_at

    zone = timezone.get_current_timezone()
    monday = datetime(2026, 11, 30, 9, 30, tzinfo=zone)
    assert timezone.localtime(demo_due_at(monday)).date() == date(2026, 12, 4)
    thursday = datetime(2026, 12, 3, 9, 30, tzinfo=zone)
    assert timezone.localtime(demo_due_at(thursday)).date() == date(2026, 12, 11)
    assert timezone.localtime(demo_due_at(thursday)).hour == 17


def test_sample_results_are_off_by_default_then_marked_and_removable():
    from discussions.models import Thread
    from lessons.models import SectionRead
    from quizzes.models import Attempt

    call_command("seed_demo", stdout=StringIO())
    assert not Attempt.objects.exists() and not SectionRead.objects.exists()
    assert not Thread.objects.exists()

    out = StringIO()
    call_command("seed_demo", "--sample-results", stdout=out)
    assert "Sample results (marked as samples)" in out.getvalue()
    attempts = Attempt.objects.all()
    assert attempts.filter(status="submitted").count() >= 15
    assert attempts.filter(status="in_progress").exists()
    assert not attempts.filter(is_sample=False).exists()
    scores = {attempt.score for attempt in attempts.filter(status="submitted")}
    assert len(scores) > 5  # a spread, not one score for everyone
    assert SectionRead.objects.filter(is_sample=True).exists()
    assert not SectionRead.objects.filter(is_sample=False).exists()
    assert Thread.objects.filter(is_sample=True).count() == 3

    again = StringIO()
    call_command("seed_demo", "--sample-results", stdout=again)
    assert "already there" in again.getvalue()

    call_command("seed_demo", "--remove-sample-results", stdout=StringIO())
    assert not Attempt.objects.exists() and not SectionRead.objects.exists()
    assert not Thread.objects.exists()
