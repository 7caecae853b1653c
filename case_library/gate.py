"""The publish gate: which texts of a version it scans, what it finds, and how a finding is shown.

Both the authoring services (pseudonymize the current version) and the version history (redact
earlier versions in place) build on this module; it imports neither of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask_babel import gettext as _

from case_library import anonymize
from case_library.models import CaseVersion
from case_library.watchlist import current_watchlist


def gate_parts(version: CaseVersion) -> dict[str, str]:
    """Every text of a version the gate scans, keyed by a stable part name."""
    parts = {"title": version.title, "summary": version.summary, "narrative": version.narrative}
    for n, exhibit in enumerate(version.exhibits):
        parts[f"exhibit-{n}-title"] = exhibit.get("title", "")
        parts[f"exhibit-{n}-caption"] = exhibit.get("caption", "")
        parts[f"exhibit-{n}"] = exhibit.get("source", "")
    parts["tasks"] = version.tasks_yaml
    parts["model_answer"] = version.model_answer
    return parts


def content_from_parts(version: CaseVersion, parts: Mapping[str, str]) -> dict:
    """The version's content with its scanned texts replaced by `parts` (as from gate_parts)."""
    return {
        "title": parts["title"],
        "summary": parts["summary"],
        "narrative": parts["narrative"],
        "exhibits": [
            {
                **exhibit,
                "title": parts[f"exhibit-{n}-title"],
                "caption": parts[f"exhibit-{n}-caption"],
                "source": parts[f"exhibit-{n}"],
            }
            for n, exhibit in enumerate(version.exhibits)
        ],
        "tasks_yaml": parts["tasks"],
        "model_answer": parts["model_answer"],
    }


def part_label(key: str, version: CaseVersion) -> str:
    """A part's name for the reader, e.g. "Exhibit 2: 对账单"."""
    labels = {
        "title": _("Title"),
        "summary": _("Summary"),
        "narrative": _("Narrative"),
        "tasks": _("Tasks"),
        "model_answer": _("Model answer"),
        "settings": _("Case settings"),
    }
    if key in labels:
        return labels[key]
    n = int(key.split("-")[1])
    title = version.exhibits[n].get("title", "")
    if key.endswith("-title"):
        return _("Exhibit %(n)d title", n=n + 1)
    if key.endswith("-caption"):
        return _("Exhibit %(n)d caption (%(title)s)", n=n + 1, title=title)
    return _("Exhibit %(n)d: %(title)s", n=n + 1, title=title)


def gate_findings(
    version: CaseVersion, watchlist: anonymize.Watchlist | None = None
) -> dict[str, list[anonymize.Finding]]:
    """What the detector finds in each part of the version (empty lists when clean)."""
    return anonymize.scan_document(gate_parts(version), watchlist or current_watchlist())


def with_fullwidth_brackets(text: str, masks: set[str]) -> str:
    """Write each "[…]" mask of the pseudonymizer as "【…】"."""
    # "[…]" at the start of a YAML value would read as a list; 【…】 is plain text everywhere.
    for mask in masks:
        text = text.replace(mask, "【" + mask[1:-1] + "】")
    return text


def pseudonymized_parts(
    parts: dict[str, str],
    findings: dict[str, list[anonymize.Finding]],
    mapping: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Replace every finding consistently; returns (new parts, grown mapping, masks used)."""
    new_parts, mapping = anonymize.pseudonymize(parts, findings, mapping=mapping)
    masks = {v for v in mapping.values() if v.startswith("[") and v.endswith("]")}
    new_parts = {k: with_fullwidth_brackets(v, masks) for k, v in new_parts.items()}
    return new_parts, mapping, masks


def gate_report(
    parts: dict[str, str], findings: dict[str, list], label: Callable[[str], str]
) -> list[dict]:
    """Findings grouped by part, each shown on its own numbered line with the spots marked."""
    report = []
    for key, text in parts.items():
        found = findings.get(key) or []
        if not found:
            continue
        lines, offset = [], 0
        for number, line in enumerate(text.splitlines(keepends=True), 1):
            end = offset + len(line)
            here = [f for f in found if offset <= f.start < end]
            if here:
                shifted = [
                    type(f)(f.kind, f.text, f.start - offset, f.end - offset, f.message)
                    for f in here
                ]
                segments = anonymize.highlight(line.rstrip("\n"), shifted)
                lines.append({"number": number, "segments": segments})
            offset = end
        report.append({"key": key, "label": label(key), "count": len(found), "lines": lines})
    return report


def version_report(version: CaseVersion, findings: dict[str, list]) -> list[dict]:
    """gate_report for one version, its parts named for the reader."""
    return gate_report(gate_parts(version), findings, lambda key: part_label(key, version))
