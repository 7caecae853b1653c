"""Sign-in rules: a lockout after repeated failures, the same work for unknown usernames, and a
record of every attempt in the audit log.

The lockout lives in the users table, so it holds across app servers and restarts: after
`failures` wrong passwords within `window`, the account is locked for `lock` (an administrator
can unlock it sooner). A locked account answers with the lock message whatever password is sent,
so the lock cannot be used to keep guessing. Rate limits per IP and per account (Flask-Limiter,
on the login route) slow guessing down before the lock is reached.

An unknown username costs one scrypt check against a dummy hash, as a wrong password does:
the answer time does not tell who has an account.
"""

import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from core import audit
from core.clock import as_utc
from core.domain import N_
from core.extensions import db
from core.models import User
from core.users import find_user

WRONG_CREDENTIALS = N_("Wrong username or password.")
DEACTIVATED = N_("This account is deactivated. Contact an administrator.")
LOCKED = N_(
    "Too many failed sign-ins: this account is locked for %(minutes)d more minutes. "
    "An administrator can unlock it sooner."
)


@dataclass(frozen=True)
class LockoutPolicy:
    failures: int = 10
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=30)


@dataclass
class SignInResult:
    user: User | None = None
    message_id: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.message_id is None


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def locked_for(user: User, now: datetime) -> timedelta | None:
    """How long the account stays locked, or None when it is not locked."""
    if user.locked_until is None or as_utc(user.locked_until) <= now:
        return None
    return as_utc(user.locked_until) - now


def _locked(user: User, now: datetime) -> SignInResult:
    minutes = max(1, math.ceil(locked_for(user, now).total_seconds() / 60))
    return SignInResult(message_id=LOCKED, params={"minutes": minutes})


def _count_failure(user: User, now: datetime, policy: LockoutPolicy) -> bool:
    """Count one wrong password; lock the account at the threshold. Returns whether it locked."""
    db.session.refresh(user, with_for_update=True)  # concurrent failures all count
    since = user.failed_login_since
    if since is None or as_utc(since) <= now - policy.window:
        user.failed_logins, user.failed_login_since = 1, now
    else:
        user.failed_logins += 1
    if user.failed_logins < policy.failures:
        db.session.flush()
        return False
    user.locked_until = now + policy.lock
    user.failed_logins, user.failed_login_since = 0, None
    db.session.flush()
    audit.record(
        "login.locked",
        actor=user,
        target=audit.user_target(user),
        after={"locked_until": user.locked_until},
    )
    return True


def _failed(user: User | None, typed: str, reason: str) -> None:
    target = audit.user_target(user) if user else audit.Target("user", None, typed[:64])
    audit.record(
        "login.failed",
        actor=user,
        actor_label=None if user else typed[:64],
        target=target,
        after={"reason": reason},
    )


def sign_in(username: str, password: str, *, now: datetime, policy: LockoutPolicy) -> SignInResult:
    """Check a sign-in attempt and record it; the caller commits, then signs the user in if ok."""
    password = password or ""
    user = find_user(username or "")
    if user is None:
        check_password_hash(_dummy_hash(), password)  # the same work as a wrong password
        _failed(None, (username or "").strip(), "unknown user")
        return SignInResult(message_id=WRONG_CREDENTIALS)
    if locked_for(user, now):
        check_password_hash(_dummy_hash(), password)
        _failed(user, username, "locked")
        return _locked(user, now)
    if not user.check_password(password):
        _failed(user, username, "wrong password")
        if _count_failure(user, now, policy):
            return _locked(user, now)
        return SignInResult(message_id=WRONG_CREDENTIALS)
    if not user.active:
        _failed(user, username, "deactivated")
        return SignInResult(message_id=DEACTIVATED)
    user.failed_logins, user.failed_login_since, user.locked_until = 0, None, None
    audit.record("login.succeeded", actor=user, target=audit.user_target(user))
    return SignInResult(user=user)


def unlock(user: User) -> None:
    """An administrator lifts a lockout (and forgets the failures counted so far)."""
    before = {"locked_until": user.locked_until, "failed_logins": user.failed_logins}
    user.failed_logins, user.failed_login_since, user.locked_until = 0, None, None
    db.session.flush()
    audit.record("user.unlocked", target=audit.user_target(user), before=before)
