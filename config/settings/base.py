"""Settings shared by every mode. Values that differ per machine come from DJANGO_* variables."""

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    # First, so that its runserver (a listen queue for a whole class) takes precedence.
    "config.apps.ClaimwiseConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "lessons",
    "quizzes",
    "discussions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside sessions and auth, so an outage anywhere below answers 503, not 500.
    "config.middleware.DatabaseUnavailableMiddleware",
    # Before anything reads the body: an oversized request is refused unread (413).
    "config.middleware.limit_request_body",
    "config.middleware.reject_nul_in_query",
    "config.middleware.reject_malformed_admin_ids",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.security_headers",
    # Last: it turns axes' lockout of an account into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.roles",
            ],
        },
    },
]

try:
    DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a usable database address: {exc}") from None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out account before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads (article imports, roster CSVs) are small; refuse big bodies before they hit a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Any request body, file parts included, larger than this is refused (413) before it is
# read: config.middleware.limit_request_body checks Content-Length.
MAX_REQUEST_BODY_BYTES = int(os.environ.get("DJANGO_MAX_REQUEST_BODY_BYTES", 3_145_728))

# Caching: Redis when REDIS_URL is set (shared by every server process: sign-in limits,
# cached quiz pages), else each process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sign-in protection. An account is locked for 15 minutes after 5 wrong passwords
# (django-axes; superusers see and reset lockouts in the admin, or run
# `manage.py axes_reset_username NAME`). A network address is refused after 100 failed
# sign-ins in 15 minutes: high, because a school's pupils share one address
# (lessons.throttling). Wrong join codes: 10 per student, 100 per address, in 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_SIGN_IN_FAILURES_PER_ACCOUNT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_SIGN_IN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no write per successful sign-in; failures are still kept
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "lessons.throttling.client_address"
AXES_USERNAME_FORM_FIELD = "username"
THROTTLE_SIGN_IN_PER_ADDRESS = (100, 15)  # failures, minutes
THROTTLE_JOIN_CODES_PER_STUDENT = (10, 15)
THROTTLE_JOIN_CODES_PER_ADDRESS = (100, 15)
# axes warns when accounts are not also locked per address: here the per-address limit is
# lessons.throttling's, with a threshold a school's shared address can live with.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# How many proxies in front of the app append to X-Forwarded-For (0: none).
TRUSTED_PROXY_HOPS = int(os.environ.get("DJANGO_TRUSTED_PROXY_HOPS", 0))

# Content-Security-Policy (django-csp): scripts and styles from this site only, no inline
# script or style anywhere, no framing. Permissions-Policy denies what the app never uses
# (config.middleware.security_headers).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

X_FRAME_OPTIONS = "DENY"
# A stale form (its token rotated by a sign-in in another tab) gets a clear page, and the
# autosave script gets JSON it can act on.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Apps above lessons add to its pages through these modules' hooks (lessons.extensions).
ASSIGNMENT_EXTENSIONS = ["quizzes.extension", "discussions.extension"]
