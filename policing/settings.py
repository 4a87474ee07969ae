"""Settings for Local Policing Summaries.

One module, driven by environment variables, so that a fresh checkout runs on
SQLite with no configuration (``make run`` sets ``DEBUG=1``) and production is
configured entirely from its environment:

- ``DEBUG``: ``1``/``true``/``yes``/``on`` or ``0``/``false``/``no``/``off`` (default off).
- ``SECRET_KEY``: required whenever ``DEBUG`` is off.
- ``ALLOWED_HOSTS``: comma-separated host names (default: localhost only when ``DEBUG``).
- ``DATABASE_URL``: for example ``postgres://postgres@127.0.0.1:5432/policing``
  (default: SQLite in ``db.sqlite3`` beside ``manage.py``).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from policing.environment import env_bool, env_list
from policing.logformat import app_logging

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development only."
        )
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    # Before django_tasks_db: its db_worker command is sitewide's, which ends dead jobs.
    "sitewide",
    "policing",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "corsheaders",
    "import_export",
    "ninja",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "boroughs",
    "performance",
    "consultation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Open data may be read from any other site's pages: CORS on the API and the downloads.
    "corsheaders.middleware.CorsMiddleware",
    # HEAD on every API operation, and a JSON 405 for any method that would write.
    "policing.middleware.ApiMethodsMiddleware",
    # HTML, JSON and CSV compressed for browsers that accept it (static files come
    # compressed already). Django's adds random padding against BREACH-style attacks.
    "django.middleware.gzip.GZipMiddleware",
    # Static files with compression and hashed names, straight from the app server (but not
    # the manifest listing every file).
    "policing.middleware.StaticFilesMiddleware",
    # ETags on every response, and 304 Not Modified for a conditional request that matches.
    "django.middleware.http.ConditionalGetMiddleware",
    # Public pages and API answers from the shared cache until the next publication; below
    # ConditionalGet so cached pages still answer 304, above the rest so a hit skips it.
    "sitewide.cache.PublicPageCacheMiddleware",
    # Every public answer as built under the current publication, from the database: for
    # staff too, and when the shared cache is down. Above the rest, so a stored one skips it.
    "sitewide.stored.StoredAnswerMiddleware",
    # Cache-Control, Last-Modified and the licence on public answers; below the cache,
    # so a cached answer keeps them.
    "policing.middleware.PublicAnswerHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a user who has given a second factor (TOTP) as verified.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sign in again after STAFF_SESSION_MAX_HOURS, however active they are.
    "policing.middleware.StaffSessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history of figures and content.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A Content Security Policy: nothing from other sites and no inline script.
    "csp.middleware.CSPMiddleware",
    # Login throttling; it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "policing.urls"

# Widgets are drawn with the site's own templates first, so templates/admin/widgets/ can
# give the admin's date and time boxes their labels.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "boroughs.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "policing.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Each worker keeps its connection between requests (opening one costs more than most
        # pages' queries), and checks it still works before reuse, so a database restart
        # costs no visitor an error page once the database is back.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database takes one writer at a time. A background import writes in one
    # transaction (about 10 s for an edition of recorded crime), so a web request saving
    # its session meanwhile waits for it, rather than failing after SQLite's default 5 s.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
    # A transaction begins as a writer. Begun lazily, one that reads and then writes while
    # the job worker writes is refused at once ("database is locked"): SQLite will not wait
    # to upgrade a reader, since the two could wait for each other for ever.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Web addresses typed without a scheme are taken as https (Django 6's default).
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Throttles guessing before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# ---------------------------------------------------------------- the back office's safety

# Login throttling (django-axes): after 5 failures for one account from one address, that
# pair waits 15 minutes. Throttling the pair, not the account alone, stops guessing without
# letting someone elsewhere lock staff out. Every attempt, failed or not, is logged.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, unless a trusted proxy puts it in a header it
# overwrites, named as a request.META key (for example HTTP_X_REAL_IP). Never a header the
# client can set. Login throttling and the survey limit both count by it.
CLIENT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY", "")
AXES_IPWARE_META_PRECEDENCE_ORDER = [CLIENT_IP_META_KEY or "REMOTE_ADDR"]

# Two-factor authentication (TOTP, django-otp) for every staff sign-in. Only a local demo
# turns it off (make run does); `manage.py check --deploy` warns when it is off.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Local Policing Summaries"
# A device's secret is shown once, when `manage.py enrol_totp` makes it, never in the admin:
# whoever could read it there could copy anyone's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# HTTPS: on in production (the default when DEBUG is off). Behind a proxy that ends TLS,
# set TRUST_X_FORWARDED_PROTO=1 so Django knows the request was secure.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
# HSTS for every subdomain, and asking browsers to preload it, bind the whole domain for
# a long time and cannot be taken back quickly: whoever runs the domain opts in.
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD")
TRUST_X_FORWARDED_PROTO = env_bool("TRUST_X_FORWARDED_PROTO", default=False)
if TRUST_X_FORWARDED_PROTO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Where residents ask for a paper survey or answer by telephone (the default is a number
# Ofcom keeps for drama, shown as a demo number).
CONSULTATION_TELEPHONE = os.environ.get("CONSULTATION_TELEPHONE", "020 7946 0063 (demo number)")
# Who answers questions about the open data: on /data/, in the data package and the API.
OPEN_DATA_CONTACT_EMAIL = os.environ.get("OPEN_DATA_CONTACT_EMAIL", "open-data@example.org")
# The API and the downloads are open data: any site may read them, without credentials.
CORS_URLS_REGEX = r"^/(api|data)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Staff are signed out after 30 minutes without a request, and after 12 hours in any case.
# The idle limit slides because StaffSessionLifetimeMiddleware saves the session on every
# staff request; not SESSION_SAVE_EVERY_REQUEST, which would also save (and so create) a
# session for any cookie sent to a public page.
SESSION_COOKIE_AGE = 30 * 60
SESSION_COOKIE_HTTPONLY = True
STAFF_SESSION_MAX_HOURS = int(os.environ.get("STAFF_SESSION_MAX_HOURS", "12"))
# After signing in (and when a "next" address is refused): the admin's home.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Named in /.well-known/security.txt for reporting a vulnerability: a mailto: or https: URI.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Figures are shown as "6,919", as in the printed leaflet.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "policing.storage.StaticFilesStorage"
        )
    },
}

# Past versions in the admin's history are read-only: a change is entered again, with its
# reason, and published like any other (policing/admin_history.py).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Spreadsheet imports run inside one transaction: a file is imported whole or not at all.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Figures files uploaded through the admin: checked as they are read, stopping at the
# first limit crossed. A workbook's unpacked size is limited as well as its own.
FIGURES_UPLOAD_MAX_BYTES = int(os.environ.get("FIGURES_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
FIGURES_UPLOAD_MAX_ROWS = int(os.environ.get("FIGURES_UPLOAD_MAX_ROWS", 100_000))
FIGURES_UPLOAD_MAX_UNPACKED_BYTES = int(
    os.environ.get("FIGURES_UPLOAD_MAX_UNPACKED_BYTES", 64 * 1024 * 1024)
)
# An uploaded file waits this long for its import to be confirmed, then it is deleted.
IMPORT_UPLOAD_RETENTION_HOURS = int(os.environ.get("IMPORT_UPLOAD_RETENTION_HOURS", "24"))
# A background import that runs longer than this stops, writing nothing.
IMPORT_JOB_TIME_LIMIT_SECONDS = int(os.environ.get("IMPORT_JOB_TIME_LIMIT_SECONDS", "600"))

# Where fetch_recorded_crime takes the police's latest editions: the London Datastore's
# "Recorded Crime: Borough Level" most recent 24 months file (dataset recorded_crime_summary).
# Comma-separated in the environment; the ward file's address can be added beside it.
RECORDED_CRIME_URLS = [
    url.strip()
    for url in os.environ.get(
        "RECORDED_CRIME_URLS",
        "https://data.london.gov.uk/download/recorded_crime_summary/"
        "MPS%20Borough%20Level%20Crime%20%28most%20recent%2024%20months%29.csv",
    ).split(",")
    if url.strip()
]
FETCH_USER_AGENT = "local-policing-summaries (fetch_recorded_crime)"

# Background jobs (imports, PDF leaflets) run on a task queue in the site's own database
# (django-tasks, which Django 6 includes as django.tasks, with django-tasks-db's backend).
# `manage.py db_worker` runs them: `make run` starts one beside the development server,
# production runs them as a process of their own (docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Django refuses larger request bodies before a view reads them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    # Stops reading an upload past FIGURES_UPLOAD_MAX_BYTES, before it fills memory or disk.
    "policing.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

SERVICE_NAME = "Local Policing Summaries"
# The public address of the site, printed in full on the paper leaflet (which is drawn by a
# background worker, with no request to take it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# A shared cache when REDIS_URL is set (several app instances); this process's memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
# If Redis stops or cannot be reached, the site carries on without it: a cache call gives
# up within half a second and counts as a miss (logged), and pages come from the database.
REDIS_CACHE_OPTIONS = {
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
    "IGNORE_EXCEPTIONS": True,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    # django-redis rather than Django's own Redis backend: Django's builds a new redis-py
    # client for every cache call, which costs a cached page about a millisecond.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages and API answers are cached until the next publication, or this long.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
# Answers stored in the database are made stale by the publication number, raised in the
# same transaction as any change; a scheduled release expires them when it is due. This
# is only a safety net against a change no one foresaw.
STORED_ANSWER_SECONDS = int(os.environ.get("STORED_ANSWER_SECONDS", "86400"))

# `make bench` compares every page with a bare view (/bench/bare) served by the same stack;
# it exists only when this is on.
BENCHMARK_BARE_VIEW = env_bool("BENCHMARK_BARE_VIEW")

# "Have your say": survey submissions a client address may make, as django-ratelimit's rate.
SURVEY_SUBMISSION_RATE = os.environ.get("SURVEY_SUBMISSION_RATE", "20/10m")
if CLIENT_IP_META_KEY:
    RATELIMIT_IP_META_KEY = CLIENT_IP_META_KEY
# While the cache is down submissions cannot be counted: take them rather than turn every
# resident away (CSRF, the form token and the honeypot still apply).
RATELIMIT_FAIL_OPEN = True
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    # Opt-in (HSTS_INCLUDE_SUBDOMAINS, above): a decision for the domain, not a fault.
    SILENCED_SYSTEM_CHECKS.append("security.W005")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if not REDIS_URL:
    # Without Redis each process counts its own submissions: fine for one process in
    # development and tests; production sets REDIS_URL.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
# Contact details given with consent are deleted this many days after they were given.
CONTACT_DETAILS_RETENTION_DAYS = int(os.environ.get("CONTACT_DETAILS_RETENTION_DAYS", "365"))

# Logs go to standard output; LOG_FORMAT=json gives one JSON object a line for collectors.
LOGGING = app_logging(os.environ.get("LOG_FORMAT"), os.environ.get("LOG_LEVEL", "INFO"))
