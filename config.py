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


class DevelopmentConfig(Config):
    APP_ENV = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key"


class TestConfig(Config):
    APP_ENV = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    WTF_CSRF_ENABLED = False


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
