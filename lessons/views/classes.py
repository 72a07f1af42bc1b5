"""Dashboards and class membership pages."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from lessons.roles import is_teacher


@login_required
def student_dashboard(request):
    """A student's classes and assigned readings."""
    return render(request, "lessons/student_dashboard.html", {})


@login_required
def teacher_dashboard(request):
    """A teacher's classes and assignments."""
    if not is_teacher(request.user):
        raise PermissionDenied("This page is for teachers.")
    return render(request, "lessons/teacher_dashboard.html", {})
