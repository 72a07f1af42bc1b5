"""Admin for the class discussion: threads and posts, scoped to the teacher's classes.

Rows are written on the site, not typed in the admin, so adding is off and posts
are read-only; teachers moderate with actions (hide with a reason, unhide, pin, lock)
that go through the same services as the site, so the same rules hold.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.template.response import TemplateResponse
from django.utils.text import Truncator

from discussions import services
from discussions.models import Post, Thread
from discussions.rules import HIDDEN_REASON_MAX_LENGTH
from lessons.admin.filters import AssignmentFilter, ClassroomFilter
from lessons.selectors import assignments_taught_by

# Filters ------------------------------------------------------------------------------


class PostStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"
    STATES = {
        "visible": Q(hidden_at__isnull=True, deleted_at__isnull=True),
        "hidden": Q(hidden_at__isnull=False),
        "deleted": Q(deleted_at__isnull=False),
    }

    def lookups(self, request, model_admin):
        return [("visible", "Visible"), ("hidden", "Hidden"), ("deleted", "Deleted")]

    def queryset(self, request, queryset):
        condition = self.STATES.get(self.value() or "")
        return queryset if condition is None else queryset.filter(condition)


# Threads ------------------------------------------------------------------------------


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "assignment",
        "author",
        "reply_count",
        "is_pinned",
        "is_locked",
        "last_activity_at",
    )
    list_filter = (
        ClassroomFilter.on("assignment__classroom_id"),
        AssignmentFilter.on("assignment_id"),
        ("author", admin.RelatedOnlyFieldListFilter),
        "is_pinned",
        "is_locked",
    )
    list_select_related = ("assignment__lesson", "assignment__classroom", "author")
    search_fields = ("title", "posts__body", "author__username")
    date_hierarchy = "created_at"
    fields = (
        "title",
        "assignment",
        "author",
        "section",
        "prompt_note",
        "is_pinned",
        "is_locked",
        "created_at",
        "last_activity_at",
    )
    readonly_fields = (
        "assignment",
        "author",
        "section",
        "prompt_note",
        "created_at",
        "last_activity_at",
    )
    actions = ("pin_threads", "unpin_threads", "lock_threads", "unlock_threads")

    def get_queryset(self, request) -> QuerySet[Thread]:
        return (
            super()
            .get_queryset(request)
            .filter(assignment__in=assignments_taught_by(request.user))
            .annotate(
                _reply_count=Count(
                    "posts", filter=Q(posts__is_opening=False, posts__deleted_at__isnull=True)
                )
            )
        )

    def has_add_permission(self, request) -> bool:
        return False  # threads start on the site (or from a published prompt)

    @admin.display(description="replies", ordering="_reply_count")
    def reply_count(self, thread: Thread) -> int:
        return thread._reply_count

    def _apply(self, request, queryset, change, done: str) -> None:
        for thread in queryset:
            change(thread=thread, teacher=request.user)
        self.message_user(request, done.format(n=len(queryset)), messages.SUCCESS)

    @admin.action(description="Pin the selected threads", permissions=["change"])
    def pin_threads(self, request, queryset):
        self._apply(
            request,
            queryset,
            partial(services.thread_set_pinned, pinned=True),
            "Pinned {n} thread(s).",
        )

    @admin.action(description="Unpin the selected threads", permissions=["change"])
    def unpin_threads(self, request, queryset):
        self._apply(
            request,
            queryset,
            partial(services.thread_set_pinned, pinned=False),
            "Unpinned {n} thread(s).",
        )

    @admin.action(description="Lock the selected threads (no new replies)", permissions=["change"])
    def lock_threads(self, request, queryset):
        self._apply(
            request,
            queryset,
            partial(services.thread_set_locked, locked=True),
            "Locked {n} thread(s).",
        )

    @admin.action(description="Unlock the selected threads", permissions=["change"])
    def unlock_threads(self, request, queryset):
        self._apply(
            request,
            queryset,
            partial(services.thread_set_locked, locked=False),
            "Unlocked {n} thread(s).",
        )


# Posts --------------------------------------------------------------------------------


class HideReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=HIDDEN_REASON_MAX_LENGTH,
        help_text="Each author sees this reason on their hidden post; classmates see nothing.",
        widget=forms.TextInput(attrs={"size": 60}),
    )


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("excerpt", "author", "thread", "classroom", "state", "endorsed", "created_at")
    list_filter = (
        ClassroomFilter.on("thread__assignment__classroom_id"),
        AssignmentFilter.on("thread__assignment_id"),
        ("author", admin.RelatedOnlyFieldListFilter),
        PostStateFilter,
    )
    list_select_related = ("author", "thread__assignment__classroom")
    search_fields = ("body", "thread__title", "author__username")
    date_hierarchy = "created_at"
    fields = (
        "thread",
        "parent",
        "is_opening",
        "author",
        "body",
        "created_at",
        "edited_at",
        "deleted_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
        "endorsed_by",
        "endorsed_at",
    )
    readonly_fields = fields  # posts change only through the moderation actions
    actions = ("hide_posts", "unhide_posts")

    def get_queryset(self, request) -> QuerySet[Post]:
        return (
            super()
            .get_queryset(request)
            .filter(thread__assignment__in=assignments_taught_by(request.user))
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # authors delete (leaving a placeholder); teachers hide

    @admin.display(description="post")
    def excerpt(self, post: Post) -> str:
        return Truncator(" ".join(post.body.split())).chars(80)

    @admin.display(description="class", ordering="thread__assignment__classroom__name")
    def classroom(self, post: Post) -> str:
        return post.thread.assignment.classroom.name

    @admin.display(description="state")
    def state(self, post: Post) -> str:
        if post.deleted_at is not None:
            return "Deleted"
        if post.hidden_at is not None:
            return "Hidden"
        return "Visible"

    @admin.display(description="endorsed", boolean=True, ordering="endorsed_at")
    def endorsed(self, post: Post) -> bool:
        return post.endorsed_at is not None

    @admin.action(description="Hide the selected posts (with a reason)", permissions=["change"])
    def hide_posts(self, request, queryset):
        """Ask for a reason on an intermediate page, then hide each selected post."""
        form = HideReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            hidden = 0
            for post in queryset.select_related("thread"):
                try:
                    services.post_hide(
                        post=post, teacher=request.user, reason=form.cleaned_data["reason"]
                    )
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(request, f"{post}: {error}", messages.ERROR)
                else:
                    hidden += 1
            self.message_user(request, f"Hid {hidden} post(s).", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Hide posts from the class",
            "opts": self.model._meta,
            "posts": queryset.select_related("author"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "discussions/admin_hide_posts.html", context)

    @admin.action(description="Unhide the selected posts", permissions=["change"])
    def unhide_posts(self, request, queryset):
        count = 0
        for post in queryset.filter(hidden_at__isnull=False).select_related("thread"):
            services.post_unhide(post=post, teacher=request.user)
            count += 1
        self.message_user(request, f"Unhid {count} post(s).", messages.SUCCESS)
