"""Student pages of a quiz: intro, take (with autosave), submit, review.

Thin views: fetch through the permission-scoped selectors, call a service, render or
redirect. Refusals (lessons.refusals: 404, 403, 409) are answered by
``refusal_response``, as a page or, for the autosave script, as JSON; unreadable input
is a 400 page saying nothing was saved. Nothing is half-written.

Nothing a take-page request returns (HTML or JSON) carries correctness, a key, an
explanation or a claim label: the take page's data are built without them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lessons.params import int_from_digits
from lessons.refusals import Conflict, Refusal, refusal_json, refusal_response
from quizzes import policy
from quizzes.attempt_pages import attempt_questions, attempt_take_page
from quizzes.formatting import format_score, format_when
from quizzes.forms import SaveAnswersForm, answers_from_post, autosave_question_ids
from quizzes.models import Attempt
from quizzes.selectors import (
    assignment_quiz_get_for_student,
    attempt_get_for_student,
    quiz_intro,
)
from quizzes.services import (
    TIME_UP_MESSAGE,
    attempt_close_if_expired,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
)


def _code(error: ValidationError) -> str:
    return getattr(error, "code", None) or (error.error_list[0].code if error.error_list else "")


def _message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else "That request could not be used."


def _saved_time(moment) -> str:
    return date_format(timezone.localtime(moment), "H:i")


def _problem(request: HttpRequest, *, title: str, message: str, status: int, attempt=None):
    """A refusal page with its status code and a way back."""
    return render(
        request,
        "quizzes/problem.html",
        {"title": title, "message": message, "attempt": attempt},
        status=status,
    )


def _closed_redirect(attempt: Attempt) -> HttpResponse:
    """Send a request for a finished attempt to its review (which says if time ran out)."""
    return redirect("quizzes:attempt_review", attempt_id=attempt.pk)


# --- intro and start -------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def quiz_intro_view(request: HttpRequest, assignment_id: int, quiz_id: int) -> HttpResponse:
    """What the quiz is, its settings in plain words, and the student's attempts."""
    assignment, quiz = assignment_quiz_get_for_student(
        assignment_id=assignment_id, quiz_id=quiz_id, student=request.user
    )
    intro = quiz_intro(quiz=quiz, assignment=assignment, student=request.user)
    if intro.open_attempt is not None and attempt_close_if_expired(attempt=intro.open_attempt):
        intro = quiz_intro(quiz=quiz, assignment=assignment, student=request.user)
    return render(request, "quizzes/quiz_intro.html", {"intro": intro})


@never_cache
@login_required
@require_POST
def attempt_start_view(request: HttpRequest, assignment_id: int, quiz_id: int) -> HttpResponse:
    """Start an attempt (or continue the open one) and go to its questions."""
    assignment, quiz = assignment_quiz_get_for_student(
        assignment_id=assignment_id, quiz_id=quiz_id, student=request.user
    )
    try:
        attempt = attempt_start(quiz=quiz, assignment=assignment, student=request.user)
    except Conflict as refusal:
        messages.error(request, refusal.message)
        return redirect("quizzes:quiz_intro", assignment_id=assignment.pk, quiz_id=quiz.pk)
    return redirect("quizzes:attempt_take", attempt_id=attempt.pk)


# --- taking ----------------------------------------------------------------------------


def _deadline_text(attempt: Attempt) -> str:
    """The deadline as "10:42" today, or "5 Dec 10:42" on another day; "" when untimed."""
    if attempt.deadline_at is None:
        return ""
    if timezone.localdate(attempt.deadline_at) == timezone.localdate():
        return _saved_time(attempt.deadline_at)
    return format_when(attempt.deadline_at)


def _page_number(raw: str | None) -> int:
    return int_from_digits(raw, max_digits=5) or 1


@never_cache
@login_required
@require_GET
def attempt_take_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The questions of an attempt in progress, with the saved answers filled in."""
    attempt = attempt_get_for_student(attempt_id=attempt_id, student=request.user)
    attempt_close_if_expired(attempt=attempt)
    if attempt.is_submitted:
        return _closed_redirect(attempt)
    page = attempt_take_page(attempt=attempt, page=_page_number(request.GET.get("page")))
    return render(
        request,
        "quizzes/attempt_take.html",
        {
            "take": page,
            "attempt": attempt,
            "quiz": attempt.quiz,
            "assignment": attempt.assignment,
            "deadline_text": _deadline_text(attempt),
        },
    )


@never_cache
@login_required
@require_POST
def attempt_save_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Save every question shown on the page (the no-JavaScript path), then move on."""
    attempt = attempt_get_for_student(attempt_id=attempt_id, student=request.user)
    form = SaveAnswersForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                "Those answers could not be read. Reload the page and try again.",
                code="invalid_id",
            )
        answers = form.answers(request.POST)
        saved = attempt_save_answers(attempt=attempt, student=request.user, answers=answers)
    except Conflict as refusal:
        return refusal_response(
            request,
            refusal,
            title="This attempt is closed",
            next_url=reverse("quizzes:attempt_review", args=[attempt.pk]),
            next_label="See your submitted attempt",
        )
    except ValidationError as error:
        return _problem(
            request,
            title="Your answers were not saved",
            message=_message(error),
            status=400,
            attempt=attempt,
        )
    if saved:
        messages.success(request, f"Saved at {_saved_time(saved[0].saved_at)}.")
    destination = form.destination
    if destination == "submit":
        return redirect("quizzes:attempt_submit", attempt_id=attempt.pk)
    take_url = reverse("quizzes:attempt_take", args=[attempt.pk])
    if destination.startswith("page-"):
        return redirect(f"{take_url}?page={_page_number(destination.removeprefix('page-'))}")
    page = _page_number(request.POST.get("page"))
    return redirect(f"{take_url}?page={page}" if page > 1 else take_url)


