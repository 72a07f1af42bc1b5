from django.urls import path

from lessons.views import classes

app_name = "lessons"

urlpatterns = [
    # Dashboards and classes
    path("dashboard/", classes.student_dashboard, name="dashboard"),
    path("teaching/", classes.teacher_dashboard, name="teacher_dashboard"),
    # Reading (lessons/views/reading.py)
    # Discussion (lessons/views/discussion.py)
]
