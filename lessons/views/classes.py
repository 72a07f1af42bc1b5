"""Dashboards and class membership pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from lessons import dashboards
from lessons.extensions import student_panels
from lessons.forms import ClassroomCreateForm, JoinClassForm
from lessons.roles import is_teacher, require_teacher
from lessons.services import classes as classroom_services
from lessons.throttling import client_address


@login_required
def student_dashboard(request):
    """A student's classes and assigned readings, with the join-a-class form.

    POST joins a class by code: a wrong or expired code is a form error; success (or a
    repeat of it) redirects back here with a message, so a reload does not resubmit.
    """
    if is_teacher(request.user):
        return redirect("lessons:teacher_dashboard")
    join_form = JoinClassForm(request.POST or None)
    if request.method == "POST" and join_form.is_valid():
        try:
            classroom, joined = classroom_services.classroom_join(
                student=request.user,
                join_code=join_form.cleaned_data["join_code"],
                address=client_address(request),
            )
        except ValidationError as error:
            join_form.add_error("join_code", error)
        else:
            if joined:
                messages.success(request, f"You joined {classroom.name}.")
            else:
                messages.info(request, f"You are already in {classroom.name}.")
            return redirect("lessons:dashboard")
    now = timezone.now()
    dashboard = dashboards.student_dashboard(student=request.user, now=now)
    return render(
        request,
        "lessons/student_dashboard.html",
        {
            "dashboard": dashboard,
            "join_form": join_form,
            "now": now,
            "panels": student_panels(student=request.user),
        },
    )


@login_required
def teacher_dashboard(request):
    """A teacher's classes, assignments with reading progress, and the lesson library."""
    require_teacher(request.user)
    now = timezone.now()
    dashboard = dashboards.teacher_dashboard(user=request.user, now=now)
    return render(request, "lessons/teacher_dashboard.html", {"dashboard": dashboard, "now": now})


@login_required
def classroom_create(request):
    """A teacher names a new classroom and gets its join code to hand out."""
    require_teacher(request.user)
    form = ClassroomCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = classroom_services.classroom_create(
            teacher=request.user, name=form.cleaned_data["name"]
        )
        messages.success(
            request,
            f"{classroom.name} is ready. Students join it with the code {classroom.join_code}.",
        )
        return redirect("lessons:teacher_dashboard")
    return render(request, "lessons/classroom_form.html", {"form": form})
