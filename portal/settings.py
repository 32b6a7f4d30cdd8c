"""Settings of the portal, read from the environment (see docs/environment.md).

Without any variable the portal runs on the embedded default: SQLite, tasks run eagerly,
local-memory cache, e-mails printed on the console. Production sets DATABASE_URL, REDIS_URL,
SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL and leaves DEBUG off.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env (written by `make run`, never committed) sets DEBUG and a dev SECRET_KEY.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="dev-only-insecure-key-change-me" if DEBUG else environ.Env.NOTSET,
)
# Old keys keep sessions and signed links valid while a new SECRET_KEY rolls out.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",  # allauth names the site in its e-mails
    "widget_tweaks",
    "dsfr",
    "django_filters",
    "import_export",
    "guardian",
    "axes",
    "auditlog",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "portal",
    "accounts",
    "privacy",
    "conventions",
    "aids",
    "permanences",
    "caseload",
    "evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside what follows, so that its 400s, redirects and 403s get the header too.
    "core.middleware.NoStoreForPersonalResponsesMiddleware",
    # Before any middleware or view reads a parameter.
    "core.middleware.RejectNulBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.AuditlogMiddleware",  # auditlog's, with the client address of core.client_ip
    "accounts.middleware.StaffMFARequiredMiddleware",
    "accounts.tenancy.TenantMiddleware",
    # Axes must come last: it turns lockouts into its own response.
    "axes.middleware.AxesMiddleware",
]

SITE_ID = 1
ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Connections stay open between requests (a new one costs a TCP and authentication round trip:
# with one per request the 50-client booking storm's p95 went from 734 to 1,058 ms); health
# checks drop a dead one before use, so a restarted PostgreSQL costs no failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles (JIT) a query it estimates costly, such as a page of a list of
    # 100,000 dossiers, and spends longer compiling (~250 ms) than running it: the portal's
    # queries are short, so its connections do without (bench/caseload.py shows the gain).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
# A read replica for the dashboards and exports (portal/db_router.py), with the same options.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        **{key: DATABASES["default"][key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")},
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
    }
    DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
        "portal.db_router.ReplicaReadsMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the broker and the cache when REDIS_URL is given; otherwise tasks run eagerly.
# Redis down must not fail a request (docs/architecture.md, "When Redis is down"): the cache
# treats errors as misses, and publishing a task gives up at once (what it asked for is
# recorded in the database and swept up later). Short socket timeouts bound the wait when
# Redis does not answer at all.
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_SOCKET_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 2}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {**REDIS_SOCKET_TIMEOUTS, "retry": Retry(NoBackoff(), 0)},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a task never waits for the broker: one connection attempt, no retry
# of the message, then the error (the on_commit callbacks that publish are robust, and what
# they ask for is recorded in the database and swept up by beat). The worker's own
# consumer still reconnects for as long as it takes (broker_connection_max_retries).
CELERY_BROKER_TRANSPORT_OPTIONS = {**REDIS_SOCKET_TIMEOUTS, "max_retries": 0}
CELERY_TASK_PUBLISH_RETRY = False
# The worker's heartbeat (core.tasks.heartbeat, every minute) is older than this: /sante/
# reports the worker down.
WORKER_HEARTBEAT_MAX_AGE = 180

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Argon2id with OWASP's parameters (portal/hashers.py); PBKDF2 hashes made before still verify
# and are rewritten with Argon2id at the person's next login.
PASSWORD_HASHERS = [
    "portal.hashers.OWASPArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
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
# The terms of use in force (/conditions-utilisation/). Changing it asks every person to
# accept the new text again before their next booking (accounts.onboarding).
TERMS_VERSION = "2026-12"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "after_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cap Installation] "
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # client address; e-mails by the outbox
# Per client address (core.client_ip), sized in docs/environment.md: 50 interns behind one
# hospital's address signing in within a minute, one in five mistyping three times, post 120
# times with 70 failures. Every limit that answers 429 counts over one minute: the 429 page
# says so. allauth's defaults stand for the other actions.
ACCOUNT_RATE_LIMITS = {
    "login": "150/m/ip",
    # Per address, then per (e-mail, address) for passwords (accounts.adapter) and per
    # account at the two-factor step. Axes locks the (e-mail, address) pair at 5 first.
    "login_failed": "100/m/ip,300/h/ip,10/15m/key",
    "signup": "60/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cap Installation"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous row, anonymous users get no grants
GUARDIAN_RAISE_403 = False

# auditlog reads the previous state through the base manager, outside tenant scopes.
AUDITLOG_USE_BASE_MANAGER = True

# Reverse proxies in front of the portal: empty (none), a count, or networks. The one client
# address function (core.client_ip) reads it for axes, allauth and the audit log.
TRUSTED_PROXIES = env.str("TRUSTED_PROXIES", default="")

# Brute-force protection: 5 failures for one e-mail from one client address (an IPv6 /64) lock
# that pair for an hour; the owner's own address stays open, and a password reset unlocks
# every pair of the account (accounts.signals).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip_for_limits"
AXES_LOCKOUT_CALLABLE = "accounts.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Internationalisation: French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
# Dates and times by named format, per language (French as Django has it, British English).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True

WHITENOISE_AUTOREFRESH = DEBUG
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# django-dsfr pins its stylesheets with integrity hashes of the files as published, but the
# manifest storage rewrites the url() references inside them: the browser would then refuse
# the DSFR stylesheets and every page would show unstyled. They are served from our own
# origin, so the hashes protect little (tests/portal/test_static_production.py).
DSFR_USE_INTEGRITY_CHECKSUMS = False

# E-mail: console by default, SMTP (or any backend) from EMAIL_URL.
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
vars().update(env.email_url_config(EMAIL_URL))
if EMAIL_BACKEND.endswith("filebased.EmailBackend"):  # noqa: F821 (set by the line above)
    # django-environ reads filemail:///var/mail/cap as the relative path var/mail/cap (the
    # worker wrote its mails into the project folder): keep the path as written.
    _mail_dir = urlsplit(EMAIL_URL)
    EMAIL_FILE_PATH = _mail_dir.path if not _mail_dir.netloc else _mail_dir.netloc + _mail_dir.path
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Cap Installation <ne-pas-repondre@cap-installation.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that accepts the connection and never answers would hold the outbox relay (and
# its worker) for good: the attempt fails after this many seconds and is retried later.
EMAIL_TIMEOUT = 30

# Security. Production (DEBUG off) gets secure cookies, HSTS and HTTPS redirect.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],  # DSFR components set inline styles
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Portal-specific settings
PORTAL_STATE_IDENTITY = env.bool("PORTAL_STATE_IDENTITY", default=True)
# The portal's public address: every absolute link in mails, calendar invitations and PDFs
# starts with it (core.emails.absolute_url). PORTAL_BASE_URL is its former name, still read.
# `manage.py check --deploy` refuses a local address (core.checks).
SITE_URL = env.str("SITE_URL", default=env.str("PORTAL_BASE_URL", default="http://localhost:8000"))
INVITATION_VALID_DAYS = 14
# The outbox retries a message that could not be sent 1, 2, 4… minutes later; after the last
# try it stays "failed", shown to the tenant's admins, who can send it again.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