@never_cache
@require_POST
def attempt_autosave_view(
    request: HttpRequest, attempt_id: int, question_id: int | None = None
) -> JsonResponse:
    """Autosave: the questions changed since the script's last save, applied all or none.

    The body lists the questions in ``question`` (or the URL names one) and each carries
    its answer or the clear marker (:class:`quizzes.forms.AutosaveForm`). The reply is
    JSON and never says whether an answer is right: ``{"saved": true, "saved_at": ISO,
    "saved_at_display": "10:42", "answered": {"<question id>": true}}``. Refusals are
    JSON too, with a ``code``: 401 ``signed_out`` (no redirect to the sign-in page, which
    a script would read as success), 403/404 for an attempt that is not the student's,
    400 for an unreadable or empty save, 409 ``attempt_closed``/``time_up`` with the
    review's address.
    """
    if not request.user.is_authenticated:
        return refusal_json(
            status=401,
            code="signed_out",
            message="You are signed out. Sign in again; your answers are kept on this device.",
        )
    try:
        if question_id is not None:  # one question named by the URL
            question_ids = frozenset([question_id])
        else:
            question_ids = autosave_question_ids(request.POST)
        answers = answers_from_post(request.POST, question_ids, explicit=True)
        # The service reads the attempt, with its permission check, under its lock.
        saved = attempt_save_answers(attempt_id=attempt_id, student=request.user, answers=answers)
    except Conflict as refusal:
        review_url = reverse("quizzes:attempt_review", args=[attempt_id])
        return refusal_response(request, refusal, json=True, review_url=review_url)
    except Refusal as refusal:
        return refusal_response(request, refusal, json=True)
    except ValidationError as error:
        # Unreadable input is answered only to the attempt's owner: anyone else hears the
        # 404 their request would get anyway, and nothing about the form.
        try:
            attempt_get_for_student(attempt_id=attempt_id, student=request.user)
        except Refusal as refusal:
            return refusal_response(request, refusal, json=True)
        return refusal_json(status=400, code=_code(error), message=_message(error))
    saved_at = saved[0].saved_at
    return JsonResponse(
        {
            "saved": True,
            "saved_at": saved_at.isoformat(),
            "saved_at_display": _saved_time(saved_at),
            "answered": {str(response.question_id): response.answered for response in saved},
        }
    )


# --- submitting and reviewing ----------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_submit_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """GET: confirm, listing unanswered questions. POST: submit and go to the review.

    Submitting an attempt that is already submitted (a double click, a second tab) just
    leads to its review: the attempt is graded once.
    """
    attempt = attempt_get_for_student(attempt_id=attempt_id, student=request.user)
    attempt_close_if_expired(attempt=attempt)
    if attempt.is_submitted:
        if request.method == "POST" and not attempt.auto_submitted:
            messages.info(request, "This attempt was already submitted.")
        return _closed_redirect(attempt)
    if request.method == "POST":
        attempt = attempt_submit(attempt=attempt, student=request.user)
        if not attempt.auto_submitted:  # else the review says the time ran out
            messages.success(request, "Your attempt has been submitted.")
        return redirect("quizzes:attempt_review", attempt_id=attempt.pk)
    questions = attempt_questions(attempt=attempt)
    unanswered = [question for question in questions if not question.answered]
    return render(
        request,
        "quizzes/attempt_submit.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": questions,
            "unanswered": unanswered,
            "unanswered_numbers": ", ".join(str(q.number) for q in unanswered),
        },
    )


@never_cache
@login_required
@require_GET
def attempt_review_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """A submitted attempt: the score and answers as the quiz's review policy allows."""
    attempt = attempt_get_for_student(attempt_id=attempt_id, student=request.user)
    attempt_close_if_expired(attempt=attempt)
    if not attempt.is_submitted:
        messages.info(request, "Submit this attempt to see its review.")
        return redirect("quizzes:attempt_take", attempt_id=attempt.pk)
    quiz, assignment, now = attempt.quiz, attempt.assignment, timezone.now()
    show_score = policy.can_see_score(quiz, assignment, attempt, now)
    show_answers = policy.can_see_answers(quiz, assignment, attempt, now)
    score_at = policy.score_available_at(quiz, assignment)
    answers_at = policy.answers_available_at(quiz, assignment)
    return render(
        request,
        "quizzes/attempt_review.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "assignment": assignment,
            "questions": attempt_questions(attempt=attempt, reveal=show_answers),
            "show_score": show_score,
            "show_answers": show_answers,
            "score_text": format_score(attempt.score, attempt.max_score) if show_score else "",
            "score_released_text": format_when(score_at) if score_at else "",
            "answers_released_text": format_when(answers_at) if answers_at else "",
            "answers_never": quiz.review_answers == quiz.ReviewAnswers.NEVER,
            "time_up_message": TIME_UP_MESSAGE,
        },
    )
