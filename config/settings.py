"""Settings, all from environment variables with safe defaults.

SQLite is the embedded default; set DATABASE_URL (postgres://…) for PostgreSQL or a
PostgreSQL-compatible 信创 database.
"""

import secrets
import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from luoshi.domain import audit_archive

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = BASE_DIR / "luoshi"

env = environ.Env()
env.read_env(BASE_DIR / ".env")  # optional; deployments set the environment

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Never a known default, and outside DEBUG never a random one: a key per process would sign
# users out whenever a request reached another worker. `make run` keeps one in .env; the tests
# set their own (config/test_settings.py).
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment or in .env "
            "(`make run` writes one there); only DJANGO_DEBUG=1 runs without it.")
    SECRET_KEY = secrets.token_urlsafe(50)
# Old keys still accepted (sessions, signatures, and the encrypted fields below) after a change.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
# Salaries, phone numbers and authenticator keys are stored encrypted (SM4 with HMAC-SM3,
# luoshi.core.encrypted_fields): each key is derived from DJANGO_SECRET_KEY (and its fallbacks)
# with LUOSHI_FIELD_KEY. Comma-separated keys rotate: the first encrypts, all decrypt
# (`luoshi pay rekey` re-encrypts with the first). Like the secret key, required outside
# DEBUG: without it, or with another, the stored salaries cannot be read.
SALT_KEY = env.list("LUOSHI_FIELD_KEY", default=[])
if not SALT_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "LUOSHI_FIELD_KEY is not set. Set it in the environment or in .env "
            "(`make run` writes one there); only DJANGO_DEBUG=1 runs without it.")
    SALT_KEY = ["luoshi-development-only-field-key"]
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "luoshi.core.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes (恢复码)
    # Before django-auditlog: its auditlogflush is overridden (refused) by ours.
    "luoshi.core",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "luoshi.accounts",
    "luoshi.plans",
    "luoshi.monitoring",
    "luoshi.benchmark",
    "luoshi.supervision",
    "luoshi.bulletins",
    "luoshi.assessment",
    "luoshi.portal",
    "luoshi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "luoshi.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "luoshi.core.audit.RequestFactsMiddleware",
    "luoshi.core.security.RefusedAccessMiddleware",
    "luoshi.core.middleware.LoginRequiredMiddleware",
    "luoshi.accounts.middleware.SessionLifetimeMiddleware",
    "luoshi.accounts.middleware.TwoFactorRequiredMiddleware",
    "luoshi.accounts.middleware.PasswordChangeRequiredMiddleware",
    "luoshi.core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "luoshi.portal.context_processors.navigation",
                "luoshi.monitoring.context_processors.synthetic_banner",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Each server thread keeps its connection (checked before reuse): a new PostgreSQL connection
