"""Domain errors and the one place that maps errors to pages or JSON."""

from flask import current_app, flash, jsonify, make_response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from core.actions import take_error_page
from core.domain import Conflict, DomainError, Forbidden, NotFound
from core.extensions import db
from core.i18n import translated
from core.messages import message

__all__ = ["Conflict", "DomainError", "Forbidden", "NotFound", "describe", "render_error"]


def describe(error: DomainError) -> str:
    """The error's message in the reader's language (parameters may be messages too)."""
    return translated(message(error.message_id, **error.params))


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def _default_messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please check your input.")),
        401: (_("Sign-in required"), _("Please sign in to continue.")),
        403: (
            _("Access denied"),
            _(
                "Your account does not have permission to open this page. Ask an administrator "
                "if you believe you should."
            ),
        ),
        404: (_("Page not found"), _("The page you asked for does not exist or was removed.")),
        405: (_("Method not allowed"), _("This page cannot be used that way.")),
        409: (_("Conflict"), _("The request conflicts with the current state. Please reload.")),
        413: (_("File too large"), _("The uploaded file is larger than allowed.")),
        422: (_("Cannot process"), _("The request was understood but could not be carried out.")),
        429: (_("Too many requests"), _("Too many requests. Please wait a moment and try again.")),
        500: (
            _("Something went wrong"),
            _("An internal error occurred. Nothing you entered was half-saved; please try again."),
        ),
        503: (_("Service unavailable"), _("The service is temporarily unavailable.")),
    }


def _database_unavailable(error: Exception) -> bool:
    """A driver error that means the database cannot be used right now (down, locked, gone).

    Errors in our own SQL (ProgrammingError, IntegrityError) are bugs or rule breaks, not outages.
    """
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )


def render_unavailable():
    """503 while the database is away: a page that needs no database (no user, no layout
    queries), or JSON for the API. Nothing was half-saved: the transaction was rolled back."""
    title = _("Service temporarily unavailable")
    message = _(
        "The database cannot be reached right now. Nothing you sent was saved. "
        "Please try again in a minute; answers already saved are kept."
    )
    if _wants_json():
        response = jsonify({"error": title, "message": message, "status": 503})
    else:
        # Rendered without the context processors: Flask-Login's would load the signed-in
        # user, which needs the very database that is away.
        template = current_app.jinja_env.get_template("errors/unavailable.html")
        response = make_response(
            template.render(
                title=title, message=message, request=request, current_locale=str(get_locale())
            )
        )
    response.status_code = 503
    response.headers["Retry-After"] = "30"
    return response


def render_error(status: int, message: str | None = None):
    """Render an error as JSON for API clients, otherwise as a page in the site layout."""
    title, default_message = _default_messages().get(status, (_("Error"), ""))
    message = message or default_message
    if _wants_json():
        return jsonify({"error": title, "message": message, "status": status}), status
    try:
        page = render_template("errors/error.html", status=status, title=title, message=message)
    except Exception:  # a broken layout must not turn an error page into a traceback
        current_app.logger.exception("error page failed to render")
        page = f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(message)}</p>"
    return page, status


def register_error_handlers(app) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        # The only rollback for a failed domain action: nothing half-written survives.
        db.session.rollback()
        message = describe(error)
        error_page = take_error_page()
        if error_page is None or _wants_json():
            return render_error(error.status_code, message)
        render, field = error_page
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            flash(message, "error")
        response = make_response(render())
        if response.status_code == 200:
            response.status_code = error.status_code
        return response

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        message = _("The form expired or was sent from elsewhere. Reload the page and try again.")
        if _wants_json():
            # The quiz page's autosave keeps the answer and asks the user to sign in again:
            # a token expires with the session, so this is usually a session that ended.
            body = {"error": _("Error"), "message": message, "status": 400, "reason": "csrf"}
            return jsonify(body), 400
        return render_error(400, message)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308) or error.code is None:
            return error
        message = getattr(error, "user_message", None)
        if isinstance(error, RateLimitExceeded):
            message = error.description  # the limit's own error_message
        return render_error(error.code, message)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        if _database_unavailable(error):
            app.logger.warning(
                "database unavailable on %s %s: %s", request.method, request.path, error
            )
            try:
                db.session.rollback()
            except DBAPIError:  # the connection is gone; the pool replaces it on next use
                db.session.remove()
            return render_unavailable()
        # Never leak a traceback to the browser; the log keeps it.
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)
