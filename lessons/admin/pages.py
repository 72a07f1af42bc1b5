"""What the lessons admin's extra pages share: their URLs and the one-form page."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import URLPattern, path


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
