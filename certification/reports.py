"""The manager's view: who holds which certificate, who is close to a path, what expires soon,
and the same as a table for CSV and XLSX export."""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from certification import codes, services
from certification.models import Certificate, CertificationPath
from certification.requirements import Catalogue, checklist
from certification.status import VALID, status_of
from core.clock import as_utc, now_utc, to_local
from core.extensions import db
from core.models import User, UserRole
from core.permissions import ROLE_PERMISSIONS
from core.spreadsheet import safe_row

EXPIRING_DAYS = 60
STATUS_TEXT = {
    "valid": _l("Valid"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
    "superseded": _l("Renewed"),
}


@dataclass
class Nearly:
    user: User
    path: CertificationPath
    done: int
    total: int


def all_certificates() -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .options(selectinload(Certificate.holder))
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def expiring(certificates: list[Certificate], days: int = EXPIRING_DAYS) -> list[Certificate]:
    """Valid certificates whose expiry falls within the next `days` days, soonest first."""
    now = now_utc()
    horizon = now + timedelta(days=days)
    soon = [
        c
        for c in certificates
        if c.expires_at is not None
        and status_of(services.dates_of(c), now) == VALID
        and as_utc(c.expires_at) <= horizon
    ]
    return sorted(soon, key=lambda c: as_utc(c.expires_at))


def _trainees() -> list[User]:
    roles = [
        role for role, granted in ROLE_PERMISSIONS.items() if "certificate.view_own" in granted
    ]
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role.in_(roles), User.active.is_(True))
            .distinct()
            .order_by(User.username)
        )
    )


def close_to_completing(certificates: list[Certificate]) -> list[Nearly]:
    """Trainees without a certificate of a path who have met at least half its requirements,
    most advanced first."""
    holders = {(c.user_id, c.path_id) for c in certificates}
    cat, found = Catalogue.load(), []
    paths = services.active_paths()
    for user in _trainees():
        for path in paths:
            if (user.id, path.id) in holders:
                continue
            result = checklist(path.current.requirements, user.id, cat)
            total = len(result.items)
            if total and result.done_count * 2 >= total:
                found.append(Nearly(user, path, result.done_count, total))
    return sorted(found, key=lambda n: (n.done - n.total, n.user.username))


def table(certificates: list[Certificate]) -> list[list]:
    """One row per certificate; headers and statuses in the reader's language."""
    now = now_utc()
    rows: list[list] = [
        [
            _("Holder"),
            _("Username"),
            _("Certificate"),
            _("Code"),
            _("Issued"),
            _("Valid until"),
            _("Status"),
            _("Revoked on"),
        ]
    ]
    for c in certificates:
        rows.append(
            [
                c.holder_name,
                c.holder.username,
                c.title,
                codes.printed(c.code),
                to_local(c.issued_at).date().isoformat(),
                to_local(c.expires_at).date().isoformat() if c.expires_at else _("No expiry"),
                str(STATUS_TEXT[status_of(services.dates_of(c), now)]),
                to_local(c.revoked_at).date().isoformat() if c.revoked_at else "",
            ]
        )
    return rows


def to_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(safe_row(row) for row in rows)
    return out.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM correctly


def to_xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Certificates")
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
