from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("dashboard/", views.student_dashboard, name="dashboard"),
    path("teaching/", views.teacher_dashboard, name="teacher_dashboard"),
]
