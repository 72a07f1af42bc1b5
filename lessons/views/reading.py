"""Reading pages: the student's (and the teacher's preview of it) and the teacher's own."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lessons import reading
from lessons.extensions import assignment_items, reading_heat, reading_tools
from lessons.forms import SectionReadForm
from lessons.params import int_from_digits
from lessons.refusals import NotAllowed
from lessons.selectors import assignment_get_for_member, lesson_get_for_teacher
from lessons.services.progress import section_mark_read


class _BadReadingRequest(Exception):
    pass


def _parse_view(request) -> tuple[int | None, bool]:
    """(section position or None, whole text?) from ?section=<n> and ?view=all."""
    whole_text = request.GET.get("view") == "all"
    raw = request.GET.get("section")
    if raw is None or whole_text:
        return None, whole_text
    position = int_from_digits(raw, max_digits=6)
    if position is None:
        raise _BadReadingRequest("The section must be given as a number, e.g. ?section=2.")
    return position, False


def _bad_request(request, message: str):
    return render(request, "400.html", {"exception": message}, status=400)


@login_required
def reading_view(request, assignment_id: int):
    """A student's reading of an assigned lesson: one section at a time or the whole text.

    Students reach it only for an open assignment of one of their classes; a teacher of
    the class sees the same page as a preview. No teacher material is loaded here.
    """
    assignment, viewer_is_teacher = assignment_get_for_member(
        assignment_id=assignment_id, user=request.user
    )
    try:
        position, whole_text = _parse_view(request)
    except _BadReadingRequest as error:
        return _bad_request(request, str(error))
    tools = reading_tools(
        assignment=assignment, viewer=request.user, viewer_is_teacher=viewer_is_teacher
    )
    page = reading.reading_page(
        lesson=assignment.lesson,
        position=position,
        whole_text=whole_text,
        student=None if viewer_is_teacher else request.user,
        with_teacher_material=False,
        tools=tools,
    )
    items = assignment_items(
        user=request.user, assignments=[assignment], for_teacher=viewer_is_teacher
    ).get(assignment.pk, [])
    return render(
        request,
        "lessons/reading.html",
        {
            "assignment": assignment,
            "lesson": assignment.lesson,
            "page": page,
            "items": items,
            "viewer_is_teacher": viewer_is_teacher,
            "show_progress": not viewer_is_teacher,
            "reading_url": assignment.get_absolute_url(),
            "tools": tools,
        },
    )


@login_required
@require_POST
def section_read(request, assignment_id: int, position: int):
    """Mark a section read or unread (POST only; repeating it changes nothing)."""
    assignment, viewer_is_teacher = assignment_get_for_member(
        assignment_id=assignment_id, user=request.user
    )
    if viewer_is_teacher:
        raise NotAllowed("Reading progress is kept for students only.", code="not_a_student")
    form = SectionReadForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, "That button press could not be used. Reload the page.")
    section = reading.section_get_by_position(lesson=assignment.lesson, position=position)
    section_mark_read(student=request.user, section=section, read=form.cleaned_data["read"])
    url = assignment.get_absolute_url()
    if form.cleaned_data["view"] == "all":
        return redirect(f"{url}?view=all#progress-{position}")
    return redirect(f"{url}?section={position}#progress-{position}")


@login_required
def teacher_reading(request, lesson_id: int):
    """The teacher's reading of a lesson: notes beside each section, claim labels in place.

    ``?assignment=<id>`` (one of the lesson's assignments to a class the teacher teaches)
    lays the class's answers over the whole text as a heat map, from the extensions.
    """
    lesson = lesson_get_for_teacher(lesson_id=lesson_id, user=request.user)
    try:
        position, whole_text = _parse_view(request)
        choice = reading.heat_choice(
            lesson=lesson, user=request.user, raw=request.GET.get("assignment")
        )
    except (_BadReadingRequest, reading.BadHeatRequest) as error:
        return _bad_request(request, str(error))
    heat = None
    if choice.chosen is not None:
        heat = reading_heat(assignment=choice.chosen, viewer=request.user)
        position, whole_text = None, True  # the class's answers over the whole text
    page = reading.reading_page(
        lesson=lesson,
        position=position,
        whole_text=whole_text,
        student=None,
        with_teacher_material=True,
        heat=heat.sentences if heat else None,
    )
    return render(
        request,
        "lessons/teacher_reading.html",
        {
            "lesson": lesson,
            "page": page,
            "legend": reading.label_legend(lesson),
            "reading_url": lesson.get_absolute_url(),
            "heat_choice": choice,
            "heat": heat,
        },
    )
