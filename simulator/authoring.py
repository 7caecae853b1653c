"""Scenarios written in the browser or loaded from files: versions, validation, dry-run preview."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from core.domain import N_, Conflict, DomainError
from core.extensions import db
from core.models import User
from simulator import engine
from simulator.checker import ScenarioInvalid
from simulator.models import Scenario as ScenarioRow
from simulator.models import ScenarioVersion
from simulator.scenario import Scenario
from simulator.scenario_schema import parse_scenario
from simulator.variation import resolve


def digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def by_slug(slug: str) -> ScenarioRow | None:
    return db.session.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))


def check(source: str, filename: str) -> dict:
    """The checked spec; raises ScenarioInvalid naming file, line and field of each problem."""
    return parse_scenario(source, filename)


def save_version(
    row: ScenarioRow | None, source: str, *, by: User | None, filename: str, browser: bool
) -> ScenarioRow:
    """Save source as the scenario's new current version (creating the scenario if needed)."""
    spec = check(source, filename)
    if row is None:
        if by_slug(spec["slug"]) is not None:
            raise Conflict(N_("A scenario called %(slug)s exists already."), slug=spec["slug"])
        row = ScenarioRow(slug=spec["slug"])
        db.session.add(row)
    elif spec["slug"] != row.slug:
        raise DomainError(
            N_("The slug of a scenario cannot change (it is %(slug)s)."), slug=row.slug
        )
    row.title = spec["title"]
    db.session.flush()
    number = (row.current_version.number if row.current_version else 0) + 1
    version = ScenarioVersion(
        scenario_id=row.id, number=number, source=source, saved_by_id=by.id if by else None
    )
    db.session.add(version)
    db.session.flush()
    row.current_version = version
    row.title = spec["title"]
    row.difficulty = spec["difficulty"]
    row.edited_in_browser = browser
    if not browser:
        row.source_hash = digest(source)
    db.session.flush()
    return row


def dry_run(source: str, seed: int, filename: str) -> tuple[Scenario, list[engine.Entry]]:
    """The scenario for a seed and what happens if the trainee does nothing at all."""
    scenario = resolve(check(source, filename), seed)
    return scenario, engine.full_log(scenario, [])


__all__ = ["ScenarioInvalid", "by_slug", "check", "dry_run", "save_version"]
