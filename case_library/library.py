"""Read side of the library: filtering, and exhibits prepared for display."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from case_library.content_format import ContentError, parse_exhibit
from case_library.models import Case
from core.extensions import db


@dataclass
class LibraryFilter:
    module: str = ""
    risk_type: str = ""
    difficulty: int | None = None
    query: str = ""

    @classmethod
    def from_args(cls, args) -> LibraryFilter:
        raw = (args.get("difficulty") or "").strip()
        return cls(
            module=(args.get("module") or "").strip(),
            risk_type=(args.get("risk_type") or "").strip(),
            difficulty=int(raw) if raw.isdigit() else None,
            query=(args.get("q") or "").strip()[:100],
        )


def published_cases(flt: LibraryFilter) -> list[Case]:
    """Published cases matching the filter, easiest first then by title."""
    query = select(Case).where(Case.published_version_id.is_not(None))
    if flt.risk_type:
        query = query.where(Case.risk_type == flt.risk_type)
    if flt.difficulty:
        query = query.where(Case.difficulty == flt.difficulty)
    if flt.query:
        like = f"%{flt.query}%"
        query = query.where(or_(Case.title.ilike(like), Case.summary.ilike(like)))
    cases = db.session.scalars(query.order_by(Case.difficulty, Case.title)).all()
    # modules is a small JSON list; filtering it in Python works the same on SQLite and PostgreSQL.
    return [c for c in cases if not flt.module or flt.module in (c.modules or [])]


def facet_values() -> dict[str, list]:
    """Modules, risk types and difficulties present among published cases."""
    cases = db.session.scalars(select(Case).where(Case.published_version_id.is_not(None))).all()
    return {
        "modules": sorted({m for c in cases for m in (c.modules or [])}),
        "risk_types": sorted({c.risk_type for c in cases if c.risk_type}),
        "difficulties": sorted({c.difficulty for c in cases}),
    }


def _numeric(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True


def prepare_exhibit(exhibit: dict) -> dict:
    """An exhibit with its parsed data; tables also say which columns hold numbers."""
    out = dict(exhibit)
    try:
        out["data"] = parse_exhibit(exhibit.get("kind", ""), exhibit.get("source", ""))
    except ContentError as error:
        out["data"], out["errors"] = None, error.errors
        return out
    if exhibit.get("kind") == "table":
        rows = out["data"]["rows"]
        out["numeric_columns"] = [
            bool(rows) and all(_numeric(r[i]) for r in rows if r[i].strip())
            for i in range(len(out["data"]["header"]))
        ]
    return out
