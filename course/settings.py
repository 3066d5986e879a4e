"""Soft Landing's settings, read from the environment.

One module for every environment: development, tests and production differ
only in their variables (see README.md, "Deploying"). A production start with
an unsafe combination refuses to boot with a one-line message rather than
running half-configured.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from wagtail.embeds.oembed_providers import vimeo, youtube

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    """Read a yes/no variable: 1, true, yes and on (any case) mean yes."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated variable into a list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def refuse(message):
    """Stop the process with one line on stderr: no traceback to dig through."""
    raise SystemExit(f"Soft Landing will not start: {message}")


# Commands that read only the code and never sign anything: a build step or
# `manage.py makemigrations --check` runs them without a secret to protect.
SECRETLESS_COMMANDS = {"makemigrations", "showmigrations", "collectstatic"}


def running_secretless_command():
    return (
        len(sys.argv) > 1
        and Path(sys.argv[0]).name == "manage.py"
        and (sys.argv[1] in SECRETLESS_COMMANDS)
    )


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not running_secretless_command():
        refuse("set the SECRET_KEY environment variable (required when DEBUG is off).")
    # The "django-insecure-" prefix makes `check --deploy` flag it if it ever got that far.
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if DEBUG and "*" in ALLOWED_HOSTS:
    refuse("DEBUG is on and ALLOWED_HOSTS is '*': debug pages would be open to anyone.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The host name LMSs frame us on (see lti.launch.framing): only there are
# cookies sent as SameSite=None, which a page inside an LMS needs. It is
# served by the same site, so it is one of the allowed hosts.
LTI_HOST = os.environ.get("LTI_HOST", "").strip().lower()
if LTI_HOST and LTI_HOST not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(LTI_HOST)

INSTALLED_APPS = [
    "course",
    "lessons",
    "quizzes",
    "classes",
    "accounts",
    "certificates",
    "lti",
    "lti_tool",  # django-lti: registrations, deployments, contexts, keys
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "allauth",
    "allauth.account",
    "modelcluster",
    "taggit",
    "django_tasks_db",  # the queue of background grade exports
    "django_filters",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware: static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so a stored page is always sent with today's policy.
    "course.middleware.ContentSecurityPolicy",
    # Anonymous pages from the shared page cache, before sessions and routing.
    "course.page_cache.page_cache",
    # Above sessions, CSRF and messages: their cookies work inside an LMS on LTI_HOST.
    "lti.launch.framing.cross_site_cookies",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Responses to a signed-in user are never stored by shared caches.
    "course.middleware.private_when_signed_in",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Just inside it: pages of a session an LMS launched may be framed by that LMS.
    "lti.launch.framing.lms_session_framing",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Pages by path without walking the page tree (see course.routes).
    "course.routes.RememberedRoutes",
]

ROOT_URLCONF = "course.urls"
WSGI_APPLICATION = "course.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default lives in a git-ignored folder beside the code, opened
# for several processes at once: WAL lets readers run during a write, the
# busy timeout waits for a lock instead of failing, and IMMEDIATE takes the
# write lock at the start of a transaction so two writers never deadlock.
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,  # seconds
}
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'softlanding.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    DATA_DIR.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg's pool keeps connections open across requests (Django refuses
    # a pool together with CONN_MAX_AGE, so the pool takes its place).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 2, "max_size": 8}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The page cache ("pages", see course.page_cache) must be shared by every
# worker: Redis when there is one, otherwise files beside the database.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "pages",
            "TIMEOUT": 24 * 3600,
        },
    }
else:
    # The default cache holds sign-in and join-code counters: in each worker's
    # memory, two workers would allow twice the tries. Files are shared by
    # every worker on the machine. Room for 10,000 entries (sessions, counters,
    # shared page parts) before a third of them are dropped to make space.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "page-cache"),
            "TIMEOUT": 24 * 3600,
        },
    }
