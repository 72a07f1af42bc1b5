"""Student pages of quizzes: intro and start under an assignment, then the attempt's pages."""

from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path(
        "assignments/<int:assignment_id>/quizzes/<int:quiz_id>/",
        views.quiz_intro_view,
        name="quiz_intro",
    ),
    path(
        "assignments/<int:assignment_id>/quizzes/<int:quiz_id>/start/",
        views.attempt_start_view,
        name="attempt_start",
    ),
    path("attempts/<int:attempt_id>/", views.attempt_take_view, name="attempt_take"),
    path("attempts/<int:attempt_id>/save/", views.attempt_save_view, name="attempt_save"),
    path("attempts/<int:attempt_id>/autosave/", views.attempt_autosave_view, name="autosave"),
    path(
        "attempts/<int:attempt_id>/responses/<int:question_id>/",
        views.attempt_autosave_view,
        name="response_save",
    ),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="attempt_submit"),
    path("attempts/<int:attempt_id>/review/", views.attempt_review_view, name="attempt_review"),
]
