"""The watchlist of real names, branches and companies the publish gate looks for."""

from sqlalchemy import select

from case_library import anonymize
from case_library.models import WATCHLIST_KINDS, WatchlistEntry
from core.domain import N_, DomainError, NotFound
from core.extensions import db


def current_watchlist() -> anonymize.Watchlist:
    entries = db.session.scalars(select(WatchlistEntry)).all()
    by_kind = {kind: [e.term for e in entries if e.kind == kind] for kind in WATCHLIST_KINDS}
    return anonymize.Watchlist(by_kind["name"], by_kind["branch"], by_kind["company"])


def add_watchlist_terms(kind: str, terms: list[str], user) -> int:
    """Add the terms of one kind (name, branch or company); returns how many were new."""
    if kind not in WATCHLIST_KINDS:
        raise DomainError(N_("Choose whether the entries are names, branches or companies."))
    terms = [t.strip() for t in terms if t.strip()]
    if not terms:
        raise DomainError(N_("Enter at least one name, one per line."))
    if any(len(t) > 120 or len(t) < 2 for t in terms):
        raise DomainError(N_("Each entry must have 2 to 120 characters."))
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
        raise NotFound(N_("This watchlist entry does not exist."))
    db.session.delete(entry)
