"""The one settings module. Every knob comes from the environment through `dangvien.env`.

Defaults are the secure ones: DEBUG off, HTTPS-only cookies and HSTS on. A local demo turns HTTPS
off explicitly (`HTTPS=false`, as `make demo` does).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from dangvien.env import (
    EnvError,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    read_secret,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DANGVIEN_VAR_DIR", str(BASE_DIR / "var")))

try:
    DEBUG = env_bool("DEBUG", False)
    HTTPS = env_bool("HTTPS", True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
    _database = parse_database_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangvien.sqlite3'}"), base_dir=BASE_DIR
    )
    SESSION_COOKIE_AGE = env_int("SESSION_TIMEOUT_SECONDS", 30 * 60)
    LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
    LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
except EnvError as error:
    raise ImproperlyConfigured(str(error)) from None

_secret = read_secret("SECRET_KEY", file_default=VAR_DIR / "secret_key")
if not _secret:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable, point SECRET_KEY_FILE "
        "at a file holding it, or run `make install` to create var/secret_key."
    )
SECRET_KEY = _secret

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dangvien.accounts",
    "dangvien.audit",
    "dangvien.reference",
    "dangvien.orgs",
    "dangvien.intake",
    "dangvien.members",
    "dangvien.review",
    "dangvien.campaign",
    "dangvien.jobs",
    "dangvien.reports",
    "dangvien.api",
    "dangvien.web",
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
]

ROOT_URLCONF = "dangvien.urls"
WSGI_APPLICATION = "dangvien.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dangvien" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {"default": _database.as_django()}
# On SQLite the jobs table gets its own file; on PostgreSQL it is a second connection to the same
# database (see dangvien.jobs.router for why).
JOBS_SEPARATE_DB = _database.engine.endswith("sqlite3")
if JOBS_SEPARATE_DB:
    # Test databases are files too (not shared-cache memory, which locks whole tables), so tests
    # see the same isolation as a real installation.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(_database.name).with_suffix("")) + "-test.sqlite3"
    }
    _jobs_name = str(Path(_database.name).with_suffix("")) + "-jobs.sqlite3"
    DATABASES["jobs"] = {**_database.as_django(), "NAME": _jobs_name}
    DATABASES["jobs"]["TEST"] = {"NAME": _jobs_name.replace(".sqlite3", "-test.sqlite3")}
else:
    DATABASES["jobs"] = {**_database.as_django(), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["dangvien.jobs.router.JobsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Argon2 first: new and re-hashed passwords use it; the others only verify legacy hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (tests, a fresh checkout) WhiteNoise serves files straight from the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Sessions end when the browser closes and after inactivity: shared office PCs are the norm.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
# Behind a TLS-terminating proxy on the government network, trust its scheme header only when told.
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Django's HSTS-preload check is a recommendation for public sites, not a closed network.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"dangvien": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

DANGVIEN = {
    "COMMUNE_CODE": env_str("DANGVIEN_COMMUNE_CODE", ""),
    "TONE_STYLE": env_str("DANGVIEN_TONE_STYLE", "new"),
}
if DANGVIEN["TONE_STYLE"] not in {"old", "new"}:
    raise ImproperlyConfigured("DANGVIEN_TONE_STYLE must be 'old' or 'new'")
