"""Root URLs: the admin, sign-in pages, and each app under its own prefix."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views

admin.site.site_header = "Claimwise"
admin.site.site_title = "Claimwise admin"
admin.site.index_title = "Lessons, classes and quizzes"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/session/", views.session_status, name="session_status"),
    path("accounts/logout/", views.SignOutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("lessons.urls")),
    path("", include("quizzes.urls")),
    path("", include("discussions.urls")),
    path("results/", include("quizzes.results.urls")),
]