# Entries keyed on the content version (course.content_cache: routes, course
# outlines, rendered lesson bodies, and the page cache's own entries) can never
# change: a publish moves every reader on to a new key. So each worker also
# keeps them in its own memory, which is never stale, and a request reads the
# shared cache only for the version itself. The site header, which depends on
# nothing but the code and the path, is kept there too (base.html).
CACHES["versioned"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "versioned",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}
PAGE_CACHE = env_flag("PAGE_CACHE")
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Accounts: django-allauth, signing in by email.
# Django's and allauth's, each reading the signed-in user with one query
# written once (see accounts.backends).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
# Argon2id at OWASP's baseline (see accounts.hashers); the others only check
# passwords stored before, which are re-stored with the first on sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.ClassroomArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
# Our forms: sign-up asks for the name (once; allauth saves it on the user),
# sign-in labels its field "Email or username".
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
# Spelled out rather than left to allauth's defaults, so a review sees them.
# "ip" counts per client address, "key" per email or username typed, "user"
# per signed-in account; counters live in the cache (Redis when there are
# several app servers, so every worker counts the same tries).
ACCOUNT_RATE_LIMITS = {
    # A class in one computer lab shares one address: forty students signing
    # in (and a few mistyping) within a minute must all get through, so the
    # per-address limits are a classroom's, and accounts are guarded per key.
    "login": "200/m/ip",
    # Five wrong passwords for one login lock it for five minutes.
    "login_failed": "40/m/ip,5/5m/key",
    "signup": "60/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # Also guards the password typed to delete an account.
    "reauthenticate": "10/m/user",
}
# Behind a load balancer every request comes from its address; say how many
# proxies we run so per-IP limits count each student, not the balancer.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/dashboard/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "course" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production (after collectstatic); plain
        # finders in development, so nothing needs collecting to start.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Work that must not hold up a request runs on the "background" backend, a
# queue in the database worked by `manage.py db_worker --backend background`:
# grade exports of large sections (more cells, students x course items, than
# EXPORT_IMMEDIATE_MAX_CELLS; see classes.exports.jobs). Wagtail's
# own tasks stay immediate on "default". Finished files go to the "exports"
# storage, outside MEDIA_ROOT: only the permission-checked download reads it.
# With several servers, point it at a shared private store (e.g. a private
# bucket through django-storages).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
STORAGES["exports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": DATA_DIR / "exports"},
}
# 25,000 cells take about 0.5 s as CSV and 2 s as XLSX (bench/export_bench.py).
EXPORT_IMMEDIATE_MAX_CELLS = int(os.environ.get("EXPORT_IMMEDIATE_MAX_CELLS", "25000"))

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    # Port 465 speaks TLS from the first byte; 587 and 25 upgrade with STARTTLS.
    EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
    # Seconds; without it a stalled mail server holds a sign-up request forever.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
    if EMAIL_USE_SSL and EMAIL_USE_TLS:
        refuse(
            "EMAIL_USE_SSL and EMAIL_USE_TLS are both on: choose one "
            "(SSL on port 465, STARTTLS on 587)."
        )
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Soft Landing <noreply@localhost>")

# Production hardening; each is a no-op in development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=not DEBUG)
# SECURE_COOKIES=0 only for plain-HTTP loopback runs (the benchmarks in bench/).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy, chosen per response by course.middleware.ContentSecurityPolicy.
# The public site runs only our own static scripts and styles: nothing inline,
# so markup that slipped into a lesson or an answer cannot run.
VIDEO_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-src": VIDEO_FRAME_SOURCES,
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# The Wagtail admin's page editor writes scripts and styles inline; the admin
# also shows image previews from blob: URLs and avatars from Gravatar, asks
# Wagtail's site for the latest release, and frames its own page previews.
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "www.gravatar.com"],
    "connect-src": [SELF, "https://releases.wagtail.org"],
    "frame-src": [SELF, *VIDEO_FRAME_SOURCES],
    "frame-ancestors": [SELF],
}
# A page preview runs under the public site's rules, inside the admin's frame.
PREVIEW_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "frame-ancestors": [SELF],
}
# A downloaded document runs nothing and loads nothing, even opened in a tab.
DOCUMENT_CONTENT_SECURITY_POLICY = {"default-src": [NONE], "sandbox": True}

WAGTAIL_SITE_NAME = "Soft Landing"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Raster formats only: an SVG is a document that can carry scripts.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# Documents always go through Wagtail's view, which checks collection
# privacy, and always download rather than open on our origin. Wagtail's own
# header (default-src 'none') is off: DOCUMENT_CONTENT_SECURITY_POLICY takes
# its place and adds the sandbox.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = False
# A document (or page) behind a sign-in sends the visitor to the site's own
# sign-in page, not to Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# Passwords are changed and reset only through allauth's rate-limited forms.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# Videos come from these providers only (their iframes are VIDEO_FRAME_SOURCES).
# The site's stylesheet sizes the frames: Wagtail's responsive embeds would
# need an inline style.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
WAGTAILEMBEDS_RESPONSIVE_HTML = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
