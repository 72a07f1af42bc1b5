from django.urls import path

from lessons.views import classes, reading
from lessons.views import discussion as discussion_views

app_name = "lessons"

urlpatterns = [
    # Dashboards and classes
    path("dashboard/", classes.student_dashboard, name="dashboard"),
    path("teaching/", classes.teacher_dashboard, name="teacher_dashboard"),
    path("teaching/classes/new/", classes.classroom_create, name="classroom_create"),
    # Reading (lessons/views/reading.py)
    path("assignments/<int:assignment_id>/read/", reading.reading_view, name="reading"),
    path(
        "assignments/<int:assignment_id>/read/sections/<int:position>/",
        reading.section_read,
        name="section_read",
    ),
    path("teaching/lessons/<int:lesson_id>/", reading.teacher_reading, name="teacher_reading"),
    # Discussion (lessons/views/discussion.py)
    path(
        "assignments/<int:assignment_id>/discussion/",
        discussion_views.discussion_list,
        name="discussion",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/prompts/<int:note_id>/publish/",
        discussion_views.prompt_publish,
        name="discussion_prompt_publish",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/",
        discussion_views.thread_detail,
        name="thread",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/<slug:action>/",
        discussion_views.thread_moderate,
        name="discussion_thread_action",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/posts/<int:post_id>/edit/",
        discussion_views.post_edit,
        name="discussion_post_edit",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/posts/<int:post_id>/delete/",
        discussion_views.post_delete,
        name="discussion_post_delete",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/posts/<int:post_id>/hide/",
        discussion_views.post_hide,
        name="discussion_post_hide",
    ),
    path(
        "assignments/<int:assignment_id>/discussion/<int:thread_id>/posts/<int:post_id>/<slug:action>/",
        discussion_views.post_moderate,
        name="discussion_post_action",
    ),
]
