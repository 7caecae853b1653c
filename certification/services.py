"""Paths and certificates: save a path (a new version when it changed), issue the moment a path
is complete, renew through a refresher path, revoke with a reason. Services flush, never commit.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from certification import codes
from certification.models import CERTIFY, REFRESHER, Certificate, CertificationPath, PathVersion
from certification.requirements import CHECKS, Catalogue, checklist, minimum
from certification.status import Dates, add_months, in_renewal_window
from core import audit
from core.clock import as_utc, now_utc
from core.domain import N_, Conflict, DomainError, NotFound
from core.extensions import db
from core.models import User

MAX_VALID_MONTHS = 240
MIN_REASON_CHARS = 5


@dataclass
class PathInput:
    slug: str
    title: str
    requirements: list[dict]
    description: str = ""
    valid_months: int | None = None
    notice_days: int = 60
    refresher_path_id: int | None = None
    purpose: str = CERTIFY
    active: bool = True  # the path's switch, not part of a version


def issuer_name() -> str:
    return current_app.config["CERTIFICATION_ISSUER_NAME"]


def _check_requirement(req: dict, cat: Catalogue) -> None:
    kind, ref = req.get("kind"), req.get("ref")
    if kind not in CHECKS:
        raise DomainError(N_("Unknown requirement kind: %(kind)s."), kind=str(kind))
    needed = minimum(req)
    if req.get("min") not in (None, "") and (needed is None or not 0 <= needed <= 100):
        raise DomainError(N_("A minimum grade is a percentage from 0 to 100."))
    if kind == "module" and ref not in cat.modules:
        raise DomainError(N_("The course module %(ref)s does not exist."), ref=str(ref))
    if kind == "quiz" and ref not in cat.quizzes:
        raise DomainError(
            N_("Quiz #%(ref)s is not published; only published quizzes count."), ref=ref
        )
    if kind == "case" and ref not in cat.cases:
        raise DomainError(
            N_("Case #%(ref)s is not published; only published cases count."), ref=ref
        )
    if kind == "cohort" and ref not in cat.cohorts:
        raise DomainError(N_("Cohort #%(ref)s does not exist."), ref=ref)


def _check_input(data: PathInput, path: CertificationPath | None) -> None:
    if not data.title.strip():
        raise DomainError(N_("Give the path a title."))
    if not data.requirements:
        raise DomainError(N_("A path needs at least one requirement."))
    cat = Catalogue.load()
    for req in data.requirements:
        _check_requirement(req, cat)
    if data.valid_months is not None and not 1 <= data.valid_months <= MAX_VALID_MONTHS:
        raise DomainError(
            N_("The validity is a number of months from 1 to 240, or empty for none.")
        )
    if not 0 <= data.notice_days <= 365:
        raise DomainError(N_("The notice period is a number of days from 0 to 365."))
    if data.refresher_path_id is not None:
        refresher = db.session.get(CertificationPath, data.refresher_path_id)
        if refresher is None or refresher.purpose != REFRESHER or refresher is path:
            raise DomainError(N_("The refresher must be another path of the kind 'refresher'."))


def _version_from(data: PathInput, number: int, author: User | None) -> PathVersion:
    return PathVersion(
        number=number,
        title=data.title.strip(),
        description=data.description.strip(),
        requirements=[dict(req) for req in data.requirements],
        valid_months=data.valid_months,
        notice_days=data.notice_days,
        refresher_path_id=data.refresher_path_id,
        saved_by_id=author.id if author else None,
        saved_at=now_utc(),
    )


def create_path(data: PathInput, author: User | None) -> CertificationPath:
    """A new path with its first version."""
    slug = data.slug.strip()
    if db.session.scalar(select(CertificationPath.id).where(CertificationPath.slug == slug)):
        raise Conflict(N_("A path with the short name %(slug)s exists already."), slug=slug)
    _check_input(data, None)
    path = CertificationPath(slug=slug, purpose=data.purpose, active=data.active)
    path.versions.append(_version_from(data, 1, author))
    db.session.add(path)
    db.session.flush()
    return path


def _same(version: PathVersion, data: PathInput) -> bool:
    new = _version_from(data, version.number, None)
    keys = ("title", "description", "requirements", "valid_months", "notice_days")
    same_fields = all(getattr(version, key) == getattr(new, key) for key in keys)
    return same_fields and version.refresher_path_id == new.refresher_path_id


def update_path(path: CertificationPath, data: PathInput, author: User | None) -> PathVersion:
    """Save a change as a new version (certificates keep the version they were earned under);
    an unchanged form adds nothing and returns the current version. The short name and the
    kind stay as created."""
    _check_input(data, path)
    path.active = data.active
    if _same(path.current, data):
        db.session.flush()
        return path.current
    version = _version_from(data, path.current.number + 1, author)
    path.versions.append(version)
    db.session.flush()
    return version


def _issue(user: User, path: CertificationPath, now: datetime) -> Certificate:
    version = path.current
    expires = add_months(now, version.valid_months) if version.valid_months else None
    certificate = Certificate(
        code=codes.new_code(),
        user_id=user.id,
        path_id=path.id,
        path_version_id=version.id,
        holder_name=user.name,
        title=version.title,
        issuer_name=issuer_name(),
        issued_at=now,
        expires_at=expires,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def dates_of(certificate: Certificate) -> Dates:
    return Dates(
        issued_at=as_utc(certificate.issued_at),
        expires_at=as_utc(certificate.expires_at) if certificate.expires_at else None,
        revoked_at=as_utc(certificate.revoked_at) if certificate.revoked_at else None,
        superseded_at=as_utc(certificate.superseded_at) if certificate.superseded_at else None,
    )


def latest_certificate(user_id: int, path_id: int) -> Certificate | None:
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.user_id == user_id, Certificate.path_id == path_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    )


def active_paths(purpose: str = CERTIFY) -> list[CertificationPath]:
    return list(
        db.session.scalars(
            select(CertificationPath)
            .where(CertificationPath.active.is_(True), CertificationPath.purpose == purpose)
            .order_by(CertificationPath.slug)
        )
    )


def _renewal_due(certificate: Certificate, path: CertificationPath, now: datetime) -> bool:
    refresher = path.current.refresher_path
    if refresher is None or not refresher.active:
        return False
    if not in_renewal_window(dates_of(certificate), now, path.current.notice_days):
        return False
    return checklist(refresher.current.requirements, certificate.user_id).complete


def issue_due(user_id: int, now: datetime | None = None) -> list[Certificate]:
    """Issue every certificate the user has just earned, and renew those whose refresher path
    is complete within the renewal window. A path issues once per holder: a revoked or expired
    certificate is not silently re-issued (renewal goes through the refresher path)."""
    now = now or now_utc()
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return []
    issued = []
    for path in active_paths():
        latest = latest_certificate(user_id, path.id)
        if latest is None:
            if checklist(path.current.requirements, user_id).complete:
                certificate = _issue(user, path, now)
                _record("certificate.issued", certificate)
                issued.append(certificate)
        elif latest.revoked_at is None and _renewal_due(latest, path, now):
            certificate = _issue(user, path, now)
            latest.superseded_at, latest.superseded_by_id = now, certificate.id
            _record("certificate.renewed", certificate, before={"code": latest.code})
            issued.append(certificate)
    db.session.flush()
    return issued


def _record(action: str, certificate: Certificate, before=None, after=None, actor=None) -> None:
    audit.record(
        action,
        target=audit.Target("certificate", certificate.id, codes.printed(certificate.code)),
        before=before,
        after=after or {"holder": certificate.holder_name, "title": certificate.title},
        actor=actor,
    )


def revoke(certificate: Certificate, by: User, reason: str, now: datetime | None = None) -> None:
    """Revoke with a written reason; the audit log keeps who, when and why."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_CHARS:
        raise DomainError(N_("Write a reason of at least %(n)d characters."), n=MIN_REASON_CHARS)
    if certificate.revoked_at is not None:
        raise Conflict(N_("This certificate is revoked already."))
    certificate.revoked_at = now or now_utc()
    certificate.revoked_by_id = by.id
    certificate.revocation_reason = reason[:2000]
    db.session.flush()
    _record(
        "certificate.revoked",
        certificate,
        after={"reason": certificate.revocation_reason},
        actor=by,
    )


def by_code(text: str) -> Certificate:
    """The certificate a typed or scanned code names; NotFound for unknown or malformed codes."""
    code = codes.parse(text)
    certificate = (
        db.session.scalar(select(Certificate).where(Certificate.code == code)) if code else None
    )
    if certificate is None:
        raise NotFound(N_("No certificate has this code."))
    return certificate


def certificates_of(user_id: int) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user_id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def all_paths() -> list[CertificationPath]:
    return list(
        db.session.scalars(
            select(CertificationPath).order_by(CertificationPath.purpose, CertificationPath.slug)
        )
    )


def path_or_404(path_id: int) -> CertificationPath:
    path = db.session.get(CertificationPath, path_id)
    if path is None:
        raise NotFound(N_("This certification path does not exist."))
    return path
