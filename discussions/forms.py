"""Forms of the class discussion: start a thread, reply, edit a post, hide a post.

Limits and messages come from discussions.rules, so the form and the service refuse the
same things in the same words; the service checks again because it is the authority.
"""

from django import forms
from django.core.exceptions import ValidationError

from discussions.rules import (
    BODY_MAX_LENGTH,
    HIDDEN_REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    clean_body,
    clean_title,
    validate_sentences_in_section,
)
from discussions.text import normalize_newlines
from lessons.models import Section, Sentence


class PostTextField(forms.CharField):
    """A post body: line breaks count as one character, limits as the service has them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = str(BODY_MAX_LENGTH)

    def to_python(self, value):
        return normalize_newlines(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        clean_body(value)  # raises the service's ValidationError with its message


class ThreadForm(forms.Form):
    """Start a thread, optionally anchored to a section or to sentences of the reading.

    Sentence choices are the lesson's sentences grouped by section; the template renders
    them as labelled checkboxes inside one fieldset per section.
    """

    title = forms.CharField(
        max_length=TITLE_MAX_LENGTH,
        help_text="A short question or point, e.g. “Is the buffer-zone argument convincing?”",
    )
    body = PostTextField(label="Your post")
    section = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="About the section"
    )
    sentences = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="About these sentences",
    )

    def __init__(self, *args, sections: list[Section], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.sentences_by_id: dict[int, Sentence] = {}
        for section in sections:
            for sentence in section.sentences.all():
                sentence.section = section  # reuse the fetched section; no query per sentence
                self.sentences_by_id[sentence.pk] = sentence
        self.fields["section"].choices = [("", "No particular section")] + [
            (s.pk, s.display_heading) for s in sections
        ]
        self.fields["sentences"].choices = [
            (sentence_id, sentence.text) for sentence_id, sentence in self.sentences_by_id.items()
        ]

    def clean_title(self):
        return clean_title(self.cleaned_data["title"])

    def clean_section(self):
        section_id = self.cleaned_data["section"]
        return next((s for s in self.sections if s.pk == section_id), None)

    def clean_sentences(self):
        return [self.sentences_by_id[i] for i in self.cleaned_data["sentences"]]

    def clean(self):
        cleaned = super().clean()
        try:
            validate_sentences_in_section(cleaned.get("section"), cleaned.get("sentences") or [])
        except ValidationError as error:
            self.add_error("sentences", error)
        return cleaned

    def sentence_groups(self):
        """(section, [(sentence, checked), ...]) pairs for the template's fieldsets."""
        checked = {str(v) for v in (self["sentences"].value() or [])}
        return [
            (section, [(s, str(s.pk) in checked) for s in section.sentences.all()])
            for section in self.sections
        ]


class ReplyForm(forms.Form):
    """A reply to the thread, or (with parent) to a reply; `answering` names its author."""

    body = PostTextField(label="Your reply")
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, answering: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if answering:
            self.fields["body"].label = f"Your reply to {answering}"


class PostEditForm(forms.Form):
    """Change one's own post; the opening post's form also has the thread title."""

    title = forms.CharField(max_length=TITLE_MAX_LENGTH)
    body = PostTextField(label="Your post", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, with_title: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]

    def clean_title(self):
        return clean_title(self.cleaned_data["title"])


class HidePostForm(forms.Form):
    """Why a teacher hides a post; the author will see this reason."""

    reason = forms.CharField(
        max_length=HIDDEN_REASON_MAX_LENGTH,
        help_text="The author sees this reason; classmates see nothing of the post.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
