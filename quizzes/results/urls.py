"""The teacher's results pages, mounted under ``results/`` by config/urls.py."""

from django.urls import path

from quizzes.results import class_skills, views

app_name = "results"

urlpatterns = [
    path("", views.results_index, name="index"),
    path(
        "assignments/<int:assignment_id>/",
        views.assignment_results,
        name="assignment_results",
    ),
    path(
        "assignments/<int:assignment_id>/results.csv",
        views.assignment_results_csv,
        name="assignment_results_csv",
    ),
    path(
        "assignments/<int:assignment_id>/responses.csv",
        views.assignment_responses_csv,
        name="assignment_responses_csv",
    ),
    path(
        "assignments/<int:assignment_id>/statistics/",
        views.assignment_statistics,
        name="assignment_statistics",
    ),
    path(
        "assignments/<int:assignment_id>/statistics.csv",
        views.assignment_statistics_csv,
        name="assignment_statistics_csv",
    ),
    path("quizzes/<int:quiz_id>/statistics/", views.quiz_statistics, name="quiz_statistics"),
    path(
        "quizzes/<int:quiz_id>/statistics.csv",
        views.quiz_statistics_csv,
        name="quiz_statistics_csv",
    ),
    path("attempts/<int:attempt_id>/", views.attempt_detail, name="attempt_detail"),
    path("classes/<int:classroom_id>/skills/", class_skills.class_skills, name="class_skills"),
    path(
        "responses/<int:response_id>/override/",
        views.response_override_view,
        name="response_override",
    ),
]
