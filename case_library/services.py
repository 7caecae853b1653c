"""Authoring and the review workflow: versions, the publish gate, pseudonymization."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from case_library import anonymize
from case_library.content_format import ContentError, parse_tasks, validate_exhibits
from case_library.gate import content_from_parts, gate_findings, gate_parts, pseudonymized_parts
from case_library.history import redact_history
from case_library.models import SETTINGS, Case, CaseVersion
from core.domain import N_, Conflict, DomainError, NotFound
from core.extensions import db
from core.messages import SEMICOLON, listing

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
VERSIONED = ("title", "summary", "narrative", "exhibits", "tasks_yaml", "model_answer")


class CaseInvalid(DomainError):
    """The case cannot be saved as given; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__(
            N_("The case has problems: %(problems)s"), problems=listing(errors, SEMICOLON)
        )
        self.errors = errors


class PublishBlocked(DomainError):
    def __init__(self):
        super().__init__(N_("Suspected personal data was found; the case cannot be published yet."))


@dataclass
class CaseInput:
    """A case as a trainer writes it (forms.CaseForm.case_input), before the rules are checked."""

    slug: str = ""
    title: str = ""
    summary: str = ""
    modules: list[str] = field(default_factory=list)
    risk_type: str = ""
    difficulty: int = 1
    retakes: int = 0
    narrative: str = ""
    exhibits: list[dict] = field(default_factory=list)
    tasks_yaml: str = ""
    model_answer: str = ""

    @classmethod
    def from_version(cls, version: CaseVersion) -> CaseInput:
        """The version as the editor shows it, its settings included."""
        return cls(
            slug=version.slug,
            title=version.title,
            summary=version.summary,
            modules=list(version.modules or []),
            risk_type=version.risk_type,
            difficulty=version.difficulty,
            retakes=version.retakes_allowed,
            narrative=version.narrative,
            exhibits=[dict(e) for e in version.exhibits],
            tasks_yaml=version.tasks_yaml,
            model_answer=version.model_answer,
        )


