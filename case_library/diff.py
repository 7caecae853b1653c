"""What changed between two versions of a case, as side-by-side rows (pure, no Flask).

The templates escape every piece of text; nothing here produces HTML.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

CONTEXT = 3  # unchanged lines shown around each change


@dataclass
class Row:
    """One line of the side-by-side table; `kind` is equal, changed, deleted, inserted or gap.

    `old`/`new` are lists of (text, changed) segments, so a changed line can mark the exact
    characters that differ.
    """

    kind: str
    old_no: int | None = None
    new_no: int | None = None
    old: list[tuple[str, bool]] = field(default_factory=list)
    new: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Section:
    key: str
    label: str
    rows: list[Row]

    @property
    def changed(self) -> bool:
        return any(r.kind != "equal" for r in self.rows)


def _inline(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if old[i1:i2]:
            left.append((old[i1:i2], tag != "equal"))
        if new[j1:j2]:
            right.append((new[j1:j2], tag != "equal"))
    return left, right


def side_by_side(old_text: str, new_text: str, context: int = CONTEXT) -> list[Row]:
    """Rows for the changed hunks of two texts (empty when they are equal)."""
    old, new = old_text.splitlines(), new_text.splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for n, group in enumerate(matcher.get_grouped_opcodes(context)):
        if n:
            rows.append(Row("gap"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for k in range(i2 - i1):
                    line = old[i1 + k]
                    rows.append(
                        Row("equal", i1 + k + 1, j1 + k + 1, [(line, False)], [(line, False)])
                    )
                continue
            for k in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + k, j1 + k
                has_old, has_new = i < i2, j < j2
                if has_old and has_new:
                    left, right = _inline(old[i], new[j])
                    rows.append(Row("changed", i + 1, j + 1, left, right))
                elif has_old:
                    rows.append(Row("deleted", old_no=i + 1, old=[(old[i], True)]))
                else:
                    rows.append(Row("inserted", new_no=j + 1, new=[(new[j], True)]))
    return rows


def _exhibit_text(exhibit: dict | None, field_names: Mapping[str, str]) -> str:
    if exhibit is None:
        return ""
    head = [f"{name}: {exhibit.get(key, '')}" for key, name in field_names.items()]
    return "\n".join([*head, ""]) + (exhibit.get("source") or "")


def version_sections(
    older,
    newer,
    label: Callable[[str], str],
    field_names: Mapping[str, str],
    settings: Callable[[object], str],
) -> list[Section]:
    """Changed sections between two versions: settings, title, summary, narrative, each exhibit
    (by position, "exhibit-<n>"), tasks and model answer; `label(key)` names a section.

    An exhibit is compared as its title, kind and caption, one line each, named by
    `field_names` ({"title": "Title", ...} in the reader's language), then its source text;
    the settings (slug, modules, ...) as the text `settings(version)` gives."""
    pairs = [
        ("settings", settings(older), settings(newer)),
        ("title", older.title, newer.title),
        ("summary", older.summary, newer.summary),
        ("narrative", older.narrative, newer.narrative),
    ]
    count = max(len(older.exhibits), len(newer.exhibits))
    for n in range(count):
        old_ex = older.exhibits[n] if n < len(older.exhibits) else None
        new_ex = newer.exhibits[n] if n < len(newer.exhibits) else None
        old_text, new_text = _exhibit_text(old_ex, field_names), _exhibit_text(new_ex, field_names)
        pairs.append((f"exhibit-{n}", old_text, new_text))
    pairs += [
        ("tasks", older.tasks_yaml, newer.tasks_yaml),
        ("model_answer", older.model_answer, newer.model_answer),
    ]
    sections = []
    for key, old_text, new_text in pairs:
        rows = side_by_side(old_text or "", new_text or "")
        if rows:
            sections.append(Section(key, label(key), rows))
    return sections
