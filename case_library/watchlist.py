"""The watchlist of real names, branches and companies the publish gate looks for."""

from flask_babel import gettext as _
from sqlalchemy import select

from case_library import anonymize
from case_library.models import WATCHLIST_KINDS, WatchlistEntry
from core.errors import DomainError, NotFound
from core.extensions import db


def current_watchlist() -> anonymize.Watchlist:
    entries = db.session.scalars(select(WatchlistEntry)).all()
    by_kind = {kind: [e.term for e in entries if e.kind == kind] for kind in WATCHLIST_KINDS}
    return anonymize.Watchlist(by_kind["name"], by_kind["branch"], by_kind["company"])


def add_watchlist_terms(kind: str, raw: str, user) -> int:
    """Add one term per line; returns how many were new."""
    if kind not in WATCHLIST_KINDS:
        raise DomainError(_("Choose whether the entries are names, branches or companies."))
    terms = [t.strip() for t in (raw or "").splitlines() if t.strip()]
    if not terms:
        raise DomainError(_("Enter at least one name, one per line."))
    if any(len(t) > 120 or len(t) < 2 for t in terms):
        raise DomainError(_("Each entry must have 2 to 120 characters."))
    existing = set(
        db.session.scalars(select(WatchlistEntry.term).where(WatchlistEntry.kind == kind))
    )
    added = 0
    for term in dict.fromkeys(terms):
        if term not in existing:
            db.session.add(WatchlistEntry(kind=kind, term=term, created_by_id=user.id))
            added += 1
    db.session.flush()
    return added


def remove_watchlist_entry(entry_id: int) -> None:
    entry = db.session.get(WatchlistEntry, entry_id)
    if entry is None:
        raise NotFound(_("This watchlist entry does not exist."))
    db.session.delete(entry)
