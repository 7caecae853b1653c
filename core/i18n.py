"""Locale and time-zone selection, and template helpers for dates."""

from datetime import datetime
from functools import lru_cache

from babel import Locale
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import format_datetime, get_locale, get_translations, gettext
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup
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


@lru_cache(maxsize=16)
def _parsed(identifier: str) -> Locale:
    # Flask-Babel parses the selector's string on every request, and Babel normalizes it
    # against its whole locale list (~0.1 ms); a Locale object is passed through as it is.
    return Locale.parse(identifier)


def select_locale_object() -> Locale:
    """select_locale's choice as a Locale object, parsed once per worker (Flask-Babel's selector)."""
    return _parsed(select_locale())


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


def _translations():
    """The translations of the current locale, looked up once per request and locale.

    Flask-Babel finds them again on every call (context, locale, cache key: ~25 µs), and a page
    makes about fifty calls from its templates; even asking it for the locale goes through the
    `g` proxy four times. So this reads Flask-Babel's per-request namespace from the context's
    globals directly. force_locale sets another Locale object there (refresh() removes it), so
    the object's identity tells when to look again.
    """
    app_globals = vars(g._get_current_object())  # one context lookup, not five
    found = app_globals.get("_translations_of")
    if found is not None:
        locale = getattr(app_globals.get("_flask_babel"), "babel_locale", None)
        if found[0] is locale:
            return found[1]
    found = app_globals["_translations_of"] = (get_locale(), get_translations())
    return found[1]


def plain_gettext(message_id: str) -> str:
    """gettext of a message without placeholders, through the per-request translations: for
    labels translated once per row (Flask-Babel's gettext finds its translations on each call).
    Outside the app, like Flask-Babel's, it returns the message id."""
    if not has_app_context():
        return message_id
    return _translations().ugettext(message_id)


@pass_eval_context
def _template_underscore(eval_ctx, message: str, **variables) -> str:
    """The templates' _(): what Jinja's new-style gettext does (escaped, always formatted),
    without its two extra layers of context calls (a page makes ~40 of these)."""
    text = _translations().ugettext(message)
    if eval_ctx.autoescape:
        text = Markup(text)  # nosec B704: our own catalogue's text; Markup % escapes the values
    return text % variables


def install_template_gettext(app) -> None:
    """The templates' _(), ngettext() and pgettext() through the per-request translations."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["_"] = _template_underscore
