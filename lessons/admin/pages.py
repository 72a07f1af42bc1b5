"""What the lessons admin's pages share: their URLs, the one-form page, labelled date boxes."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import URLPattern, path
from django.utils.text import capfirst


def extra_admin_path(model_admin: admin.ModelAdmin, route: str, view, name: str) -> URLPattern:
    """A page of the model admin's own, behind the admin's login, named like Django's
    (``admin:<app>_<model>_<name>``)."""
    opts = model_admin.opts
    return path(
        route,
        model_admin.admin_site.admin_view(view),
        name=f"{opts.app_label}_{opts.model_name}_{name}",
    )


def form_page_context(
    model_admin: admin.ModelAdmin, request, *, title: str, form, submit_label: str, **extra
) -> dict:
    """Context of templates/admin/lessons/form_page.html: one form in the admin's layout."""
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
        "submit_label": submit_label,
        "has_view_permission": model_admin.has_view_permission(request),
        **extra,
    }


class LabelledDateTimes:
    """ModelAdmin mixin: each box of Django's split date/time widget gets its own name.

    Django labels the pair once (the field's ``<label>`` points at the date box) and writes
    "Date:" and "Time:" as plain text, so the time box has no accessible name. The widget's
    ``attrs`` are the hook Django gives for this: "Due at: date", "Due at: time".
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, AdminSplitDateTime):
            label = capfirst(formfield.label or db_field.verbose_name)
            date, time = widget.widgets
            date.attrs["aria-label"] = f"{label}: date"
            time.attrs["aria-label"] = f"{label}: time"
        return formfield
