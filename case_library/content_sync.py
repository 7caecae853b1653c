"""Load the case files under case_library/content/ into the database.

Precedence rule (the same as for courses): the browser wins. A case saved in the browser is
never overwritten by sync; when its files changed since the last sync, sync reports the
divergence instead. Cases only ever touched by files follow their files: a changed file makes
a new published version (old versions are kept). Shipped cases are published on load unless
the anonymization check finds personal data, in which case they stay drafts with a warning.

Warnings are written in the default language (sync runs from the shell); problems found in the
content files themselves are reported as content_format words them, in Chinese like the content.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask_babel import gettext as _
from sqlalchemy import select

from case_library import gate, services
from case_library.content_format import ContentError, parse_tasks, validate_exhibits
from case_library.models import Case
from core.content_sync import SyncReport
from core.extensions import db
from core.front_matter import FrontMatterError, split_front_matter

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@dataclass
class CaseSource:
    slug: str
    title: str
    summary: str
    modules: list[str]
    risk_type: str
    difficulty: int
    narrative: str
    exhibits: list[dict]
    tasks_yaml: str
    model_answer: str
    digest: str
    retakes_allowed: int = 0


def _split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    try:
        return split_front_matter(text)
    except FrontMatterError as error:
        raise ContentError([f"{path}: {error}"]) from error


def read_case_dir(folder: Path) -> CaseSource:
    """Read case.md (front matter + narrative), its exhibits, tasks.yaml and model_answer.md."""
    case_md = folder / "case.md"
    meta, narrative = _split_front_matter(case_md.read_text(encoding="utf-8"), case_md)
    digest = hashlib.sha256()
    digest.update(case_md.read_bytes())
    exhibits = []
    for item in meta.get("exhibits") or []:
        path = folder / item["file"]
        digest.update(path.read_bytes())
        exhibits.append(
            {
                "title": str(item.get("title", path.stem)),
                "kind": str(item.get("kind", "table")),
                "caption": str(item.get("caption", "")),
                "source": path.read_text(encoding="utf-8"),
            }
        )
    tasks_yaml = (folder / "tasks.yaml").read_text(encoding="utf-8")
    answer_path = folder / "model_answer.md"
    model_answer = answer_path.read_text(encoding="utf-8") if answer_path.exists() else ""
    digest.update(tasks_yaml.encode())
    digest.update(model_answer.encode())
    errors = validate_exhibits(exhibits)
    try:
        parse_tasks(tasks_yaml)
    except ContentError as error:
        errors += error.errors
    retakes = meta.get("retakes", 0)
    if not isinstance(retakes, int) or isinstance(retakes, bool) or not 0 <= retakes <= 10:
        errors.append("retakes 必须是 0 到 10 之间的整数")
    if errors:
        raise ContentError([f"{folder.name}: {e}" for e in errors])
    return CaseSource(
        slug=str(meta.get("slug") or folder.name),
        title=str(meta.get("title", folder.name)),
        summary=str(meta.get("summary", "")),
        modules=[str(m) for m in meta.get("modules") or []],
        risk_type=str(meta.get("risk_type", "")),
        difficulty=int(meta.get("difficulty", 1)),
        narrative=narrative,
        exhibits=exhibits,
        tasks_yaml=tasks_yaml,
        model_answer=model_answer,
        digest=digest.hexdigest(),
        retakes_allowed=retakes,
    )


def _content(source: CaseSource) -> dict:
    return {
        "title": source.title,
        "summary": source.summary,
        "modules": source.modules,
        "risk_type": source.risk_type,
        "difficulty": source.difficulty,
        "retakes_allowed": source.retakes_allowed,
        "narrative": source.narrative,
        "exhibits": source.exhibits,
        "tasks_yaml": source.tasks_yaml,
        "model_answer": source.model_answer,
    }


def sync_cases(content_dir: Path = CONTENT_DIR, force: tuple[str, ...] = ()) -> SyncReport:
    """Create or update cases from files (idempotent); flushes, never commits.

    Slugs in `force` let the files win over browser edits: a new version from the files, which
    waits for review (a second trainer publishes it) instead of going live at once.
    """
    report = SyncReport()
    if not content_dir.is_dir():
        return report
    for folder in sorted(p for p in content_dir.iterdir() if (p / "case.md").is_file()):
        if not (folder / "tasks.yaml").is_file():
            report.warnings.append(
                _(
                    "%(case)s: no tasks.yaml, skipped (perhaps still being written).",
                    case=folder.name,
                )
            )
            continue
        try:
            source = read_case_dir(folder)
        except (ContentError, OSError, yaml.YAMLError, KeyError, ValueError) as error:
            report.warnings.append(
                _("%(case)s: cannot be loaded: %(error)s", case=folder.name, error=error)
            )
            continue
        case = db.session.scalar(select(Case).where(Case.slug == source.slug))
        unchanged = case is not None and case.source_hash == source.digest
        if unchanged and not (case.edited_in_browser and source.slug in force):
            report.unchanged.append(source.slug)
            continue
        browser_owned = case is not None and (case.edited_in_browser or case.source_hash is None)
        if browser_owned and source.slug not in force:
            report.warnings.append(
                _(
                    "%(case)s: the files differ from the version edited in the browser; the "
                    "browser version wins and the files were not loaded.",
                    case=source.slug,
                )
            )
            report.unchanged.append(source.slug)
            continue
        created = case is None
        case = services.save_from_files(case, source.slug, _content(source), source.digest)
        case.edited_in_browser = False
        findings = gate.gate_findings(case.current_version)
        if browser_owned:  # forced: the files replace reviewed work, so they are reviewed too
            case.status = "in_review"
            report.warnings.append(
                _(
                    "%(case)s: the files replaced the browser edits as a new version; it waits "
                    "for review by a second trainer.",
                    case=source.slug,
                )
            )
        elif any(findings.values()):
            report.warnings.append(
                _(
                    "%(case)s: the personal-data check found suspected personal data; "
                    "kept as a draft.",
                    case=source.slug,
                )
            )
        else:
            services.publish_version(case, case.current_version)
        (report.created if created else report.updated).append(source.slug)
    db.session.flush()
    return report
