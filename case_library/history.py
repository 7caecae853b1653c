"""The version history: personal-data checks over every kept version, and redaction in place.

Every save of a case is kept, so the version before pseudonymization would still hold the real
ID numbers and names. Pseudonymizing a case therefore also redacts, in place, every earlier
version in which the detector finds something, applying the same mapping (the same real name
becomes the same 客户A in every version). Those versions are marked with who redacted them and
when. Nothing else about a version changes: its number, author and date stay as they were.

The published version is never changed in place: what trainees read changes only through review
(four eyes). Its personal data goes when a second trainer approves the pseudonymized draft; the
approval then redacts the version it replaces (`review.approve`).
"""

from __future__ import annotations

from collections.abc import Mapping

from case_library import anonymize
from case_library.content_format import ContentError, parse_tasks
from case_library.gate import (
    content_from_parts,
    gate_findings,
    gate_parts,
    pseudonymized_parts,
    with_fullwidth_brackets,
)
from case_library.models import Case, CaseVersion
from case_library.watchlist import current_watchlist
from core.clock import now_utc


def history_report(case: Case) -> list[dict]:
    """Every version, newest first, with its findings (empty dict values when clean)."""
    watchlist = current_watchlist()
    rows = []
    for version in reversed(case.versions):
        findings = gate_findings(version, watchlist)
        rows.append(
            {
                "version": version,
                "findings": findings,
                "count": sum(len(f) for f in findings.values()),
            }
        )
    return rows


def _replace_in(value, replacements: list[tuple[str, str]]):
    """Apply replacements to every string inside a JSON-like value."""
    if isinstance(value, str):
        for old, new in replacements:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace_in(v, replacements) for v in value]
    if isinstance(value, dict):
        return {k: _replace_in(v, replacements) for k, v in value.items()}
    return value


def redact_version(
    version: CaseVersion, user, mapping: Mapping[str, str], watchlist=None
) -> dict[str, str] | None:
    """Redact one version in place; return the grown mapping, or None when it was clean."""
    parts = gate_parts(version)
    findings = anonymize.scan_document(parts, watchlist or current_watchlist())
    if not anonymize.has_findings(findings):
        return None
    new_parts, mapping, masks = pseudonymized_parts(parts, findings, mapping)
    for key, value in content_from_parts(version, new_parts).items():
        setattr(version, key, value)
    try:
        version.tasks = parse_tasks(version.tasks_yaml)
    except ContentError:
        # An old version whose YAML no longer parses keeps its parsed tasks, redacted as text.
        replacements = sorted(
            ((old, with_fullwidth_brackets(new, masks)) for old, new in mapping.items()),
            key=lambda pair: -len(pair[0]),
        )
        version.tasks = _replace_in(version.tasks, replacements)
    version.redacted_at = now_utc()
    version.redacted_by_id = user.id
    return mapping


def redact_history(
    case: Case, user, mapping: Mapping[str, str] | None = None, *, keep: CaseVersion | None = None
) -> list[CaseVersion]:
    """Redact every version except `keep` (default: the current one) and the published one that
    still has findings.

    Newest first, sharing one mapping so a name keeps its placeholder across versions.
    Returns the versions that were changed. The caller commits.
    """
    keep = keep if keep is not None else case.current_version
    untouchable = {v.id for v in (keep, case.published_version) if v is not None}
    watchlist = current_watchlist()
    mapping = dict(mapping or {})
    changed = []
    for version in reversed(case.versions):
        if version.id in untouchable:
            continue
        grown = redact_version(version, user, mapping, watchlist)
        if grown is not None:
            mapping = grown
            changed.append(version)
    return changed


def published_has_findings(case: Case) -> bool:
    """Whether the version trainees read still holds personal data (it waits for review)."""
    published = case.published_version
    return published is not None and anonymize.has_findings(gate_findings(published))
