"""Application factory. Serve with: gunicorn 'app:create_app()'."""

from pathlib import Path

import click
from flask import Flask
from flask_babel import get_locale
from flask_login import current_user

import assessment
import case_library
import certification
import courses
import practice
import quizzes
import simulator
from config import INSTANCE_DIR, config_for_env
from core import admin, admin_audit, admin_backup, auth, home
from core.cli import register_cli
from core.errors import register_error_handlers
from core.extensions import babel, csrf, db, limiter, login_manager, migrate
from core.home import register_home_panel
from core.i18n import (
    install_template_gettext,
    local_datetime,
    select_locale_object,
    select_timezone,
)
from core.markdown import render_markdown
from core.navigation import main_nav
from core.permissions import ROLE_LABELS, has_permission
from core.security import register_security
from core.sessions import register_session_policy


def create_app(config=None) -> Flask:
    """Build the app: config → extensions → blueprints → error handlers → CLI."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    load_config(app, config)
    register_extensions(app)
    register_security(app)
    register_session_policy(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_cli(app)
    return app


def load_config(app: Flask, config) -> None:
    app.config.from_object(config_for_env())
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    if not app.config.get("SECRET_KEY"):
        message = (
            "SECRET_KEY must be set in production; in a local checkout, "
            "export APP_ENV=development first."
        )
        if click.get_current_context(silent=True) is not None:
            raise click.ClickException(message)  # a shell command prints one line, no traceback
        raise RuntimeError(message)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        # The default embedded database lives in instance/, which a fresh checkout lacks.
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def register_extensions(app: Flask) -> None:
    import core.database  # noqa: F401  (engine event hooks)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory="migrations")
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale_object, timezone_selector=select_timezone)
    install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page explains itself
    login_manager.session_protection = "basic"
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(auth.bp)
    app.register_blueprint(home.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_audit.bp)
    app.register_blueprint(admin_backup.bp)
    register_home_panel(
        app, key="users", permission="user.manage", template="admin/_home_users.html", order=40
    )
    for area in (courses, quizzes, case_library, assessment, simulator, practice, certification):
        area.init_app(app)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.globals["main_nav"] = main_nav

    @app.context_processor
    def inject_helpers():
        return {
            "can": lambda permission: has_permission(current_user, permission),
            "role_labels": ROLE_LABELS,
            "current_locale": str(get_locale()),
        }
