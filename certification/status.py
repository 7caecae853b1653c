"""A certificate's status and the dates that decide it, stated once.

Order matters: a revoked certificate is revoked even after it expired or was renewed; a renewed
(superseded) one is no longer the holder's current certificate; otherwise it is valid until its
expiry instant (exclusive), and a certificate without an expiry never expires.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"
SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Dates:
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None = None
    superseded_at: datetime | None = None


def status_of(dates: Dates, now: datetime) -> str:
    if dates.revoked_at is not None:
        return REVOKED
    if dates.superseded_at is not None:
        return SUPERSEDED
    if dates.expires_at is not None and now >= dates.expires_at:
        return EXPIRED
    return VALID


def in_renewal_window(dates: Dates, now: datetime, notice_days: int) -> bool:
    """From notice_days before expiry on (expired included): time to recertify."""
    if dates.expires_at is None or dates.revoked_at or dates.superseded_at:
        return False
    return now >= dates.expires_at - timedelta(days=notice_days)


def add_months(start: datetime, months: int) -> datetime:
    """start plus whole calendar months; the 31st becomes the month's last day when needed."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return start.replace(year=year, month=month, day=min(start.day, day))
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {start}")  # unreachable: day 28 exists
