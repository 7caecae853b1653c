"""Locale and time-zone selection, and template helpers for dates."""

from datetime import datetime

from flask import current_app, has_request_context, request, session
from flask_babel import format_datetime, gettext
from flask_login import current_user
from sqlalchemy.exc import DBAPIError

from core.clock import to_local
from core.messages import render


def select_locale() -> str:
    """?lang= wins (and sticks for the browser session), then the user's choice, then zh_CN."""
    supported = current_app.config["SUPPORTED_LOCALES"]
    if not has_request_context():  # shell commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in supported:
        session["lang"] = asked
        return asked
    if _user_locale() in supported:
        return _user_locale()
    if session.get("lang") in supported:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _user_locale() -> str | None:
    try:
        return current_user.locale if current_user.is_authenticated else None
    except DBAPIError:  # the database is away: the 503 page still speaks the default language
        return None


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def local_datetime(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """Show a stored UTC datetime in Asia/Shanghai."""
    if value is None:
        return ""
    return format_datetime(to_local(value), fmt, rebase=False)


def translated(text) -> str:
    """A core.messages Message, Listing or stored message in the reader's language
    (the default language in the shell)."""
    return render(text, gettext)
