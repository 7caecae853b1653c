"""Blueprint "admin": user accounts."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core import clock, signin, users
from core.actions import on_domain_error
from core.extensions import db
from core.forms import UserCreateForm, UserEditForm
from core.models import User
from core.permissions import PERMISSIONS, ROLE_LABELS, ROLE_PERMISSIONS, ROLES, require_permission

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@require_permission("user.manage")
def user_list():
    all_users = db.session.scalars(select(User).order_by(User.username)).all()
    now = clock.now_utc()
    locked = {user.id for user in all_users if signin.locked_for(user, now)}
    return render_template(
        "admin/users.html", users=all_users, role_labels=ROLE_LABELS, locked=locked
    )


@bp.route("/users/new", methods=["GET", "POST"])
@require_permission("user.manage")
def user_create():
    form = UserCreateForm()

    def page():
        return render_template("admin/user_form.html", form=form, user=None)

    if form.validate_on_submit():
        on_domain_error(page, field=form.username)
        user = users.create_user(
            form.username.data,
            form.password.data,
            form.roles.data,
            display_name=form.display_name.data,
            employee_number=form.employee_number.data,
            branch=form.branch.data,
        )
        db.session.commit()
        flash(_("User %(name)s was created.", name=user.username), "success")
        return redirect(url_for("admin.user_list"))
    return page(), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require_permission("user.manage")
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    if not form.is_submitted():
        form.roles.data = sorted(user.roles)

    def page():
        locked = signin.locked_for(user, clock.now_utc())
        return render_template("admin/user_form.html", form=form, user=user, locked=locked)

    if form.validate_on_submit():
        on_domain_error(page, field=form.roles)
        users.update_user(
            user,
            roles=form.roles.data,
            active=form.active.data,
            display_name=form.display_name.data,
            acting_user=current_user,
        )
        db.session.commit()
        flash(_("User %(name)s was updated.", name=user.username), "success")
        return redirect(url_for("admin.user_list"))
    return page(), 400 if form.errors else 200


@bp.post("/users/<int:user_id>/unlock")
@require_permission("user.manage")
def user_unlock(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    signin.unlock(user)
    db.session.commit()
    flash(_("User %(name)s can sign in again.", name=user.username), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.get("/permissions")
@require_permission("user.manage")
def permission_table():
    return render_template(
        "admin/permissions.html",
        roles=ROLES,
        role_labels=ROLE_LABELS,
        permissions=PERMISSIONS,
        role_permissions=ROLE_PERMISSIONS,
    )
