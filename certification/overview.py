"""What a trainee sees of certification: each path's checklist, their certificates and the
renewal notices. Read-only."""

from dataclasses import dataclass

from certification import services
from certification.models import Certificate, CertificationPath
from certification.requirements import Catalogue, Checklist, checklist
from certification.status import EXPIRED, VALID, in_renewal_window, status_of
from core.clock import now_utc


@dataclass
class PathCard:
    path: CertificationPath
    checklist: Checklist
    certificate: Certificate | None
    status: str | None
    due: bool = False  # inside the renewal window (from notice_days before expiry on)
    renewal: Checklist | None = None  # the refresher's checklist while renewal is due


def status(certificate: Certificate) -> str:
    return status_of(services.dates_of(certificate), now_utc())


def my_paths(user_id: int) -> list[PathCard]:
    """Every active path for user_id, with its checklist and the latest certificate."""
    cat, now, cards = Catalogue.load(), now_utc(), []
    for path in services.active_paths():
        certificate = services.latest_certificate(user_id, path.id)
        renewal, due = None, False
        version = path.current
        if certificate is not None:
            due = in_renewal_window(services.dates_of(certificate), now, version.notice_days)
            refresher = version.refresher_path
            if due and refresher is not None:
                renewal = checklist(refresher.current.requirements, user_id, cat)
        cards.append(
            PathCard(
                path=path,
                checklist=checklist(version.requirements, user_id, cat),
                certificate=certificate,
                status=status(certificate) if certificate else None,
                due=due,
                renewal=renewal,
            )
        )
    return cards


def expiry_notices(user_id: int) -> list[Certificate]:
    """The user's valid or expired certificates that are inside their renewal window."""
    now, due = now_utc(), []
    for path in services.active_paths():
        certificate = services.latest_certificate(user_id, path.id)
        if certificate is None or status(certificate) not in (VALID, EXPIRED):
            continue
        if in_renewal_window(services.dates_of(certificate), now, path.current.notice_days):
            due.append(certificate)
    return due
