"""Weaklink settings: one file, driven by the environment (see README)."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import database_from_url, env_bool, env_list
from config.logs import LOG_FORMAT

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

# Rotating the key (docs/operations.md): the old one stays here until what it
# signed (sessions, personal links) has expired.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # Background tasks (django.tasks) stored in the database; `manage.py db_worker` runs them.
    "django_tasks_db",
    "clients",
    "assessments",
    "programs",
]

MIDDLEWARE = [
    "config.middleware.request_size_limit",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "config.middleware.user_time_zone",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.private_pages",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["django_htmx.templatetags.django_htmx"],
        },
    },
]

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL"), base_dir=BASE_DIR)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "clients.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Collected static files: at image build in production; a run of its own elsewhere.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Clients' squat videos and their stills: private, under MEDIA_ROOT/private/
    # (nginx refuses that path; only the video views serve them, to the client
    # and their coach). An object store can replace it like the default one.
    "squat_videos": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "private", "base_url": None},
    },
    # Hashed, compressed, cached-forever files in production; plain in development and tests.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content-Security-Policy, enforced: scripts only from our own origin or with
# the per-request nonce; no inline script, no inline style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Production switches: on whenever DEBUG is off, each overridable.
SECURE = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if SECURE else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check is probed over plain HTTP by load balancers and compose.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The default cache: Redis when REDIS_URL is set (production: every web process
# shares it), else the database cache table (created by migration clients 0005),
# so the embedded default needs no server. Nothing that must survive lives in a
# cache: login-throttle counts are a table of their own (clients.LoginThrottle).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "weaklink",
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "weaklink_cache",
    },
}
# Sessions are written to the database (the store of record) and read through
# Redis when it is there; without Redis, plain database sessions.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# Background work (django.tasks): enqueued into the database, run by
# `python manage.py db_worker` (the compose `worker` service; `make run` starts
# one beside the server). Tests switch to the immediate backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Email (Django 6.1 mailers): SMTP from the environment; printed on the console
# while DEBUG with no EMAIL_HOST (make run). Production never falls back to the
# console: a password-reset link in a log is a way into the account. Always
# sent by a task, never inside a request (clients/tasks.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "" if DEBUG else "localhost")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST,
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": 20,
        },
    }
    if EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
del EMAIL_HOST  # a deprecated setting name in Django 6.1: MAILERS holds it
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Weaklink <weaklink@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in emails sent by the worker point (reminders, the coach's digest):
# no request is there to say the site's address.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour

# Request bodies: forms are small; drill images and videos are the only uploads
# (admin, library editors). Django refuses a bigger non-file body with 400, and
# files above the memory limit are streamed to disk. nginx refuses anything over
# its client_max_body_size (deploy/nginx.conf) before Django sees it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Whole request bodies (config.middleware.request_size_limit answers 413):
# drill media uploads (admin, a coach's private drills) get room for a 20 MB
# video and a 2 MB image; every other page 1 MB.
REQUEST_BODY_MAX_BYTES = 1024 * 1024
UPLOAD_MAX_BYTES = 25 * 1024 * 1024
UPLOAD_PATH_PREFIXES = ("/admin/", "/drills/")
# A client's squat video (assessments/video): 60 MB and 30 s at most; the
# upload page's body limit is the file plus room for the form.
SQUAT_VIDEO_MAX_BYTES = 60 * 1024 * 1024
SQUAT_VIDEO_MAX_SECONDS = 30.0
SQUAT_VIDEO_UPLOAD_PATH = "/plan/squat-video/"
SQUAT_VIDEO_BODY_MAX_BYTES = SQUAT_VIDEO_MAX_BYTES + 1024 * 1024
# The raw clip is deleted once the coach has reviewed it, or after this many
# days whatever happens (`manage.py purge_squat_videos`, run by the worker).
SQUAT_VIDEO_KEEP_DAYS = int(os.environ.get("SQUAT_VIDEO_KEEP_DAYS", "30"))

# Login throttling (clients/throttle.py): this many failed sign-ins for one
# username from one address within the window lock that pair out until the
# oldest failure ages out; a wider limit per address stops password spraying.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_ADDRESS = 50
LOGIN_FAILURE_LIMIT_PER_USERNAME = 20
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
# Behind the TLS proxy every request comes from the proxy: take the address the
# proxy wrote into X-Forwarded-For instead, but only when the request really
# came from the proxy (REMOTE_ADDR in TRUSTED_PROXIES). Anyone reaching a web
# process directly gets their own address counted, whatever header they send.
LOGIN_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR" if BEHIND_TLS_PROXY else ""
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1/32,::1/128")

# One line per record on stderr: time, level, logger, message (gunicorn's lines
# use the same format: config.logs.GunicornLogger). Personal and password-reset
# links are redacted from every line, Django's own "Not Found: /c/..." included.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": LOG_FORMAT}},
    "filters": {"redact_links": {"()": "config.logs.RedactLinks"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["redact_links"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Even with LOG_LEVEL=DEBUG, two Django loggers stay quiet: SQL (parameters
    # hold health data) and template variable lookups (their DEBUG lines dump
    # the whole page context: client names, notes, a just-issued personal link).
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.template": {"level": "INFO"},
    },
}

# Error reporting (config/sentry.py): off unless SENTRY_DSN is set. Events
# leave with personal data scrubbed: no request bodies, cookies, query strings,
# local variables, user names or emails, and links redacted.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from config.sentry import sentry_start

    sentry_start(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    )
