"""Django settings for fazhi. Everything a deployment changes comes from the environment.

- ``DATABASE_URL``: database (default: SQLite file in the data directory, see ``fazhi.paths``)
- ``FAZHI_HOME``: data directory; ``FAZHI_SECRET_KEY``: secret key (else generated into FAZHI_HOME)
- ``FAZHI_DEBUG=1``: debug mode; ``FAZHI_ALLOWED_HOSTS``: comma-separated extra host names
"""

from __future__ import annotations

import os
from pathlib import Path

from fazhi import dburl, paths

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = paths.secret_key()
DEBUG = os.environ.get("FAZHI_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"] + [
    h.strip() for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "fazhi.core",
    "fazhi.orgs",
    "fazhi.accounts",
    "fazhi.laws",
    "fazhi.institutions",
    "fazhi.officers",
    "fazhi.inspections",
    "fazhi.cases",
    "fazhi.documents",
    "fazhi.discretion",
    "fazhi.evaluation",
    "fazhi.reconsideration",
    "fazhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.navigation",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    _default_db = dburl.parse(os.environ["DATABASE_URL"])
else:
    _default_db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(paths.default_database_path())}
if _default_db["ENGINE"].endswith("sqlite3"):
    _default_db["OPTIONS"] = {
        # IMMEDIATE avoids "database is locked" when two writers upgrade their locks at once.
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    _default_db["TEST"] = {"NAME": None}  # in-memory test database
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["fazhi.accounts.backends.ThrottledModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: failures per (username) and per (client address) within the window.
FAZHI_LOGIN_MAX_FAILURES = int(os.environ.get("FAZHI_LOGIN_MAX_FAILURES", "5"))
FAZHI_LOGIN_WINDOW_SECONDS = int(os.environ.get("FAZHI_LOGIN_WINDOW_SECONDS", "900"))

# Sessions: expire after 30 idle minutes and at most at browser close.
SESSION_COOKIE_AGE = int(os.environ.get("FAZHI_SESSION_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT") or paths.data_dir() / "media")  # uploaded evidence files
MEDIA_URL = "media/"  # never served directly: downloads go through views that check access

STATIC_URL = "static/"
STATIC_ROOT = paths.data_dir() / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves from the apps' folders (below) but expects this to exist
WHITENOISE_USE_FINDERS = True  # serve straight from the apps' static folders; no collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal": {"()": "fazhi.core.logfilters.MaskPersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
