"""Account services: create users, change roles, passwords and activation."""

import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from core import audit
from core.errors import DomainError
from core.extensions import db
from core.models import MIN_PASSWORD_LENGTH, User
from core.permissions import ROLES
from core.tokens import revoke_tokens

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")


class AccountError(DomainError):
    status_code = 400


def find_user(username: str) -> User | None:
    """Look a user up by username, case-insensitively."""
    return db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )


def validate_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )


def validate_roles(roles) -> set[str]:
    roles = set(roles)
    unknown = roles - set(ROLES)
    if unknown:
        raise AccountError(_("Unknown role: %(roles)s", roles=", ".join(sorted(unknown))))
    if not roles:
        raise AccountError(_("A user needs at least one role."))
    return roles


def create_user(
    username: str,
    password: str,
    roles,
    display_name: str = "",
    employee_number: str | None = None,
    branch: str | None = None,
) -> User:
    """Create an active user; the username must be new and well-formed."""
    username = (username or "").strip()
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            _("A username has 3 to 64 letters, digits, dots, dashes or underscores.")
        )
    if find_user(username) is not None:
        raise AccountError(_("The username %(name)s is already taken.", name=username))
    validate_password(password)
    user = User(
        username=username,
        display_name=(display_name or "").strip(),
        employee_number=employee_number or None,
        branch=branch or None,
    )
    user.set_password(password)
    user.set_roles(validate_roles(roles))
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.created",
        target=audit.user_target(user),
        after={
            "display_name": user.display_name,
            "roles": user.roles,
            "employee_number": user.employee_number,
            "branch": user.branch,
        },
    )
    return user


def update_user(user: User, *, roles, active: bool, display_name: str, acting_user: User) -> None:
    """Change a user's roles, name and activation; admins cannot lock themselves out."""
    roles = validate_roles(roles)
    if user.id == acting_user.id and ("admin" not in roles or not active):
        raise AccountError(
            _("You cannot remove your own administrator role or deactivate yourself.")
        )
    target = audit.user_target(user)
    if roles != user.roles:
        audit.record(
            "user.roles_changed",
            target=target,
            before={"roles": user.roles},
            after={"roles": roles},
        )
        user.set_roles(roles)
    if active != user.active:
        audit.record(
            "user.activated" if active else "user.deactivated",
            target=target,
            before={"active": user.active},
            after={"active": active},
        )
        user.active = active
        if not active:
            revoke_tokens(user, reason="deactivated")
    display_name = (display_name or "").strip()
    if display_name != user.display_name:
        audit.record(
            "user.renamed",
            target=target,
            before={"display_name": user.display_name},
            after={"display_name": display_name},
        )
        user.display_name = display_name
    db.session.flush()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change one's own password after checking the current one; other sessions are signed out
    and the user's API tokens revoked."""
    if not user.check_password(current_password or ""):
        raise AccountError(_("The current password is not correct."))
    validate_password(new_password)
    user.set_password(new_password)
    user.session_version += 1
    db.session.flush()
    audit.record("user.password_changed", target=audit.user_target(user))
    revoke_tokens(user, reason="password changed")


def set_locale(user: User, locale: str, supported) -> None:
    if locale not in supported:
        raise AccountError(_("Unsupported language."))
    user.locale = locale
    db.session.flush()
