"""Forms of the lessons site pages."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from lessons.models import Classroom, Lesson


class JoinClassForm(forms.Form):
    """A student types the join code their teacher gave them."""

    join_code = forms.CharField(
        label="Join code",
        max_length=32,
        help_text="The code your teacher gave you, for example K7QX 3MPA. Case and spaces "
        "do not matter.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class SectionReadForm(forms.Form):
    """The "mark this section as read" (or undo) button of the reading page."""

    read = forms.TypedChoiceField(
        choices=[("1", "read"), ("0", "not read")], coerce=lambda value: value == "1"
    )
    # Where to come back to: the one-section page or the whole text. A choice, not a URL,
    # so the form cannot be used as an open redirect.
    view = forms.ChoiceField(choices=[("section", "one section"), ("all", "whole text")])


class ClassroomCreateForm(forms.ModelForm):
    """A teacher names a new classroom; it gets a fresh join code."""

    class Meta:
        model = Classroom
        fields = ["name"]
        labels = {"name": "Class name"}
        help_texts = {"name": "What you and your students call it, e.g. “Year 10 English, set 2”."}


# Assigning on the teacher's pages ------------------------------------------------------

# <input type="datetime-local"> sends and expects this format; browsers without it
# (or without JavaScript) still accept typing "2025-09-01T09:00".
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL_FORMAT)


def default_opens_at():
    """Now, to the minute, in the school's time zone."""
    return timezone.localtime().replace(second=0, microsecond=0)


def default_due_at():
    """A week from today at 17:00, the school's time."""
    return (default_opens_at() + timedelta(days=7)).replace(hour=17, minute=0)


class LessonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lesson):
        return f"{lesson.title} (draft)" if lesson.status == Lesson.Status.DRAFT else lesson.title


class AssignmentDatesForm(forms.Form):
    """The dates and the discussion switch of an assignment, new or changed."""

    opens_at = forms.DateTimeField(
        label="Opens at", widget=DateTimeLocalInput(), initial=default_opens_at
    )
    due_at = forms.DateTimeField(
        label="Due at", widget=DateTimeLocalInput(), initial=default_due_at
    )
    discussion_post_first = forms.BooleanField(
        label="Students post before they see others' posts",
        required=False,
        help_text="In each discussion thread, a student sees classmates' posts only after "
        "posting there: first thoughts are their own.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "opens_at"
        ].help_text = f"In the school's time zone ({timezone.get_current_timezone_name()})."

    def clean(self):
        cleaned = super().clean()
        opens_at, due_at = cleaned.get("opens_at"), cleaned.get("due_at")
        if opens_at and due_at and due_at <= opens_at:
            self.add_error(
                "due_at",
                ValidationError(
                    "The due date must be after the opening date.", code="due_before_open"
                ),
            )
        return cleaned


class AssignmentForm(AssignmentDatesForm):
    """Assign a lesson to one of your classes; a draft you edit can be published with it.

    ``lessons``: the lessons offered (published ones and the user's own drafts);
    ``classrooms``: the classes the user teaches. ``publish`` is the one confirmed step of
    "Publish and assign"; the view shows it when the chosen lesson is a draft.
    """

    field_order = ["lesson", "classroom", "opens_at", "due_at", "discussion_post_first"]

    lesson = LessonChoiceField(label="Lesson", queryset=None, empty_label="Choose a lesson")
    classroom = forms.ModelChoiceField(
        label="Class",
        queryset=None,
        empty_label="Choose a class",
        help_text="Only the classes you teach are listed.",
    )
    publish = forms.BooleanField(
        label="Publish the lesson now, so that the class sees it",
        required=False,
    )

    def __init__(self, *args, lessons, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = lessons
        self.fields["classroom"].queryset = classrooms

    def clean(self):
        cleaned = super().clean()
        lesson = cleaned.get("lesson")
        if lesson is not None and lesson.status == Lesson.Status.DRAFT and not cleaned["publish"]:
            self.add_error(
                "publish",
                ValidationError(
                    "“%(lesson)s” is a draft, which students cannot see. Tick “Publish the "
                    "lesson now” to publish it and assign it in one step.",
                    code="confirm_publish",
                    params={"lesson": lesson},
                ),
            )
        return cleaned
