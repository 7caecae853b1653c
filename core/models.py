"""Accounts: users and the roles they hold."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from core.clock import now_utc
from core.extensions import db

# Every path that sets a password (forms, shell, roster import, demo) is held to this length;
# core.users.validate_password gives the user's message, set_password refuses what slipped by.
MIN_PASSWORD_LENGTH = 12


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(10), default=None)
    employee_number: Mapped[str | None] = mapped_column(String(32), default=None)
    branch: Mapped[str | None] = mapped_column(String(120), default=None)
    # Bumped on password change so "remember me" cookies and sessions of other devices expire.
    session_version: Mapped[int] = mapped_column(default=1)
    # Sign-in lockout (core/signin.py): failures counted within a window, then a timed lock.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    failed_login_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    role_links: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def roles(self) -> set[str]:
        return {link.role for link in self.role_links}

    def set_roles(self, roles: set[str]) -> None:
        keep = [link for link in self.role_links if link.role in roles]
        have = {link.role for link in keep}
        self.role_links = keep + [UserRole(role=r) for r in sorted(roles - have)]

    def set_password(self, password: str) -> None:
        if len(password or "") < MIN_PASSWORD_LENGTH:
            raise ValueError("a password shorter than MIN_PASSWORD_LENGTH reached set_password")
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="role_links")
