"""API tokens for scripts: `flask --app app users token USERNAME` prints one.

Only a SHA-256 hash is stored: a leaked database does not leak usable tokens. A token is sent as
`Authorization: Bearer <token>` and is accepted on /api/ paths only.
"""

import hashlib
import secrets
from datetime import datetime

from flask import abort, request
from sqlalchemy import DateTime, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import as_utc, now_utc
from core.extensions import db
from core.models import User

TOKEN_PREFIX = "pla_"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str = "") -> str:
    """Create a token for user and return it in clear (the only time it is seen)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, name=name, token_hash=hash_token(token)))
    db.session.flush()
    return token


def revoke_tokens(user: User, name: str | None = None) -> int:
    """Revoke the user's live tokens (only those called name, when given); returns how many."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if name is not None:
        query = query.where(ApiToken.name == name)
    tokens = db.session.scalars(query).all()
    for token in tokens:
        token.revoked_at = now_utc()
    db.session.flush()
    return len(tokens)


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer ...` header, or None when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def user_for_token(token: str) -> User | None:
    """The active user owning this live token (and note its use), or None."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    now = now_utc()
    # Note the use at most once a minute: a write per autosave would cost latency.
    if row.last_used_at is None or (now - as_utc(row.last_used_at)).total_seconds() > 60:
        row.last_used_at = now
        db.session.commit()
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
    from core.extensions import login_manager

    # Sets flask_login.current_user for this request only; no session cookie is written.
    login_manager._update_request_context_with_user(user)
