"""Pages of the lessons app: dashboards, classes and the reading pages."""

from django.urls import path

from lessons.views import classes, reading

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
]
