"""Certification paths (with versions) and the certificates they issue.

A path's requirements live in its versions: saving a changed path adds a version, and a
certificate points at the version it was earned under and copies the words it prints (holder,
title, issuer), so no later edit changes a certificate already issued.
"""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import now_utc
from core.extensions import db
from core.models import TimestampMixin, User

# What a path is for: a certifying path issues certificates; a refresher path only renews the
# certificates of the paths that name it.
CERTIFY = "certify"
REFRESHER = "refresher"


class CertificationPath(TimestampMixin, db.Model):
    __tablename__ = "certification_paths"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    purpose: Mapped[str] = mapped_column(String(16), default=CERTIFY)
    active: Mapped[bool] = mapped_column(default=True)

    versions: Mapped[list["PathVersion"]] = relationship(
        back_populates="path",
        order_by="PathVersion.number",
        foreign_keys="PathVersion.path_id",
        cascade="all, delete-orphan",
    )

    @property
    def current(self) -> "PathVersion":
        return self.versions[-1]


class PathVersion(db.Model):
    __tablename__ = "certification_path_versions"
    __table_args__ = (UniqueConstraint("path_id", "number", name="uq_certification_path_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    path_id: Mapped[int] = mapped_column(
        ForeignKey("certification_paths.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # [{"kind": "module"|"quiz"|"case"|"conduct"|"cohort", "ref": ..., "min": "80"}, ...]
    requirements: Mapped[list] = mapped_column(JSON, default=list)
    valid_months: Mapped[int | None] = mapped_column()  # None: never expires
    notice_days: Mapped[int] = mapped_column(default=60)
    refresher_path_id: Mapped[int | None] = mapped_column(
        ForeignKey("certification_paths.id", ondelete="SET NULL")
    )
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    path: Mapped[CertificationPath] = relationship(
        back_populates="versions", foreign_keys=[path_id]
    )
    refresher_path: Mapped[CertificationPath | None] = relationship(
        foreign_keys=[refresher_path_id]
    )


class Certificate(db.Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Crockford base32, 20 characters (100 random bits), stored without the dashes it prints with.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    path_id: Mapped[int] = mapped_column(
        ForeignKey("certification_paths.id", ondelete="CASCADE"), index=True
    )
    path_version_id: Mapped[int] = mapped_column(
        ForeignKey("certification_path_versions.id", ondelete="CASCADE")
    )
    holder_name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    issuer_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revocation_reason: Mapped[str] = mapped_column(Text, default="")
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="SET NULL")
    )

    holder: Mapped[User] = relationship(foreign_keys=[user_id])
    path: Mapped[CertificationPath] = relationship()
    path_version: Mapped[PathVersion] = relationship()
