"""Blueprint "auth": sign in, sign out, own password and language."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from core import users
from core.actions import on_domain_error
from core.extensions import db, login_manager
from core.forms import ChangePasswordForm, LanguageForm, LoginForm
from core.models import User
from core.permissions import login_required, public

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    # The id carries the session version: a password change invalidates older sessions.
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != (version or "1"):
        return None
    return user


def safe_next_url(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.find_user(form.username.data)
        if user is None or not user.check_password(form.password.data):
            form.password.errors.append(_("Wrong username or password."))
        elif not user.active:
            form.username.errors.append(_("This account is deactivated. Contact an administrator."))
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or url_for("home.index"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()

    def page():
        return render_template("auth/password.html", form=form)

    if form.validate_on_submit():
        on_domain_error(page, field=form.current_password)
        users.change_password(current_user, form.current_password.data, form.new_password.data)
        db.session.commit()
        # Re-issue this browser's session under the new session version.
        login_user(current_user._get_current_object(), remember=True)
        flash(_("Your password was changed."), "success")
        return redirect(url_for("home.index"))
    return page(), 400 if form.errors else 200


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
