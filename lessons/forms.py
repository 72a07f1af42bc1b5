"""Forms of the lessons site pages."""

from django import forms

from lessons.models import Classroom


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
