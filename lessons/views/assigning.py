"""The teacher's assigning pages: assign a lesson (publishing a draft with it), change an
assignment's dates and discussion switch, and a class's own page.

Thin views: the rules are those of ``lessons.services.assignments`` and
``lessons.services.publishing``; a refusal shows at its field and nothing typed is lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone

from lessons import dashboards
from lessons.forms import AssignmentDatesForm, AssignmentForm
from lessons.models import Lesson
from lessons.ownership import editable_by, is_editor
from lessons.params import int_from_digits
from lessons.refusals import NotFound
from lessons.roles import require_teacher
from lessons.selectors import assignment_get_for_teacher, classrooms_taught_by
from lessons.services.assignments import assignment_create, assignment_update

# Where each refusal of the services shows in the assign form.
_ERROR_FIELDS = {
    "not_your_class": "classroom",
    "lesson_not_published": "lesson",
    "not_editor": "lesson",
    "in_use_elsewhere": "lesson",
    "due_before_open": "due_at",
    "already_assigned": "classroom",
}


def _assignable_lessons(user):
    """Published lessons, and the drafts the user may publish ("Publish and assign")."""
    drafts = editable_by(user, Lesson.objects.filter(status=Lesson.Status.DRAFT))
    return Lesson.objects.filter(
        Q(status=Lesson.Status.PUBLISHED) | Q(pk__in=drafts.values("pk"))
    ).order_by("title", "id")


def _preselected(request, name: str) -> int | None:
    return int_from_digits(request.GET.get(name))


@login_required
def assignment_new(request):
    """Assign a lesson to one of your classes: lesson, class, dates, the discussion switch.

    ``?lesson=`` and ``?classroom=`` preselect (from the lesson's and the class's pages).
    A draft the user edits is published in the same step when they tick "Publish" (the
    form asks for the tick); a refusal brings the page back with everything as typed and
    the reason at its field.
    """
    require_teacher(request.user)
    classrooms = classrooms_taught_by(request.user).order_by("name", "id")
    form = AssignmentForm(
        request.POST or None,
        lessons=_assignable_lessons(request.user),
        classrooms=classrooms,
        initial={
            "lesson": _preselected(request, "lesson"),
            "classroom": _preselected(request, "classroom"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lesson = data["lesson"]
        is_draft = lesson.status == Lesson.Status.DRAFT
        try:
            assignment = assignment_create(
                teacher=request.user,
                lesson=lesson,
                classroom=data["classroom"],
                opens_at=data["opens_at"],
                due_at=data["due_at"],
                discussion_post_first=data["discussion_post_first"],
                publish=data["publish"],
            )
        except ValidationError as error:
            form.add_error(_ERROR_FIELDS.get(error.code), error)
        else:
            published = "Published and assigned" if is_draft else "Assigned"
            messages.success(
                request,
                f"{published} “{lesson.title}” to {assignment.classroom.name}, due "
                f"{timezone.localtime(assignment.due_at):%-d %b %Y, %H:%M}.",
            )
            return redirect("lessons:classroom_detail", assignment.classroom_id)
    chosen = _chosen_lesson(form)
    return render(
        request,
        "lessons/assignment_form.html",
        {
            "form": form,
            "chosen_lesson": chosen,
            "offer_publish": chosen is not None
            and chosen.status == Lesson.Status.DRAFT
            and is_editor(request.user, chosen),
            "has_classes": classrooms.exists(),
        },
    )


def _chosen_lesson(form):
    """The lesson the form has chosen (posted or preselected), if it is one on offer."""
    lesson_id = int_from_digits(str(form["lesson"].value() or ""))
    if lesson_id is None:
        return None
    return form.fields["lesson"].queryset.filter(pk=lesson_id).first()


@login_required
def assignment_edit(request, assignment_id: int):
    """Change an assignment's opening and due dates and its discussion switch."""
    require_teacher(request.user)
    assignment = assignment_get_for_teacher(assignment_id=assignment_id, user=request.user)
    form = AssignmentDatesForm(
        request.POST or None,
        initial={
            "opens_at": timezone.localtime(assignment.opens_at),
            "due_at": timezone.localtime(assignment.due_at),
            "discussion_post_first": assignment.discussion_post_first,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment_update(teacher=request.user, assignment=assignment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(_ERROR_FIELDS.get(error.code), error)
        else:
            messages.success(
                request, f"Saved “{assignment.lesson.title}” for {assignment.classroom.name}."
            )
            return redirect("lessons:classroom_detail", assignment.classroom_id)
    return render(request, "lessons/assignment_edit.html", {"form": form, "assignment": assignment})


@login_required
def classroom_detail(request, classroom_id: int):
    """A class's page: join code, students, its assignments with progress and links."""
    require_teacher(request.user)
    classroom = classrooms_taught_by(request.user).filter(pk=classroom_id).first()
    if classroom is None:
        raise NotFound("No class you teach has this address.", code="not_your_class")
    now = timezone.now()
    page = dashboards.classroom_page(user=request.user, classroom=classroom, now=now)
    return render(request, "lessons/classroom_detail.html", {"page": page, "now": now})
