"""Load the scenario files under simulator/scenarios/ into the database.

Precedence rule (the same as for courses and cases): the browser wins. A scenario saved in the
browser is never overwritten by sync; when its file changed as well, sync says so. A file with
problems is skipped with every problem (file, line, field) in the report's warnings.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext

from core.content_sync import SyncReport
from core.extensions import db
from simulator import authoring
from simulator.checker import ScenarioInvalid

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"


def sync_scenarios(folder: Path = SCENARIO_DIR, force: tuple[str, ...] = ()) -> SyncReport:
    """Create or update scenarios from *.yaml files (idempotent); flushes, never commits."""
    report = SyncReport()
    if not folder.is_dir():
        return report
    for path in sorted(folder.glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        try:
            spec = authoring.check(source, path.name)
        except ScenarioInvalid as error:
            report.warnings += [problem.text(gettext) for problem in error.problems]
            continue
        row = authoring.by_slug(spec["slug"])
        digest = authoring.digest(source)
        if row is not None and row.source_hash == digest and not row.edited_in_browser:
            report.unchanged.append(row.slug)
            continue
        if row is not None and row.edited_in_browser and row.slug not in force:
            report.kept_local.append(row.slug)
            if row.source_hash != digest:
                report.diverged.append(row.slug)
            continue
        created = row is None
        authoring.save_version(row, source, by=None, filename=path.name, browser=False)
        (report.created if created else report.updated).append(spec["slug"])
    db.session.flush()
    return report
