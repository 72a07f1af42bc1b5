"""Ownership in the admin: every teacher reads the library, only a piece's editors change it.

:class:`EditorsOnly` is mixed into the admins of lessons, their sections, sentences,
labels and notes, and (from quizzes) quizzes, questions and choices: a teacher who is not
the owner or a co-editor of the material (``lessons.ownership.is_editor``) sees it read
only. :class:`GuardedMaterialForm` refuses, in the form, the changes that would hurt a
class using the material: a change listed in ``guarded_fields`` while classes the editor
does not teach use it, and taking published material back to draft without a
confirmation naming the editor's own classes.
"""

from __future__ import annotations

import functools

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from lessons.ownership import classes_using, is_editor
from lessons.roles import TEACHERS_GROUP


class EditorsOnly:
    """Admin mixin: change and delete only for the material's editors.

    ``material(obj)`` names the lesson or quiz that decides (the object itself by
    default; for an inline, ``obj`` is the parent object). Actions apply only to the
    selected rows the user may change, and say which were left alone, except those named
    in ``open_actions`` (assigning and copying), which any teacher may run on any row.
    """

    open_actions: tuple[str, ...] = ()

    def material(self, obj):
        return obj

    def get_actions(self, request):
        actions = super().get_actions(request)
        for name, (function, action_name, description) in list(actions.items()):
            if name not in self.open_actions:
                actions[name] = (_on_editable_rows(function), action_name, description)
        return actions

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_editor(request.user, self.material(obj)))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or is_editor(request.user, self.material(obj)))

    def has_add_permission(self, request, *args):
        allowed = super().has_add_permission(request, *args)
        parent = args[0] if args else None  # inlines get the parent object
        return allowed and (parent is None or is_editor(request.user, self.material(parent)))

    def save_model(self, request, obj, form, change):
        # A new row is checked here: until it is saved it has no material to ask about
        # in has_change_permission (a note added to someone else's lesson, say).
        if not is_editor(request.user, self.material(obj)):
            raise PermissionDenied("Only the owner and co-editors of this material change it.")
        super().save_model(request, obj, form, change)


def teacher_choices():
    """The accounts that may be made co-editors: teachers (active staff in the group)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=TEACHERS_GROUP)
        .order_by("last_name", "first_name", "username")
    )


class GuardedMaterialForm(forms.ModelForm):
    """A lesson's or a quiz's admin form that protects the classes using it.

    The admin sets ``editor`` (the signed-in user). ``guarded_fields`` are refused while
    classes the editor does not teach use the material; taking it back to draft also asks
    for ``confirm_affected`` when only the editor's own classes use it.
    """

    guarded_fields: tuple[str, ...] = ("status",)
    what = "this lesson"

    confirm_affected = forms.BooleanField(
        required=False,
        label="I understand which classes this affects",
        help_text="Needed only when classes use this and you take it back to draft.",
    )

    editor = None

    def lesson_of(self, instance):
        return instance

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None or self.editor is None:
            return cleaned
        changed = [name for name in self.guarded_fields if name in self.changed_data]
        if not changed:
            return cleaned
        use = classes_using(self.lesson_of(instance), self.editor)
        if use.others:
            raise ValidationError(
                "%(what)s is used by classes you do not teach (%(classes)s), so its "
                "%(fields)s cannot change under them. Use “Duplicate to edit” to make your "
                "own copy.",
                code="in_use_elsewhere",
                params={
                    "what": self.what.capitalize(),
                    "classes": use.names(use.others),
                    "fields": ", ".join(
                        str(self.fields[name].label or name).lower() for name in changed
                    ),
                },
            )
        unpublishing = "status" in changed and cleaned.get("status") == "draft"
        if unpublishing and use.taught and not cleaned.get("confirm_affected"):
            self.add_error(
                "confirm_affected",
                ValidationError(
                    "Taking %(what)s back to draft hides it from your classes %(classes)s "
                    "until you publish it again. Tick this box to confirm.",
                    code="confirm_unpublish",
                    params={"what": self.what, "classes": use.names(use.taught)},
                ),
            )
        return cleaned


def _on_editable_rows(action):
    """The admin action ``action``, run only on the selected rows the user may change."""

    @functools.wraps(action)
    def run(modeladmin, request, queryset):
        editable, refused = [], []
        for obj in queryset:
            material = modeladmin.material(obj)
            (editable if is_editor(request.user, material) else refused).append(obj)
        for obj in refused:
            modeladmin.message_user(
                request,
                f"“{obj}” was not changed: only its owner and co-editors change it.",
                messages.ERROR,
            )
        if not editable:
            return None
        return action(modeladmin, request, queryset.filter(pk__in=[obj.pk for obj in editable]))

    return run
