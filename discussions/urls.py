"""The class discussion of an assignment, under its address: /assignments/<id>/discussion/."""

from django.urls import path

from discussions import views

app_name = "discussions"

urlpatterns = [
    path("assignments/<int:assignment_id>/discussion/", views.discussion_list, name="list"),
    path(
        "assignments/<int:assignment_id>/discussion/prompts/<int:note_id>/publish/",
        views.prompt_publish,
        name="prompt_publish",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/",
        views.thread_detail,
        name="thread",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/<slug:action>/",
        views.thread_moderate,
        name="thread_action",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/posts/<int:post_id>/edit/",
        views.post_edit,
        name="post_edit",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/posts/<int:post_id>/delete/",
        views.post_delete,
        name="post_delete",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/posts/<int:post_id>/hide/",
        views.post_hide,
        name="post_hide",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/posts/<int:post_id>/<slug:action>/",
        views.post_moderate,
        name="post_action",
    ),
]
