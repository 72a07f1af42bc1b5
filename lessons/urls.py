"""Pages of the lessons app: dashboards, classes and the reading pages."""

from django.urls import path

from lessons.views import assigning, classes, reading

app_name = "lessons"

urlpatterns = [
    # Dashboards and classes
    path("dashboard/", classes.student_dashboard, name="dashboard"),
    path("teaching/", classes.teacher_dashboard, name="teacher_dashboard"),
    path("teaching/classes/new/", classes.classroom_create, name="classroom_create"),
    # Assigning (lessons/views/assigning.py)
    path(
        "teaching/classes/<int:classroom_id>/", assigning.classroom_detail, name="classroom_detail"
    ),
    path("teaching/assign/", assigning.assignment_new, name="assignment_new"),
    path(
        "teaching/assignments/<int:assignment_id>/edit/",
        assigning.assignment_edit,
        name="assignment_edit",
    ),
    # Reading (lessons/views/reading.py)
    path("assignments/<int:assignment_id>/read/", reading.reading_view, name="reading"),
    path(
        "assignments/<int:assignment_id>/read/sections/<int:position>/",
        reading.section_read,
        name="section_read",
    ),
    path("teaching/lessons/<int:lesson_id>/", reading.teacher_reading, name="teacher_reading"),
]
