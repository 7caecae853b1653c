"""The audit log: one append-only table of who did what to which record, before → after.

Areas call `audit.record(...)` inside the transaction that makes the change; it flushes and never
commits, so the entry and the change are saved or rolled back together. There is no update or
delete path in code, and the migration adds database triggers that refuse UPDATE and DELETE.

    audit.record("user.roles_changed", target=audit.Target("user", user.id, user.username),
                 before={"roles": [...]}, after={"roles": [...]})

Action ids are "<thing>.<what happened>"; an area names its own in `register_actions` so that the
admin page shows them translated.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask import g, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, DateTime, Index, String, select
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import LOCAL_TZ, now_utc
from core.extensions import db

SHELL_ACTOR = "shell"


class AuditEvent(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc, index=True)
    # No foreign key: an entry must outlive (and never be changed by) the rows it names.
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_label: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    target_label: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    request_id: Mapped[str] = mapped_column(String(32), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")


@dataclass(frozen=True)
class Target:
    type: str
    id: int | str | None = None
    label: str = ""


def user_target(user) -> Target:
    return Target("user", user.id, user.username)


# action id -> label on the admin page; areas add theirs with register_actions.
ACTION_LABELS = {
    "login.succeeded": _l("Signed in"),
    "login.failed": _l("Sign-in failed"),
    "login.locked": _l("Account locked after failed sign-ins"),
    "user.created": _l("User created"),
    "user.roles_changed": _l("Roles changed"),
    "user.activated": _l("Account activated"),
    "user.deactivated": _l("Account deactivated"),
    "user.renamed": _l("Name changed"),
    "user.password_changed": _l("Password changed"),
    "user.unlocked": _l("Account unlocked"),
    "token.issued": _l("API token issued"),
    "token.revoked": _l("API tokens revoked"),
    "backup.downloaded": _l("Backup downloaded"),
    "backup.created": _l("Backup created"),
    "backup.restored": _l("Backup restored"),
    "demo.loaded": _l("Demo data loaded"),
}


def register_actions(labels: dict) -> None:
    """Let an area name its action ids (lazily translated labels) for the admin page."""
    ACTION_LABELS.update(labels)


def request_id() -> str:
    """A short id for the current request, also sent as the X-Request-ID response header."""
    if not has_request_context():
        return ""
    if "request_id" not in g:
        g.request_id = uuid.uuid4().hex[:16]
    return g.request_id


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _actor(actor) -> tuple[int | None, str]:
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if actor is None:
        return None, "" if has_request_context() else SHELL_ACTOR
    return actor.id, actor.username


def record(
    action: str,
    *,
    target: Target | None = None,
    before: dict | None = None,
    after: dict | None = None,
    actor=None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Add one entry to the current transaction (flushed, not committed).

    actor defaults to the signed-in user (a shell command records "shell"); actor_label names
    someone who is not a user, such as the username typed into a failed sign-in.
    """
    actor_id, label = _actor(actor)
    target = target or Target("")
    event = AuditEvent(
        at=now_utc(),
        actor_id=actor_id,
        actor_label=(actor_label if actor_label is not None else label)[:120],
        action=action,
        target_type=target.type,
        target_id="" if target.id is None else str(target.id)[:64],
        target_label=(target.label or "")[:200],
        before=_jsonable(before),
        after=_jsonable(after),
        request_id=request_id(),
        ip=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def search(filters: AuditFilter):
    """A select of entries matching filters, newest first (dates are Asia/Shanghai days)."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if filters.actor:
        query = query.where(AuditEvent.actor_label.ilike(f"%{filters.actor.strip()}%"))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.target_type:
        query = query.where(AuditEvent.target_type == filters.target_type.strip())
    if filters.target_id:
        query = query.where(AuditEvent.target_id == filters.target_id.strip())
    if filters.date_from:
        query = query.where(AuditEvent.at >= _local_midnight_utc(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEvent.at < _local_midnight_utc(filters.date_to + timedelta(1)))
    return query


def known_actions() -> list[str]:
    """Action ids to offer in the filter: the registered ones and any found in the log."""
    found = db.session.scalars(select(AuditEvent.action).distinct()).all()
    return sorted(set(ACTION_LABELS) | set(found))


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def install_request_id(app) -> None:
    """Send the id of a request that wrote audit entries back to the client, for support."""

    @app.after_request
    def send_request_id(response):
        if "request_id" in g:
            response.headers["X-Request-ID"] = g.request_id
        return response
