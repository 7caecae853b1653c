"""Blueprint "auth": sign in, sign out, own password and language."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import lambda_stmt, select
from sqlalchemy.orm import joinedload

from core import clock, signin, users
from core.actions import on_domain_error
from core.extensions import db, limiter, login_manager
from core.forms import ChangePasswordForm, LanguageForm, LoginForm
from core.models import User
from core.permissions import login_required, public
from core.session_claims import parse_session_user
from core.sessions import start_fresh_session

bp = Blueprint("auth", __name__)


def _user_with_roles(user_id: int):
    # Roles joined in: every request asks for them (permission checks), one round trip not two.
    # A lambda statement is built once per worker; each request binds only the id.
    return lambda_stmt(
        lambda: select(User).options(joinedload(User.role_links)).where(User.id == user_id)
    )


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    # The id carries the session version: a password change invalidates older sessions.
    parsed = parse_session_user(session_id)
    if parsed is None:
        return None
    user_id, version = parsed
    user = db.session.execute(_user_with_roles(user_id)).unique().scalar_one_or_none()
    if user is None or user.session_version != version:
        return None
    return user


def safe_next_url(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login.

    Backslashes are refused outright: browsers read "/\\evil.example" as "//evil.example".
    """
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _failed(response) -> bool:
    """Only failed sign-ins use up the rate limits (a success redirects)."""
    return response.status_code != 302


def _login_account_key() -> str:
    return "login-account:" + (request.form.get("username") or "").strip().lower()[:64]


def _lockout_policy() -> signin.LockoutPolicy:
    config = current_app.config
    return signin.LockoutPolicy(
        failures=config["LOGIN_LOCKOUT_FAILURES"],
        window=timedelta(minutes=config["LOGIN_LOCKOUT_WINDOW_MINUTES"]),
        lock=timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"]),
    )


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_IP"],
    methods=["POST"],
    deduct_when=_failed,
    error_message=_l(
        "Too many failed sign-ins from this network. Please wait a few minutes and try again."
    ),
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_failed,
    error_message=_l(
        "Too many failed sign-ins for this account. Please wait a minute and try again."
    ),
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        result = signin.sign_in(
            form.username.data, form.password.data, now=clock.now_utc(), policy=_lockout_policy()
        )
        db.session.commit()  # failures, lockouts and successes are all recorded
        if result.ok:
            start_fresh_session()  # nothing from before sign-in survives, CSRF token included
            login_user(result.user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or url_for("home.index"))
        field = form.username if result.message_id == signin.DEACTIVATED else form.password
        field.errors.append(_(result.message_id, **result.params))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


def _password_account_key() -> str:
    return f"password-change:{current_user.get_id()}"


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(
    lambda: current_app.config["PASSWORD_CHANGE_LIMIT"],
    key_func=_password_account_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 400,
    error_message=_l("Too many attempts to change the password. Please wait and try again."),
)
def change_password():
    form = ChangePasswordForm()

    def page():
        return render_template("auth/password.html", form=form)

    if form.validate_on_submit():
        on_domain_error(page, field=form.current_password)
        had_remember = _has_remember_cookie()
        user = current_user._get_current_object()
        users.change_password(user, form.current_password.data, form.new_password.data)
        db.session.commit()
        # Re-issue this browser's session under the new session version. A "remember me"
        # cookie is renewed only if this browser had one: a password change never turns a
        # session into a 14-day sign-in the user did not ask for.
        start_fresh_session()
        login_user(user, remember=had_remember)
        flash(_("Your password was changed."), "success")
        return redirect(url_for("home.index"))
    return page(), 400 if form.errors else 200


def _has_remember_cookie() -> bool:
    name = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return bool(request.cookies.get(name))


@bp.post("/account/language")
@login_required
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        users.set_locale(current_user, form.locale.data, current_app.config["SUPPORTED_LOCALES"])
        db.session.commit()
    else:
        flash(_("Unsupported language."), "error")
    return redirect(safe_next_url(request.form.get("next")) or url_for("home.index"))