# per request costs more than most pages. ?conn_max_age= in DATABASE_URL overrides; 0 closes.
DATABASES["default"].setdefault("CONN_MAX_AGE", 600)
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Readers do not wait for a writer, and a commit does not wait for the disk each time
    # (write-ahead log; safe against a crash of the process, not of the machine's power).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "luoshi.accounts.backends.SeparatedDutiesBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "luoshi.accounts.validators.CharacterClassesValidator"},
    {"NAME": "luoshi.accounts.validators.WeakPatternValidator"},
    {"NAME": "luoshi.accounts.validators.PasswordHistoryValidator"},
]
# 等保2.0 口令: a new password differs from the last N; it expires after so many days (0: never).
LUOSHI_PASSWORD_HISTORY = env.int("LUOSHI_PASSWORD_HISTORY", default=5)
LUOSHI_PASSWORD_MAX_AGE_DAYS = env.int("LUOSHI_PASSWORD_MAX_AGE_DAYS", default=90)
LUOSHI_API_TOKEN_DAYS = env.int("LUOSHI_API_TOKEN_DAYS", default=30)
# Password changes tried per user (a guessed old password is a login by another door).
LUOSHI_PASSWORD_CHANGE_RATE = env.str("LUOSHI_PASSWORD_CHANGE_RATE", default="5/15m")
# Shared by every process (the server's workers, `luoshi db_worker`, tick, commands): the
# throttles count across them and a dashboard fragment is dropped by whichever process changed
# its statuses. By default a table of the database (made by `luoshi migrate`); Redis is faster:
# LUOSHI_CACHE_URL=redis://127.0.0.1:6379/1 (docs/deploy.md). The tests: their memory.
CACHES = {"default": env.cache_url("LUOSHI_CACHE_URL", default="dbcache://luoshi_cache")}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session expires after this many idle seconds. It is renewed at most once a
# minute (accounts.middleware.SessionLifetimeMiddleware), not written on every request.
SESSION_COOKIE_AGE = env.int("LUOSHI_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
# Sessions are kept in the database; with a cache every process shares (Redis, Memcached) they
# are also read through it, and a signed-in request asks the database one question fewer. Never
# through a cache of one process's memory: another process would not see a session end there.
SESSION_ENGINE = "django.contrib.sessions.backends." + (
    "cached_db" if any(kind in CACHES["default"]["BACKEND"].lower()
                       for kind in ("redis", "memcached")) else "db")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Absolute lifetime: a session ends this long after the login, however busy (会话绝对时长).
LUOSHI_SESSION_ABSOLUTE_SECONDS = env.int("LUOSHI_SESSION_ABSOLUTE_SECONDS", default=8 * 3600)
# 双因素 (等保2.0 三级): the roles that must sign in with a one-time code from an authenticator
# app (TOTP) besides the password; superusers too. Anyone else may choose to. Comma-separated
# role codes; "none" for no role (the superusers still need it).
LUOSHI_TWO_FACTOR_ROLES = [
    role for role in env.list("LUOSHI_TWO_FACTOR_ROLES",
                              default=["superuser", "coordinator", "sysadmin", "secadmin",
                                       "auditor"])
    if role != "none"]
OTP_TOTP_ISSUER = env.str("LUOSHI_TWO_FACTOR_ISSUER", default="落实")
# The device admin pages never show the secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Cookies only over HTTPS unless DEBUG; `make run` (plain HTTP on this machine) says 0.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind the documented TLS proxy (docs/deploy.md): HTTPS only, HSTS, the proxy's word on TLS.
SECURE_SSL_REDIRECT = env.bool("LUOSHI_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("LUOSHI_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("LUOSHI_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("LUOSHI_HSTS_PRELOAD", default=False)
if env.bool("LUOSHI_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images from the product
# only, no inline script (page behaviours are static/luoshi/behaviours.js). Style attributes
# stay allowed: ECharts writes them into its tooltips, and a few bars are drawn with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"], "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"], "connect-src": ["'self'"], "object-src": ["'none'"],
        "base-uri": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
    },
}

# Lockout after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env.int("LUOSHI_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LUOSHI_LOGIN_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# One address, all usernames together (luoshi.core.lockout): high enough for an office's NAT.
LUOSHI_LOGIN_IP_FAILURE_LIMIT = env.int("LUOSHI_LOGIN_IP_FAILURE_LIMIT", default=100)
AXES_HANDLER = "luoshi.core.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("LUOSHI_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Largest file accepted by any upload form or import (bytes).
LUOSHI_MAX_UPLOAD_BYTES = env.int("LUOSHI_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = LUOSHI_MAX_UPLOAD_BYTES
# Imported tables (luoshi.core.tables): rows over all sheets, columns per sheet, a workbook's
# unpacked size and its compression ratio (real workbooks pack 5-30 times; bombs far more).
LUOSHI_MAX_IMPORT_ROWS = env.int("LUOSHI_MAX_IMPORT_ROWS", default=100_000)
LUOSHI_MAX_IMPORT_COLUMNS = env.int("LUOSHI_MAX_IMPORT_COLUMNS", default=200)
LUOSHI_MAX_UNPACKED_BYTES = env.int("LUOSHI_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
LUOSHI_MAX_COMPRESSION_RATIO = env.int("LUOSHI_MAX_COMPRESSION_RATIO", default=100)

# API lists: ?limit= defaults to the page size and may not exceed the maximum (400 beyond).
# Notices (督办): mail through Django's email backend (printed to the console by default;
# set EMAIL_BACKEND / EMAIL_HOST for a real server) and any number of apprise URLs for SMS
# gateways and the group robots of 钉钉 (dingtalk://), 企业微信 (wecombot://) or 政务微信
# (json:// to its webhook), comma-separated.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="luoshi@localhost")
LUOSHI_NOTIFY_URLS = env.list("LUOSHI_NOTIFY_URLS", default=[])
LUOSHI_NOTIFY_MAX_ATTEMPTS = env.int("LUOSHI_NOTIFY_MAX_ATTEMPTS", default=6)
# The address people open the product at: links sent out (a published bulletin) start with it.
LUOSHI_BASE_URL = env("LUOSHI_BASE_URL", default="http://127.0.0.1:8000")

# Background jobs (bulletins are built by a worker): django-tasks. "database" keeps the queue in
# the product's database (no broker; `luoshi db_worker` runs them, `make run` starts it), "rq"
# puts it on Redis (pip install 'luoshi[redis]', LUOSHI_REDIS_URL), "immediate" runs a job
# inside the request that asks for it (tests, or a one-person trial).
LUOSHI_TASKS_BACKEND = env("LUOSHI_TASKS_BACKEND", default="database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[LUOSHI_TASKS_BACKEND], "QUEUES": ["default"]}}
if LUOSHI_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": env("LUOSHI_REDIS_URL", default="redis://127.0.0.1:6379/0")}}

# Bulletins (通报): the font for their charts (a CJK .ttf/.otf; by default a CJK font of the
# system, else the one shipped with the product) and LibreOffice for their PDF (none: the PDF
# is left out and the page says so).
LUOSHI_CHART_FONT = env("LUOSHI_CHART_FONT", default="")
LUOSHI_SOFFICE = env("LUOSHI_SOFFICE", default="soffice")

# Attachments of reports: kept outside the web root (never served by a static or media URL),
# always sent as a download by a view that checks who asks.
LUOSHI_PRIVATE_ROOT = env.path("LUOSHI_PRIVATE_ROOT", default=BASE_DIR / "private")
LUOSHI_ATTACHMENT_MAX_BYTES = env.int("LUOSHI_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
LUOSHI_ATTACHMENT_TYPES = env.list("LUOSHI_ATTACHMENT_TYPES", default=[
    "pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx", "jpg", "jpeg",
    "png", "txt"])

LUOSHI_API_PAGE_SIZE = env.int("LUOSHI_API_PAGE_SIZE", default=100)
LUOSHI_API_MAX_LIMIT = env.int("LUOSHI_API_MAX_LIMIT", default=1000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "luoshi.accounts.api_tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "luoshi.core.pagination.LimitOffsetPagination",
    "PAGE_SIZE": LUOSHI_API_PAGE_SIZE,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "落实 API",
    "DESCRIPTION": (
        "落实（实施方案管理系统）的只读接口：实施方案、重点任务、部门、方案目标，以及指标监测的"
        "指标、指标目标、指标数据和指标状态。需要登录：浏览器会话，或 POST /api/v1/auth/token/ "
        "获取令牌后在请求头携带 Authorization: Token <令牌>。返回的数据与网页一致，按用户的开发区"
        "和部门范围筛选。列表分页参数为 limit 和 offset。"
    ),
    "VERSION": "1",
    # The schema and its pages are for signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_INCLUDE_SCHEMA": False,
    # Choice sets sharing a field name get their own names (not State99cEnum).
    "ENUM_NAME_OVERRIDES": {"BulletinStateEnum": "luoshi.bulletins.choices.BulletinState"},
    # Swagger UI and Redoc from the vendored sidecar package: no CDN on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The audit log (luoshi.core.audit_chain): entries older than the retention may be pruned by
# `luoshi audit prune`, after a signed archive of them is written; the key signs archives
# (default: DJANGO_SECRET_KEY). The retention is at least 180 days (网络安全法): a lower value
# is raised to 180 with a warning.
LUOSHI_AUDIT_RETENTION_DAYS = env.int("LUOSHI_AUDIT_RETENTION_DAYS",
                                      default=audit_archive.MIN_RETENTION_DAYS)
if LUOSHI_AUDIT_RETENTION_DAYS < audit_archive.MIN_RETENTION_DAYS:
    warnings.warn(
        f"LUOSHI_AUDIT_RETENTION_DAYS={LUOSHI_AUDIT_RETENTION_DAYS} is under the minimum of "
        f"{audit_archive.MIN_RETENTION_DAYS} days; {audit_archive.MIN_RETENTION_DAYS} applies.",
        RuntimeWarning, stacklevel=1)
    LUOSHI_AUDIT_RETENTION_DAYS = audit_archive.retention_days(LUOSHI_AUDIT_RETENTION_DAYS)
LUOSHI_AUDIT_ARCHIVE_KEY = env("LUOSHI_AUDIT_ARCHIVE_KEY", default="")

AUDITLOG_STORE_JSON_CHANGES = True
# A restore (`luoshi restore`) loads records as they were: it writes no entries of its own.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
SERIALIZATION_MODULES = {"exactjson": "luoshi.core.exact_json"}
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LUOSHI_LOG_LEVEL", default="WARNING")},
}
