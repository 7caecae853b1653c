"""API tokens for scripts: `flask --app app users token USERNAME` prints one.

Only a SHA-256 hash is stored: a leaked database does not leak usable tokens. A token is sent as
`Authorization: Bearer <token>` and is accepted on /api/ paths only. A token may carry an expiry;
all of a user's tokens are revoked when their password changes or the account is deactivated.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import abort, request
from sqlalchemy import DateTime, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import audit
from core.clock import as_utc, now_utc
from core.database import request_writes
from core.extensions import db, login_manager
from core.models import User

TOKEN_PREFIX = "pla_"  # nosec B105: the visible prefix of a token, not a secret
# "Last used" is noted at most this often, and only by requests that write anyway.
TOUCH_INTERVAL = timedelta(minutes=5)


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    def is_live(self, now: datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or as_utc(self.expires_at) > now


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str = "", expires_at: datetime | None = None) -> str:
    """Create a token for user and return it in clear (the only time it is seen)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(user=user, name=name, token_hash=hash_token(token), expires_at=expires_at)
    )
    audit.record(
        "token.issued",
        target=audit.user_target(user),
        after={"name": name, "expires_at": expires_at},
    )
    return token


def revoke_tokens(user: User, name: str | None = None, reason: str = "") -> int:
    """Revoke the user's live tokens (only those called name, when given); returns how many."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if name is not None:
        query = query.where(ApiToken.name == name)
    tokens = db.session.scalars(query).all()
    for token in tokens:
        token.revoked_at = now_utc()
    db.session.flush()
    if tokens:
        audit.record(
            "token.revoked",
            target=audit.user_target(user),
            after={"count": len(tokens), "name": name, "reason": reason},
        )
    return len(tokens)


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer ...` header, or None when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def user_for_token(token: str) -> User | None:
    """The active user owning this live token, or None.

    The use is noted only by a request that writes anyway (it began as a writer, see
    core.database), at most every TOUCH_INTERVAL, and committed with that request's own work:
    a read must never turn into a write, which on SQLite fails with "database is locked" when
    another writer got in between.
    """
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    now = now_utc()
    if row is None or not row.is_live(now) or not row.user.is_active:
        return None
    stale = row.last_used_at is None or now - as_utc(row.last_used_at) > TOUCH_INTERVAL
    if stale and request_writes():
        row.last_used_at = now
    return row.user


def authenticate_bearer() -> None:
    """For /api/ paths: a Bearer header signs the request in as its token's user, or 401s.

    Called by `require_permission`. A request with a bearer header is judged by the token alone,
    never by a session cookie that happens to come with it.
    """
    token = bearer_token()
    if token is None:
        return
    user = user_for_token(token)
    if user is None:
        abort(401)
    # Sets flask_login.current_user for this request only; no session cookie is written.
    login_manager._update_request_context_with_user(user)
