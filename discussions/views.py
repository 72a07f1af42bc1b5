"""Class discussion pages: the thread list, a thread, and the actions on posts and threads.

Every view first admits the user through assignment_get_for_member (404 for another
class, 403 before the reading opens); discussions.rules then decides what they see and
may do. Everything works without JavaScript: forms POST, then redirect with a message.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from discussions import rules, selectors, services
from discussions.forms import HidePostForm, PostEditForm, ReplyForm, ThreadForm
from discussions.text import render_post_text
from lessons.params import int_from_digits
from lessons.people import display_name
from lessons.refusals import NotFound
from lessons.selectors import assignment_get_for_member

EDIT_MINUTES = int(rules.EDIT_WINDOW.total_seconds() // 60)


def _id_param(params, name: str, refusal: str = "") -> int | None:
    """An optional id from the query string or the form; anything but digits is a 400."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    value = int_from_digits(raw)
    if value is None:
        raise BadRequest(refusal or f"“{name}” must be a number.")
    return value


def _thread_url(thread, post=None) -> str:
    url = thread.get_absolute_url()
    return f"{url}#post-{post.pk}" if post is not None else url


@login_required
@require_http_methods(["GET", "POST"])
def discussion_list(request, assignment_id: int):
    """The threads of an assignment's class discussion, and the form to start one.

    ``?sentence=<id>`` shows the threads on that sentence and ticks it in the form, so the
    reading page can link "Discuss this sentence".
    """
    assignment, viewer_is_teacher = assignment_get_for_member(
        assignment_id=assignment_id, user=request.user
    )
    sections = selectors.lesson_sections_with_sentences(assignment=assignment)
    sentence_id = _id_param(request.GET, "sentence")

    if request.method == "POST":
        form = ThreadForm(request.POST, sections=sections)
        if form.is_valid():
            try:
                thread = services.thread_create(
                    assignment=assignment,
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    section=form.cleaned_data["section"],
                    sentences=form.cleaned_data["sentences"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your thread is posted.")
                return redirect(thread)
    else:
        # "Discuss" on a sentence: the sentence ticked and its section chosen.
        section_id = next(
            (
                section.pk
                for section in sections
                for sentence in section.sentences.all()
                if sentence.pk == sentence_id
            ),
            None,
        )
        form = ThreadForm(
            sections=sections, initial={"sentences": [sentence_id], "section": section_id}
        )

    filter_sentence = None
    if sentence_id is not None:
        filter_sentence = form.sentences_by_id.get(sentence_id)
        if filter_sentence is None:
            raise BadRequest("No sentence of this reading has that number.")

    threads = selectors.threads_for_list(
        assignment=assignment,
        viewer=request.user,
        viewer_is_teacher=viewer_is_teacher,
        sentence_id=sentence_id,
    )
    context = {
        "assignment": assignment,
        "viewer_is_teacher": viewer_is_teacher,
        "threads": threads,
        "form": form,
        "filter_sentence": filter_sentence,
        "prompts": (
            selectors.prompts_unpublished(assignment=assignment) if viewer_is_teacher else []
        ),
        "reading_url": assignment.get_absolute_url(),
    }
    return render(request, "discussions/list.html", context)


@login_required
@require_POST
def prompt_publish(request, assignment_id: int, note_id: int):
    """A teacher publishes one of the lesson's discussion prompts as a thread."""
    assignment, viewer_is_teacher = assignment_get_for_member(
        assignment_id=assignment_id, user=request.user
    )
    rules.require_moderator(viewer_is_teacher=viewer_is_teacher)
    note = selectors.prompt_get_for_publishing(assignment=assignment, note_id=note_id)
    try:
        thread = services.prompt_publish(assignment=assignment, teacher=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("discussions:list", assignment.pk)
    messages.success(request, "The prompt is published to the class.")
    return redirect(thread)


def _thread_for_request(request, assignment_id: int, thread_id: int):
    assignment, viewer_is_teacher = assignment_get_for_member(
        assignment_id=assignment_id, user=request.user
    )
    thread = selectors.thread_get_for_viewer(
        assignment=assignment,
        thread_id=thread_id,
        viewer=request.user,
        viewer_is_teacher=viewer_is_teacher,
    )
    return thread, viewer_is_teacher


def _post_for_request(request, assignment_id: int, thread_id: int, post_id: int):
    thread, viewer_is_teacher = _thread_for_request(request, assignment_id, thread_id)
    post = selectors.post_get_for_viewer(
        thread=thread, post_id=post_id, viewer=request.user, viewer_is_teacher=viewer_is_teacher
    )
    return thread, post, viewer_is_teacher


@login_required
@require_http_methods(["GET", "POST"])
def thread_detail(request, assignment_id: int, thread_id: int):
    """One thread: its anchored text, opening post and replies; POST adds a reply.

    ``?reply_to=<post id>`` places the reply form under that post (no JavaScript needed).
    """
    thread, viewer_is_teacher = _thread_for_request(request, assignment_id, thread_id)

    def visible_post(post_id: int | None):
        if post_id is None:
            return None
        return selectors.post_get_for_viewer(
            thread=thread, post_id=post_id, viewer=request.user, viewer_is_teacher=viewer_is_teacher
        )

    def answerable(post) -> bool:
        """Replies go under this post (the opening post is answered at the foot)."""
        return post is not None and not post.is_opening and rules.can_reply_to(thread, post)

    if request.method == "POST":
        rules.require_unlocked(thread)  # 403 before anything else is looked at
        reply_target = visible_post(
            _id_param(request.POST, "parent", "The post you answer must be given by number.")
        )
        answering = display_name(reply_target.author) if reply_target else ""
        form = ReplyForm(request.POST, answering=answering)
        if form.is_valid():
            try:
                post = services.post_reply(
                    thread=thread,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    parent=reply_target,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your reply is posted.")
                return redirect(_thread_url(thread, post))
    else:
        reply_target = visible_post(_id_param(request.GET, "reply_to"))
        form = None

    inline_form = None
    if answerable(reply_target):
        # The form sits under the post it answers; a bound form keeps its errors there.
        inline_form = form or ReplyForm(
            initial={"parent": reply_target.pk},
            answering=display_name(reply_target.author),
        )
        inline_form.auto_id = "id_inline_%s"
        form = None
    else:
        reply_target = None
    if form is None:
        form = ReplyForm()
    form.auto_id = "id_reply_%s"
    page = selectors.thread_page_for_viewer(
        thread=thread, viewer=request.user, viewer_is_teacher=viewer_is_teacher
    )
    context = {
        "assignment": thread.assignment,
        "thread": thread,
        "page": page,
        "viewer_is_teacher": viewer_is_teacher,
        "form": form,
        "inline_form": inline_form,
        "reply_target": reply_target,
        "reading_url": thread.assignment.get_absolute_url(),
        "edit_minutes": EDIT_MINUTES,
    }
    return render(request, "discussions/thread.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, assignment_id: int, thread_id: int, post_id: int):
    """Edit one's own post within the edit window (the opening post's title too)."""
    thread, post, _ = _post_for_request(request, assignment_id, thread_id, post_id)
    rules.require_editable(post=post, thread=thread, user=request.user)
    with_title = post.is_opening
    if request.method == "POST":
        form = PostEditForm(request.POST, with_title=with_title)
        if form.is_valid():
            try:
                services.post_edit(
                    post=post,
                    editor=request.user,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your post is updated.")
                return redirect(_thread_url(thread, post))
    else:
        form = PostEditForm(
            with_title=with_title, initial={"title": thread.title, "body": post.body}
        )
    context = {
        "assignment": thread.assignment,
        "thread": thread,
        "post": post,
        "form": form,
        "edit_minutes": EDIT_MINUTES,
    }
    return render(request, "discussions/post_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, assignment_id: int, thread_id: int, post_id: int):
    """Confirm, then delete one's own post within the edit window."""
    thread, post, _ = _post_for_request(request, assignment_id, thread_id, post_id)
    rules.require_editable(post=post, thread=thread, user=request.user)
    if request.method == "POST":
        services.post_delete(post=post, user=request.user)
        messages.success(request, "Your post is deleted.")
        return redirect(_thread_url(thread, post))
    context = {
        "assignment": thread.assignment,
        "thread": thread,
        "post": post,
        "post_html": render_post_text(post.body),
    }
    return render(request, "discussions/post_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def post_hide(request, assignment_id: int, thread_id: int, post_id: int):
    """A teacher hides a post with a reason its author will see."""
    thread, post, viewer_is_teacher = _post_for_request(request, assignment_id, thread_id, post_id)
    rules.require_moderator(viewer_is_teacher=viewer_is_teacher)
    if request.method == "POST":
        form = HidePostForm(request.POST)
        if form.is_valid():
            try:
                services.post_hide(
                    post=post, teacher=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                messages.success(request, "The post is hidden from the class.")
                return redirect(_thread_url(thread, post))
    else:
        form = HidePostForm(initial={"reason": post.hidden_reason})
    context = {
        "assignment": thread.assignment,
        "thread": thread,
        "post": post,
        "post_html": render_post_text(post.body),
        "form": form,
    }
    return render(request, "discussions/post_hide.html", context)


# Teacher actions that need no form: POST, then back to the thread with a message.
POST_ACTIONS = {
    "unhide": (services.post_unhide, "The post is visible to the class again."),
    "endorse": (partial(services.post_set_endorsed, endorsed=True), "The post is endorsed."),
    "unendorse": (
        partial(services.post_set_endorsed, endorsed=False),
        "The endorsement is removed.",
    ),
}
THREAD_ACTIONS = {
    "pin": (partial(services.thread_set_pinned, pinned=True), "The thread is pinned to the top."),
    "unpin": (partial(services.thread_set_pinned, pinned=False), "The thread is unpinned."),
    "lock": (
        partial(services.thread_set_locked, locked=True),
        "The thread is locked: no new replies.",
    ),
    "unlock": (
        partial(services.thread_set_locked, locked=False),
        "The thread is open for replies again.",
    ),
}


def _moderate(request, actions: dict, action: str, *, back_to: str, **target):
    """Run the named action on the post or thread, then go back with its outcome."""
    if action not in actions:
        raise NotFound("There is no such moderation action.", code="no_such_action")
    perform, done = actions[action]
    try:
        perform(teacher=request.user, **target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(back_to)


@login_required
@require_POST
def post_moderate(request, assignment_id: int, thread_id: int, post_id: int, action: str):
    """A teacher unhides, endorses or unendorses a post."""
    thread, post, viewer_is_teacher = _post_for_request(request, assignment_id, thread_id, post_id)
    rules.require_moderator(viewer_is_teacher=viewer_is_teacher)
    return _moderate(request, POST_ACTIONS, action, back_to=_thread_url(thread, post), post=post)


@login_required
@require_POST
def thread_moderate(request, assignment_id: int, thread_id: int, action: str):
    """A teacher pins, unpins, locks or unlocks a thread."""
    thread, viewer_is_teacher = _thread_for_request(request, assignment_id, thread_id)
    rules.require_moderator(viewer_is_teacher=viewer_is_teacher)
    return _moderate(request, THREAD_ACTIONS, action, back_to=_thread_url(thread), thread=thread)
