"""A hot view can check the signed-in user inside its own statement instead of loading it first.

Flask-Login loads the session's user with its roles before the view runs: one statement, an ORM
object and, on PostgreSQL, one round trip per request. A view on the hot path (the autosave)
can take the session's *claim* instead, the user id and session version signed into the cookie,
and require in its own statement that this user exists, is active, still has that session
version and holds a role granting the permission (`claim_holds`), exactly what `load_user`
and `require_permission` check. Whatever a claim cannot settle goes Flask-Login's way: no
claim (signed out, only a remember-me cookie, a bearer token), a session whose browser changed
(session protection) and every request the view's statement refuses, which then answers with
require_permission's 401 or 403.

A page (the take page) also shows who is signed in and speaks their language: its statement
reads `claimed_user_columns()` too, and `sign_in_claimed` makes that row the request's
current_user (a ClaimedUser: the user's name, language and roles, and nothing to write with).

Guard such a view with `permissions.require_permission_in_query`; the profile behind it is in
bench/RESULTS.md (issue 14).
"""

from dataclasses import dataclass

from flask import session
from sqlalchemy import and_, bindparam, exists, func, select

from core.extensions import login_manager
from core.models import User, UserRole
from core.tokens import bearer_token

SESSION_USER_KEY = "_user_id"  # where Flask-Login keeps the signed-in user's id
SESSION_BROWSER_KEY = "_id"  # Flask-Login's hash of the signed-in browser (session protection)


def parse_session_user(session_user: str) -> tuple[int, int] | None:
    """(user id, session version) of a session's "id:version"; None when malformed."""
    user_id, _sep, version = session_user.partition(":")
    version = version or "1"  # sessions from before versions were signed in carry none
    if not user_id.isdigit() or not version.isdigit():
        return None
    return int(user_id), int(version)


@dataclass(frozen=True, slots=True)
class SessionClaim:
    user_id: int
    session_version: int

    def params(self) -> dict[str, int]:
        """The bind parameters of `claim_holds`."""
        return {"claim_user_id": self.user_id, "claim_session_version": self.session_version}


def session_claim() -> SessionClaim | None:
    """The user this request's session cookie names, to be checked in the view's statement.

    None where Flask-Login must decide: no session user, a bearer token, or a browser other
    than the one that signed in (Flask-Login's "basic" protection then marks the session not
    fresh, which only its own loader does).
    """
    session_user = session.get(SESSION_USER_KEY)
    if session_user is None or bearer_token() is not None:
        return None
    # Flask-Login's own identifier of the browser (the function it uses for session protection).
    if session.get(SESSION_BROWSER_KEY) != login_manager._session_identifier_generator():
        return None
    parsed = parse_session_user(session_user)
    return None if parsed is None else SessionClaim(*parsed)


def claim_holds(permission: str, user_id_column):
    """SQL: the claimed user is user_id_column, signed in as claimed and allowed `permission`.

    Binds claim_user_id and claim_session_version (SessionClaim.params()), so a statement
    using it is built once per worker and bound per request.
    """
    from core.permissions import roles_granting  # core.permissions imports this module

    user_holds_role = exists(
        select(UserRole.id).where(
            UserRole.user_id == User.id, UserRole.role.in_(roles_granting(permission))
        )
    )
    signed_in_as_claimed = (
        select(User.id)
        .where(
            User.id == bindparam("claim_user_id"),
            User.session_version == bindparam("claim_session_version"),
            User.active.is_(True),
            user_holds_role,
        )
        .exists()
    )
    return and_(user_id_column == bindparam("claim_user_id"), signed_in_as_claimed)


def claimed_user_columns():
    """Columns of the claimed user for a statement that joins `users` as the claimed user:
    what a page shows of its reader (ClaimedUser.from_row reads them)."""
    roles = (
        select(func.aggregate_strings(UserRole.role, ","))
        .where(UserRole.user_id == bindparam("claim_user_id"))
        .scalar_subquery()
    )
    return (
        User.username.label("claimed_username"),
        User.display_name.label("claimed_display_name"),
        User.locale.label("claimed_locale"),
        roles.label("claimed_roles"),
    )


@dataclass(frozen=True, slots=True)
class ClaimedUser:
    """The signed-in reader as the view's statement read them, for rendering the page only.

    Quacks like the User a page reads (name, roles, locale, Flask-Login's flags); it is not an
    ORM object, so nothing can be written through it.
    """

    id: int
    session_version: int
    username: str
    display_name: str
    locale: str | None
    roles: frozenset[str]

    @classmethod
    def from_row(cls, claim: SessionClaim, row) -> "ClaimedUser":
        roles = frozenset(row.claimed_roles.split(",")) if row.claimed_roles else frozenset()
        return cls(
            claim.user_id,
            claim.session_version,
            row.claimed_username,
            row.claimed_display_name,
            row.claimed_locale,
            roles,
        )

    # Flask-Login's user interface: the statement checked the claim (claim_holds).
    is_authenticated = property(lambda self: True)
    is_active = property(lambda self: True)
    is_anonymous = property(lambda self: False)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def name(self) -> str:
        return self.display_name or self.username


def sign_in_claimed(user: ClaimedUser) -> None:
    """Make user the request's current_user (nothing is written to the session)."""
    login_manager._update_request_context_with_user(user)
