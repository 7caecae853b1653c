"""Configuration classes, chosen by APP_ENV (development, testing, production)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# Each area keeps its own catalog so areas can grow independently; Flask-Babel merges them.
TRANSLATION_DIRECTORIES = [
    "translations",
    "courses/translations",
    "quizzes/translations",
    "case_library/translations",
    "assessment/translations",
    "simulator/translations",
    "practice/translations",
    "certification/translations",
]


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'postloan.db'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver spelled out.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    APP_ENV = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    BABEL_TRANSLATION_DIRECTORIES = ";".join(str(BASE_DIR / d) for d in TRANSLATION_DIRECTORIES)
    SUPPORTED_LOCALES = ("zh_CN", "en")
    WTF_CSRF_TIME_LIMIT = None  # a long quiz must not expire its own form token
    REMEMBER_COOKIE_DURATION = 14 * 24 * 3600
    REMEMBER_COOKIE_HTTPONLY = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    REDIS_URL = os.environ.get("REDIS_URL")
    # Sign-in throttling (Flask-Limiter; only failed attempts count). Redis shares the counters
    # between app servers; without it each worker process counts on its own.
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_SWALLOW_ERRORS = True  # Redis down: sign-in still works, the lockout still holds
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    LOGIN_LIMIT_PER_IP = "30 per 10 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute"
    PASSWORD_CHANGE_LIMIT = "10 per 15 minutes"  # nosec B105: a rate limit, not a password
    # Lockout, stored in the database so that it holds across app servers.
    LOGIN_LOCKOUT_FAILURES = 10
    LOGIN_LOCKOUT_WINDOW_MINUTES = 15
    LOGIN_LOCKOUT_MINUTES = 30
    # A signed-in browser idle this long is signed out (the last activity lives in the cookie).
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    # Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # The mistake book's Leitner schedule (practice/schedule.py): a question leaves the book after
    # this many correct practice answers in a row, each given when due; after the n-th it returns
    # PRACTICE_BOX_DAYS[n-1] days later. Shown to trainees on their book page.
    PRACTICE_CORRECT_IN_A_ROW = 3
    PRACTICE_BOX_DAYS = (1, 3)
    PRACTICE_SET_SIZE = 10  # questions in one practice set
    PRACTICE_MASTERY_HALF_LIFE_DAYS = 14  # an answer this old counts half (practice/mastery.py)
    PRACTICE_REVIEW_QUIZ_SIZE = 10  # questions a review quiz made from the heat map starts with
    # Certification: the organisation named on certificates and credentials; the Ed25519 signing
    # keys (PEM) come from CERTIFICATION_SIGNING_KEYS (one or more PEM blocks, the last signs) or,
    # when that is unset, from the files in CERTIFICATION_KEY_DIR (`flask certification keygen`).
    CERTIFICATION_ISSUER_NAME = os.environ.get("CERTIFICATION_ISSUER_NAME", "贷后学堂培训中心")
    CERTIFICATION_SIGNING_KEYS = os.environ.get("CERTIFICATION_SIGNING_KEYS", "")
    CERTIFICATION_KEY_DIR = os.environ.get(
        "CERTIFICATION_KEY_DIR", str(INSTANCE_DIR / "certification_keys")
    )
    # Public base URL printed in QR codes and credentials (behind a proxy the request's may differ).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    CERTIFICATION_VERIFY_LIMIT = "30 per minute"


class DevelopmentConfig(Config):
    APP_ENV = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key"


class TestConfig(Config):
    APP_ENV = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"  # nosec B105: the test configuration only
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests move the clock by days between requests; the idle-timeout tests switch it on.
    SESSION_IDLE_MINUTES = 0


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}


def config_for_env() -> type[Config]:
    """Pick the config class from APP_ENV; unknown values are refused rather than guessed."""
    env = os.environ.get("APP_ENV", "production").strip().lower()
    if env not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {sorted(CONFIGS)}, got {env!r}")
    return CONFIGS[env]
