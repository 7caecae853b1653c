"""Browser sessions: a fresh session at sign-in and a sign-out after a stretch of inactivity.

The last activity is a timestamp inside the signed session cookie, renewed at most once a minute:
no database write per request, and it holds across app servers sharing SECRET_KEY. An idle
browser is signed out completely, "remember me" cookie included: an unattended screen is what
the timeout is for. After a browser restart (no session cookie, only the remember cookie) the
user comes back, as "remember me" promises, and the clock starts again.
"""

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user
from werkzeug.exceptions import Unauthorized

from core.clock import now_utc
from core.tokens import bearer_token

LAST_ACTIVE = "_last_active"
RENEW_AFTER_SECONDS = 60
# Not sensitive, and the reader chose it before signing in: kept when the session is renewed.
KEPT_AT_SIGN_IN = ("lang",)


def start_fresh_session() -> None:
    """Drop everything the browser's session held before sign-in (CSRF token included)."""
    kept = {key: session[key] for key in KEPT_AT_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    session[LAST_ACTIVE] = int(now_utc().timestamp())


def register_session_policy(app) -> None:
    @app.before_request
    def sign_out_when_idle():
        if request.endpoint == "static" or "_user_id" not in session or bearer_token():
            return None
        now = int(now_utc().timestamp())
        last = session.get(LAST_ACTIVE)
        limit = app.config["SESSION_IDLE_MINUTES"] * 60
        if last is not None and limit > 0 and now - last > limit:
            logout_user()  # also clears the remember-me cookie
            session.pop(LAST_ACTIVE, None)
            message = _(
                "You were signed out after %(minutes)d minutes without activity. "
                "Please sign in again.",
                minutes=app.config["SESSION_IDLE_MINUTES"],
            )
            if request.path.startswith("/api/"):
                error = Unauthorized()
                error.user_message = message
                raise error
            flash(message, "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if last is None or now - last >= RENEW_AFTER_SECONDS:
            session[LAST_ACTIVE] = now
        return None