def case_or_404(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound(N_("This case does not exist."))
    return case


def validate_input(data: CaseInput, case: Case | None) -> tuple[dict, list[str]]:
    """Check a case against every rule; return the clean content dict and every problem found."""
    errors: list[str] = []
    if not re.match(SLUG_PATTERN, data.slug or ""):
        errors.append(_("The short name may contain only lower-case letters, digits and hyphens."))
    else:
        other = db.session.scalar(select(Case).where(Case.slug == data.slug))
        if other is not None and other is not case:
            errors.append(_("Another case already uses this short name."))
    if not data.title.strip():
        errors.append(_("The title is required."))
    if len(data.title) > 200:
        errors.append(_("The title may have at most 200 characters."))
    if not data.narrative.strip():
        errors.append(_("The narrative is required."))
    if data.difficulty not in (1, 2, 3):
        errors.append(_("Difficulty must be 1, 2 or 3."))
    if not 0 <= data.retakes <= 10:
        errors.append(_("Retakes allowed must be a whole number from 0 to 10."))
    exhibits = [
        {k: (e.get(k) or "").strip() for k in ("title", "kind", "caption", "source")}
        for e in data.exhibits
    ]
    errors += validate_exhibits(exhibits)
    tasks: list[dict] = []
    try:
        tasks = parse_tasks(data.tasks_yaml)
    except ContentError as error:
        errors += [_("Tasks: %(error)s", error=e) for e in error.errors]
    content = {
        "slug": data.slug,
        "title": data.title.strip(),
        "summary": data.summary.strip(),
        "modules": [m.strip() for m in data.modules if m.strip()],
        "risk_type": data.risk_type.strip(),
        "difficulty": data.difficulty,
        "retakes_allowed": data.retakes,
        "narrative": data.narrative,
        "exhibits": exhibits,
        "tasks_yaml": data.tasks_yaml,
        "tasks": tasks,
        "model_answer": data.model_answer,
    }
    return content, errors


def _new_version(case: Case, content: dict, author_id: int | None, origin: str, note: str = ""):
    """Save content and settings as the case's next version, a draft (see publish_version)."""
    number = (
        db.session.scalar(
            select(func.max(CaseVersion.number)).where(CaseVersion.case_id == case.id)
        )
        or 0
    ) + 1
    tasks = content.get("tasks") or parse_tasks(content["tasks_yaml"])
    version = CaseVersion(
        case_id=case.id,
        number=number,
        tasks=tasks,
        origin=origin,
        note=note,
        author_id=author_id,
        **{k: content[k] for k in (*VERSIONED, *SETTINGS)},
    )
    db.session.add(version)
    db.session.flush()
    case.current_version = version
    case.status = "draft"
    if not case.is_published:  # nothing is live yet: the case shows its newest draft
        _show_version(case, version)
    return version


def _show_version(case: Case, version: CaseVersion) -> None:
    """Make the version's title, summary and settings the case's own."""
    case.title, case.summary = version.title, version.summary
    for key in SETTINGS:
        setattr(case, key, getattr(version, key))


def _same_content(version: CaseVersion | None, content: dict) -> bool:
    keys = (*VERSIONED, *SETTINGS)
    return version is not None and all(getattr(version, k) == content[k] for k in keys)


def settings_of(version: CaseVersion) -> dict:
    return {key: getattr(version, key) for key in SETTINGS}


def pending_settings(case: Case) -> list[str]:
    """Settings the current version changes that are not live yet (waiting for approval)."""
    version = case.current_version
    if not case.is_published or version is None or version.id == case.published_version_id:
        return []
    return [key for key in SETTINGS if getattr(version, key) != getattr(case, key)]


def create_case(data: CaseInput, author) -> Case:
    """A new draft case with its first version."""
    content, errors = validate_input(data, None)
    if errors:
        raise CaseInvalid(errors)
    case = Case(slug=data.slug, title=content["title"], edited_in_browser=True)
    db.session.add(case)
    db.session.flush()
    _new_version(case, content, author.id, "browser")
    return case


def update_case(case: Case, data: CaseInput, author) -> CaseVersion | None:
    """Save the form as a new draft version (None when nothing changed).

    Nothing of it reaches trainees of a published case, its settings included, until a second
    trainer approves it (review.approve)."""
    if case.status == "in_review":
        raise Conflict(
            N_("The case is under review; ask the reviewer to return it before editing.")
        )
    content, errors = validate_input(data, case)
    if errors:
        raise CaseInvalid(errors)
    case.edited_in_browser = True
    if _same_content(case.current_version, content):
        return None
    return _new_version(case, content, author.id, "browser")


def save_from_files(case: Case | None, slug: str, content: dict, digest: str) -> Case:
    """Create or update a file-managed case with a new version (used by sync)."""
    if case is None:
        case = Case(slug=slug, title=content["title"])
        db.session.add(case)
    case.source_hash = digest
    db.session.flush()
    content = {**content, "slug": slug}
    if not _same_content(case.current_version, content):
        _new_version(case, content, None, "file")
    return case


def publish_version(case: Case, version: CaseVersion) -> None:
    """Show trainees this version: its text and its settings go live together."""
    taken = db.session.scalar(select(Case).where(Case.slug == version.slug, Case.id != case.id))
    if taken is not None:
        raise Conflict(N_("Another case already uses this short name."))
    case.published_version = version
    case.current_version = version
    case.status = "published"
    _show_version(case, version)


def pseudonymize_case(case: Case, user) -> tuple[CaseVersion, dict[str, str], list[CaseVersion]]:
    """Replace every finding consistently across the case as a new draft version.

    Earlier versions that still hold personal data are redacted in place with the same mapping
    (see `history.redact_history`); returns (new version, mapping, redacted versions).
    """
    if case.status == "in_review":
        raise Conflict(
            N_("The case is under review; ask the reviewer to return it before editing.")
        )
    version = case.current_version
    findings = gate_findings(version)
    if not anonymize.has_findings(findings):
        raise Conflict(N_("Nothing to pseudonymize: the check found no personal data."))
    new_parts, mapping, _masks = pseudonymized_parts(gate_parts(version), findings)
    content = {**settings_of(version), **content_from_parts(version, new_parts)}
    errors = validate_exhibits(content["exhibits"])
    try:
        content["tasks"] = parse_tasks(content["tasks_yaml"])
    except ContentError as error:
        errors += error.errors
    if errors:
        raise DomainError(
            N_("Pseudonymizing would break the case: %(e)s"), e=listing(errors, SEMICOLON)
        )
    case.edited_in_browser = True
    note = f"统一替换 {len(mapping)} 项"  # stored with the version, like the content itself
    version = _new_version(case, content, user.id, "pseudonymize", note)
    redacted = redact_history(case, user, mapping, keep=version)
    return version, mapping, redacted
