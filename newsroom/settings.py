"""Newsroom settings, read from the environment (12-factor).

Every default is for local use: SQLite in ``var/``, debug on, local-memory cache.
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

# Source contact details and notes are encrypted at rest (sources/fields.py) with Fernet keys:
# comma-separated, the first encrypts, all decrypt (rotation). Losing them loses those fields.
# Debug mode without a key uses a development key generated once and kept in var/.
NEWSROOM_FIELD_ENCRYPTION_KEYS = env_list("NEWSROOM_FIELD_ENCRYPTION_KEY", "")
if not NEWSROOM_FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "NEWSROOM_FIELD_ENCRYPTION_KEY must be set when DJANGO_DEBUG is off (see SECURITY.md)."
        )
    from cryptography.fernet import Fernet

    _dev_key_file = VAR_DIR / "field_encryption_key"
    if not _dev_key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _dev_key_file.write_text(Fernet.generate_key().decode() + "\n", encoding="utf-8")
        _dev_key_file.chmod(0o600)
    NEWSROOM_FIELD_ENCRYPTION_KEYS = [_dev_key_file.read_text(encoding="utf-8").strip()]

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# The public site's origin, e.g. https://news.example.com: absolute URLs in pages, feeds and
# sitemaps use it whatever Host a request names (newsroom/site_url.py). Unset, they use the
# request's validated host and the page cache keeps a copy per host and port.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "").strip().rstrip("/")
if NEWSROOM_SITE_URL:
    _site = urlsplit(NEWSROOM_SITE_URL)
    if (
        _site.scheme not in {"http", "https"}
        or not _site.hostname
        or _site.path
        or _site.query
        or _site.fragment
    ):
        raise ImproperlyConfigured(
            f"NEWSROOM_SITE_URL must be an origin such as https://news.example.com, without a "
            f"path; it is {NEWSROOM_SITE_URL!r}."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "django_prose_editor",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "articles",
    "sources",
    "images",
    "importer",
    "api",
]

MIDDLEWARE = [
    # The request's script prefix, where the links a page builds read it (newsroom/urlcache.py).
    "newsroom.urlcache.ScriptPrefixMiddleware",
    # Above the page cache, what depends on the request and not only on the page: the HTTPS
    # redirect and HSTS (secure requests only), static files, the API's rate limit and CORS.
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.ApiMiddleware",
    # Page-cache hits for anonymous readers end here. A page is kept with the headers the
    # middleware below gave it fresh, so a hit carries them without running them again.
    "newsroom.caching.PageCacheMiddleware",
    "newsroom.middleware.PublicCacheControlMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsroom.middleware.StaffIdleTimeoutMiddleware",
    "newsroom.middleware.ReplicaForPublicReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: it tells a POST sent before the code why it was not carried out.
    "newsroom.middleware.RequireSecondFactorMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

# Benchmarks add a bare view with DJANGO_ROOT_URLCONF=bench.urls; production never sets it.
ROOT_URLCONF = os.environ.get("DJANGO_ROOT_URLCONF", "newsroom.urls")

# Readers' pages are Jinja2 (templates/jinja2/, articles/templating.py); the back office and
# Django's own apps (admin, sitemaps) use Django's template language.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.templating.environment",
            "context_processors": ["articles.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite database lives here

# Django's health check of a persistent connection is one more round trip on every request.
# Public pages do without it: their first query (the content version) reconnects once if the
# database dropped the connection (newsroom/reconnect.py).
# Elsewhere a dropped connection fails one request per worker, which then reconnects.
# DJANGO_CONN_HEALTH_CHECKS=1 restores it.
CONN_HEALTH_CHECKS = env_bool("DJANGO_CONN_HEALTH_CHECKS", False)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=CONN_HEALTH_CHECKS,
    )
}

# A read replica takes the public site's reads; writes, the admin and staff use the primary
# (newsroom/db_routers.py). Production sets DJANGO_CONN_MAX_AGE=60 for persistent connections.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=CONN_HEALTH_CHECKS,
        test_options={"MIRROR": "default"},
    )
    DATABASE_ROUTERS = ["newsroom.db_routers.PrimaryReplicaRouter"]

# Planner settings for a web workload whose data fits in memory, set on each connection so that
# they hold on managed databases too (DATABASE_PG_OPTIONS replaces them):
# - jit=off: for page-sized queries JIT compiling costs far more than it saves;
# - random_page_cost=1.1: index lookups are as cheap as reads in order once the pages are cached;
#   at the default 4 a topic page scanned the whole archive by date instead of reading the
#   topic's own stories;
# - max_parallel_workers_per_gather=0: parallel workers help one big report, but on a busy app
#   server they take the cores other requests need;
# - plan_cache_mode=force_generic_plan: only for prepared statements (newsroom.compiled's, and
#   the search trigger's PL/pgSQL, which reads no table), planned once per connection instead of
#   once per run with the run's values, which for the search's names costs more than running them.
DATABASE_PG_OPTIONS = os.environ.get(
    "DATABASE_PG_OPTIONS",
    "-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0"
    " -c plan_cache_mode=force_generic_plan",
)
# The public pages' reads are prepared on persistent PostgreSQL connections (newsroom.compiled).
# A pooler in transaction mode hands a request any server connection, where the statement was
# never prepared: NEWSROOM_PREPARED_STATEMENTS=off there.
NEWSROOM_PREPARED_STATEMENTS = env_bool("NEWSROOM_PREPARED_STATEMENTS", True)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {})["options"] = DATABASE_PG_OPTIONS

# SQLite (`make run`, small installs): every transaction takes the write lock when it begins
# (BEGIN IMMEDIATE) and waits up to DJANGO_SQLITE_TIMEOUT seconds for it. With SQLite's default
# (deferred) transactions two editors publishing at once both read the story, and the second to
# write failed at once with "database is locked" instead of waiting and being told the story
# was already published; select_for_update is a no-op on SQLite.
# A new SQLite connection opens the file and reads the whole schema before its first query, so
# with debug off each worker keeps its connection; with debug on (`make run`, the tests) each
# request opens its own, Django's default. DJANGO_CONN_MAX_AGE, when set, decides instead.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE", timeout=int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20"))
        )
        if not DEBUG and "DJANGO_CONN_MAX_AGE" not in os.environ:
            _database["CONN_MAX_AGE"] = 60

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The back office lives at DJANGO_ADMIN_URL (default "admin/"); code always uses reverse().
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# django-axes first: it refuses a login for a locked-out username or address before the
# password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("NEWSROOM_LOGIN_THROTTLING", True)
# Failed logins within the lockout time that lock a login out: per username and address (someone
# mistyping), per address (one machine trying many usernames: higher, since a newsroom's staff
# may share one address) and per username (many machines trying one). Each has its own limit
# (newsroom/login_throttle.py).
NEWSROOM_LOGIN_FAILURE_LIMITS = {
    ("username", "ip_address"): int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5")),
    ("ip_address",): int(os.environ.get("NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT", "20")),
    ("username",): int(os.environ.get("NEWSROOM_LOGIN_USERNAME_FAILURE_LIMIT", "10")),
}
AXES_HANDLER = "newsroom.login_throttle.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = [list(parameters) for parameters in NEWSROOM_LOGIN_FAILURE_LIMITS]
AXES_FAILURE_LIMIT = NEWSROOM_LOGIN_FAILURE_LIMITS["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSROOM_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("NEWSROOM_PROXY_COUNT", "0")) or None

# A second factor (TOTP, django-otp) for staff who can see confidential identities
# (superusers and holders of sources.view_confidential_identity). On wherever debug is off;
# the local demo (`make run`, debug on) keeps password-only logins.
NEWSROOM_REQUIRE_2FA = env_bool("NEWSROOM_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("NEWSROOM_NAME", "The Newsroom")

# Staff sessions end after this much inactivity; no session outlives SESSION_COOKIE_AGE.
NEWSROOM_STAFF_IDLE_MINUTES = int(os.environ.get("NEWSROOM_STAFF_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(12 * 60 * 60)))
# The back office's messages ("The story was published") live in the staff member's session.
# Django's default tries a signed cookie first, and builds its signer for every request, a
# reader's included, who never gets a message.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Karachi")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Uploaded files live under MEDIA_ROOT unless NEWSROOM_S3_BUCKET is set: then they go to S3 or an
# S3-compatible store through django-storages, which must be installed (pip install
# "django-storages[s3]"). boto3 finds credentials itself (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, a profile or an instance role); they never go in settings.
STORAGES = {
    "default": {"BACKEND": "newsroom.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Hashed, compressed static files served by whitenoise when debug is off; tests and development
# keep Django's plain storage so they need no collectstatic.
if not DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
if os.environ.get("NEWSROOM_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["NEWSROOM_S3_BUCKET"],
            "endpoint_url": os.environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("NEWSROOM_S3_REGION") or None,
            "custom_domain": os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("NEWSROOM_S3_LOCATION", "media"),
            # Public, unsigned URLs: published pictures are public and cache well.
            "querystring_auth": env_bool("NEWSROOM_S3_QUERYSTRING_AUTH", False),
            "default_acl": os.environ.get("NEWSROOM_S3_DEFAULT_ACL") or None,
            "file_overwrite": False,
            # Stored names are random and never reused, so files can be cached for ever.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

# Image library (images app). Sizes are in bytes and pixels; widths are the responsive
# rendition widths offered in srcset. The pixel limit is also Pillow's decompression-bomb limit.
NEWSROOM_IMAGE_MAX_BYTES = int(os.environ.get("NEWSROOM_IMAGE_MAX_BYTES", str(20 * 1024 * 1024)))
NEWSROOM_IMAGE_MAX_PIXELS = int(os.environ.get("NEWSROOM_IMAGE_MAX_PIXELS", "40000000"))
NEWSROOM_IMAGE_WIDTHS = sorted(
    int(width) for width in env_list("NEWSROOM_IMAGE_WIDTHS", "320,640,960,1280,1920")
)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsroom",
    }
}
if os.environ.get("REDIS_URL"):
    # Only the page cache uses Redis, and a Redis outage only slows pages down: they are served
    # from each worker's memory or rendered (newsroom/caching.py). A dead server answers within
    # these timeouts. Sessions stay in the database (Django's default), so an outage neither
    # logs staff out nor, once over, brings back a session that was ended during it.
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "newsroom",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    # Each worker also keeps the pages it served lately, in front of Redis (newsroom/caching.py).
    CACHES["local_pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsroom-pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("NEWSROOM_LOCAL_PAGES", "500"))},
    }

# Security: strict by default whenever debug is off. Each switch can be turned off where
# TLS ends at a proxy (DJANGO_SECURE_SSL_REDIRECT=0 with DJANGO_SECURE_PROXY_SSL_HEADER=1).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp). Scripts only from our own origin; JSON-LD
# (application/ld+json) is data and not blocked. The back office additionally gets
# style-src 'unsafe-inline' (newsroom.middleware) for the admin and the prose editor.
_MEDIA_HOSTS = [
    f"https://{host}"
    for host in [
        os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN"),
        os.environ.get("NEWSROOM_CSP_IMG_HOST"),
    ]
    if host
]
if os.environ.get("NEWSROOM_S3_ENDPOINT_URL"):
    _MEDIA_HOSTS.append(os.environ["NEWSROOM_S3_ENDPOINT_URL"].rstrip("/"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", *_MEDIA_HOSTS],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page of ours uses.
NEWSROOM_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# HTTP caching in front of the app (newsroom/middleware.py, newsroom/purge.py). A CDN keeps public
# pages for NEWSROOM_CACHE_MAX_AGE seconds; publishing purges the pages that show the story by
# surrogate key, through NEWSROOM_PURGE_URL when it is set (e.g. Fastly's purge endpoint).
NEWSROOM_SURROGATE_KEY_HEADER = os.environ.get("NEWSROOM_SURROGATE_KEY_HEADER", "Surrogate-Key")
NEWSROOM_PURGE_URL = os.environ.get("NEWSROOM_PURGE_URL", "")
NEWSROOM_PURGE_TOKEN = os.environ.get("NEWSROOM_PURGE_TOKEN", "")

NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "The Newsroom")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

TAGGIT_CASE_INSENSITIVE = True

# Public pages are cached in CACHES["default"], keyed by the newest change in the database
# (newsroom/caching.py). NEWSROOM_PAGE_CACHE=off turns that caching off.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "600"))
# Part of every page-cache key: set it to the deployed revision so new templates show at once
# on a shared (Redis) cache instead of after NEWSROOM_PAGE_CACHE_SECONDS.
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE", "")
NEWSROOM_LANGUAGE = os.environ.get("NEWSROOM_LANGUAGE", "en")

# The syndication API (api/): requests per address, as "120/minute" (per second, minute or
# hour), counted in CACHES["default"]; "off" for no limit (make bench).
NEWSROOM_API_RATE_LIMIT = os.environ.get("NEWSROOM_API_RATE_LIMIT", "120/minute").strip().lower()
if not re.fullmatch(r"off|\d+/(second|minute|hour)", NEWSROOM_API_RATE_LIMIT):
    raise ImproperlyConfigured(
        f"NEWSROOM_API_RATE_LIMIT must be like 120/minute (per second, minute or hour) or off; "
        f"it is {NEWSROOM_API_RATE_LIMIT!r}."
    )
