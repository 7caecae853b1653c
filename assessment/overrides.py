"""Overrides of an elimination preview and the final decision (人工调整与最终决定). Pure rules.

``keep`` is always allowed; ``cut`` is allowed even if it takes the cohort below
``min_remaining`` — the required reason is recorded and the decision carries a warning.
Every override needs a written reason of at least ``DEFAULT_REASON_MIN_CHARS`` characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from assessment.elimination import EliminationPreview
from assessment.ranking import Candidate

DEFAULT_REASON_MIN_CHARS = 5


class OverrideError(ValueError):
    """An override that cannot be applied; the message is user-facing."""


class OverrideReasonRequired(OverrideError):
    """An override without a sufficient written reason."""


@dataclass(frozen=True)
class Override:
    trainee_id: str
    action: str  # "keep" | "cut"
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DecisionCut:
    candidate: Candidate
    source: str  # "rule" | "override"
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {**self.candidate.to_dict(), "source": self.source, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class FinalDecision:
    preview: EliminationPreview
    overrides: tuple[Override, ...]
    cuts: tuple[DecisionCut, ...]
    kept_ids: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def cut_ids(self) -> list[str]:
        return [c.candidate.trainee_id for c in self.cuts]

    def to_dict(self) -> dict:
        return {
            "preview": self.preview.to_dict(),
            "overrides": [o.to_dict() for o in self.overrides],
            "cuts": [c.to_dict() for c in self.cuts],
            "kept_ids": list(self.kept_ids),
            "remaining_count": len(self.kept_ids),
            "warnings": list(self.warnings),
        }


def _check_override(
    override: Override, preview: EliminationPreview, done: set[str], min_chars: int
) -> Candidate:
    known = {r.row.trainee_id: r.row for r in preview.standings}
    if override.trainee_id not in known:
        raise OverrideError(f"学员{override.trainee_id}不在本次淘汰预览的名单中")
    row = known[override.trainee_id]
    if override.action not in ("keep", "cut"):
        raise OverrideError(f"未知的人工调整动作:{override.action}")
    if len((override.reason or "").strip()) < min_chars:
        raise OverrideReasonRequired(f"调整{row.name}的淘汰结果必须填写不少于{min_chars}个字的理由")
    if row.trainee_id in done:
        raise OverrideError(f"对{row.name}只能做一次人工调整")
    is_cut = row.trainee_id in preview.cut_ids
    if override.action == "keep" and not is_cut:
        raise OverrideError(f"{row.name}不在淘汰名单中,无需保留")
    if override.action == "cut" and is_cut:
        raise OverrideError(f"{row.name}已在淘汰名单中")
    return row


def apply_overrides(
    preview: EliminationPreview,
    overrides: Sequence[Override] = (),
    *,
    reason_min_chars: int = DEFAULT_REASON_MIN_CHARS,
) -> FinalDecision:
    """Apply a manager's keep/cut overrides to a preview; every override needs a reason.

    ``reason_min_chars`` counts characters after trimming (one Chinese character is one).
    """
    done: set[str] = set()
    keep, extra = set(), []
    for override in overrides:
        row = _check_override(override, preview, done, reason_min_chars)
        done.add(row.trainee_id)
        if override.action == "keep":
            keep.add(row.trainee_id)
        else:
            extra.append(DecisionCut(row, "override", (f"人工淘汰:{override.reason.strip()}",)))
    cuts = [
        DecisionCut(e.candidate, "rule", e.reasons)
        for e in preview.cuts
        if e.candidate.trainee_id not in keep
    ] + extra
    cut_ids = {c.candidate.trainee_id for c in cuts}
    kept = tuple(r.row.trainee_id for r in preview.standings if r.row.trainee_id not in cut_ids)
    warnings = []
    if extra and len(kept) < preview.rule.min_remaining:
        warnings.append(
            f"人工淘汰后剩余{len(kept)}人,低于最少保留人数{preview.rule.min_remaining}人;"
            f"已记录人工淘汰理由"
        )
    return FinalDecision(preview, tuple(overrides), tuple(cuts), kept, tuple(warnings))
