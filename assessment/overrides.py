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
from core.domain import N_, DomainError
from core.messages import Message, message

DEFAULT_REASON_MIN_CHARS = 5
# Also written by assessment.decisions.override for an override after the decision.
BELOW_MINIMUM = N_(
    "%(count)s trainees remain after the cut by hand, fewer than the minimum of %(minimum)s; "
    "the reason for the cut is recorded"
)


class OverrideError(DomainError):
    """An override that cannot be applied (message id and parameters, translated where shown)."""

    status_code = 422


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
    reasons: tuple[Message, ...]

    def to_dict(self) -> dict:
        reasons = [reason.to_dict() for reason in self.reasons]
        return {**self.candidate.to_dict(), "source": self.source, "reasons": reasons}


@dataclass(frozen=True)
class FinalDecision:
    preview: EliminationPreview
    overrides: tuple[Override, ...]
    cuts: tuple[DecisionCut, ...]
    kept_ids: tuple[str, ...]
    warnings: tuple[Message, ...] = ()

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
            "warnings": [warning.to_dict() for warning in self.warnings],
        }


def _check_override(
    override: Override, preview: EliminationPreview, done: set[str], min_chars: int
) -> Candidate:
    known = {r.row.trainee_id: r.row for r in preview.standings}
    if override.trainee_id not in known:
        raise OverrideError(
            N_("Trainee %(id)s is not in this elimination preview"), id=override.trainee_id
        )
    row = known[override.trainee_id]
    if override.action not in ("keep", "cut"):
        raise OverrideError(N_("Unknown override: %(action)s"), action=override.action)
    if len((override.reason or "").strip()) < min_chars:
        raise OverrideReasonRequired(
            N_(
                "Changing the elimination result of %(name)s needs a written reason of at "
                "least %(count)s characters"
            ),
            name=row.name,
            count=min_chars,
        )
    if row.trainee_id in done:
        raise OverrideError(N_("%(name)s can be overridden only once"), name=row.name)
    is_cut = row.trainee_id in preview.cut_ids
    if override.action == "keep" and not is_cut:
        raise OverrideError(
            N_("%(name)s is not on the cut list; there is nothing to keep"), name=row.name
        )
    if override.action == "cut" and is_cut:
        raise OverrideError(N_("%(name)s is already on the cut list"), name=row.name)
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
            reason = message(N_("Cut by hand: %(reason)s"), reason=override.reason.strip())
            extra.append(DecisionCut(row, "override", (reason,)))
    cuts = [
        DecisionCut(e.candidate, "rule", e.reasons)
        for e in preview.cuts
        if e.candidate.trainee_id not in keep
    ] + extra
    cut_ids = {c.candidate.trainee_id for c in cuts}
    kept = tuple(r.row.trainee_id for r in preview.standings if r.row.trainee_id not in cut_ids)
    warnings = []
    if extra and len(kept) < preview.rule.min_remaining:
        warnings.append(message(BELOW_MINIMUM, count=len(kept), minimum=preview.rule.min_remaining))
    return FinalDecision(preview, tuple(overrides), tuple(cuts), kept, tuple(warnings))
