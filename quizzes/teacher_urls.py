"""Teachers' results pages, mounted under ``teaching/`` by config/urls.py."""

from django.urls import path

from quizzes import teacher_views

app_name = "results"

urlpatterns = [
    path("results/", teacher_views.results_index, name="index"),
    path(
        "assignments/<int:assignment_id>/results/",
        teacher_views.assignment_results,
        name="assignment_results",
    ),
    path(
        "assignments/<int:assignment_id>/results.csv",
        teacher_views.assignment_results_csv,
        name="assignment_results_csv",
    ),
    path(
        "assignments/<int:assignment_id>/responses.csv",
        teacher_views.assignment_responses_csv,
        name="assignment_responses_csv",
    ),
    path(
        "assignments/<int:assignment_id>/statistics/",
        teacher_views.assignment_statistics,
        name="assignment_statistics",
    ),
    path(
        "quizzes/<int:quiz_id>/statistics/", teacher_views.quiz_statistics, name="quiz_statistics"
    ),
    path("attempts/<int:attempt_id>/", teacher_views.attempt_detail, name="attempt_detail"),
    path(
        "responses/<int:response_id>/override/",
        teacher_views.response_override_view,
        name="response_override",
    ),
]
