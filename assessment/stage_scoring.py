"""Stage and cumulative scores (阶段分与累计分): pure rules over component results.

Stage score = Σ(weight × normalized) ÷ Σ(weight of counted components), so weights need not sum
to 1. Counted components are those ``scored`` or ``missing`` (missing counts as 0 once its
deadline has passed). ``pending`` components (no result yet, deadline not passed) are left out
of the denominator and make the stage score *provisional*. ``excused`` components (absence
approved by a manager) are also left out, but do not make the score provisional.

Component results and the rounding rule are in ``assessment.scoring``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter, itemgetter, mul

from assessment.scoring import (
    STATUSES,
    ComponentResult,
    ComponentSpec,
    ScoringInputError,
    present,
    present_str,
    to_decimal,
)
from core.domain import N_

_status = attrgetter("status")
_normalized = attrgetter("normalized")


@dataclass(frozen=True, slots=True)
class StageScore:
    """``score`` is unrounded and ``None`` while no component counts yet."""

    score: Decimal | None
    provisional: bool
    results: tuple[ComponentResult, ...]
    effective_weights: Mapping[str, Decimal] = field(default_factory=dict)
    pending: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    excused: tuple[str, ...] = ()
    hard_min_failed: tuple[str, ...] = ()

    def passed(self, pass_mark) -> bool:
        """Shown score ≥ pass mark and every hard minimum met (may change while provisional)."""
        if self.score is None or self.hard_min_failed:
            return False
        return present(self.score) >= to_decimal(pass_mark)

    def to_dict(self) -> dict:
        return {
            "score": present_str(self.score),
            "provisional": self.provisional,
            "components": [r.to_dict() for r in self.results],
            "effective_weights": {k: str(v) for k, v in self.effective_weights.items()},
            "pending": list(self.pending),
            "missing": list(self.missing),
            "excused": list(self.excused),
            "hard_min_failed": list(self.hard_min_failed),
        }


def stage_score(
    components: Sequence[ComponentSpec], results: Mapping[str, ComponentResult]
) -> StageScore:
    """Weighted stage score; see the module docstring for pending/missing/excused handling."""
    ordered = []
    for spec in components:
        if spec.id not in results:
            raise ScoringInputError(N_("Component %(id)s has no result"), id=spec.id)
        ordered.append(results[spec.id])
    return StagePlan(components).score(tuple(ordered))


class StagePlan:
    """``stage_score`` for many trainees of one stage (the scoreboard's hot loop).

    What depends only on which components are scored, missing, pending or excused — the
    effective weights, the status lists — is worked out once per pattern of statuses and
    shared (read-only) by every StageScore with that pattern. Per trainee only the weighted
    sum remains, the same Decimal operations in the same order as always, so the numbers
    are identical to the ones a single ``stage_score`` call gives.
    """

    def __init__(self, components: Sequence[ComponentSpec]):
        self.components = tuple(components)
        self._patterns: dict[tuple[str, ...], tuple] = {}

    def _pattern(self, statuses: tuple[str, ...]) -> tuple:
        by_status = {status: [] for status in STATUSES}
        for index, status in enumerate(statuses):
            by_status[status].append(index)
        counted = by_status["scored"] + by_status["missing"]
        specs = self.components
        total_weight = sum((specs[i].weight for i in counted), Decimal(0))
        weights = {}
        if total_weight > 0:
            weights = {specs[i].id: specs[i].weight / total_weight for i in counted}
        else:
            counted = []
        ids = {s: tuple(specs[i].id for i in by_status[s]) for s in STATUSES}
        pairs = None
        if counted:
            pairs = (itemgetter(*counted), tuple(weights[specs[i].id] for i in counted))
        minima = tuple(
            (i, specs[i].id, specs[i].hard_min)
            for i in by_status["scored"] + by_status["missing"]
            if specs[i].hard_min is not None
        )
        return pairs, weights, ids["pending"], ids["missing"], ids["excused"], minima

    def score(self, results: tuple[ComponentResult, ...]) -> StageScore:
        """The StageScore of one trainee; ``results`` in the order of the components."""
        statuses = tuple(map(_status, results))
        pattern = self._patterns.get(statuses)
        if pattern is None:
            if len(statuses) != len(self.components):
                raise ScoringInputError(
                    N_("The stage has a different number of components and results")
                )
            pattern = self._patterns[statuses] = self._pattern(statuses)
        pairs, weights, pending, missing, excused, minima = pattern
        score = None
        if pairs:
            chosen, factors = pairs
            chosen = chosen(results) if len(factors) > 1 else (chosen(results),)
            # sum(weight × normalized), scored then missing, as stage_score always did.
            score = sum(map(mul, factors, map(_normalized, chosen)))
        failed = ()
        if minima:
            failed = tuple(cid for i, cid, low in minima if present(results[i].normalized) < low)
        return StageScore(
            score=score,
            provisional=bool(pending),
            results=results,
            effective_weights=weights,
            pending=pending,
            missing=missing,
            excused=excused,
            hard_min_failed=failed,
        )


def monthly_stage_score(month_scores: Sequence[Decimal | None], last_n: int | None = None):
    """Lending-stage score: mean of the months that have a score (optionally the last n only)."""
    scored = [to_decimal(s) for s in month_scores if s is not None]
    if last_n is not None:
        scored = scored[-last_n:] if last_n > 0 else []
    return sum(scored) / len(scored) if scored else None


def overall_score(
    stage_scores: Sequence[StageScore | Decimal | None], stage_weights: Sequence
) -> Decimal | None:
    """Cumulative score (累计分): stages that have a score, weights renormalized over them.

    ``stage_scores`` are in stage order, aligned with ``stage_weights``; a stage whose score is
    ``None`` (not started) is carried with weight 0. Returns ``None`` while no stage has a score.
    """
    if len(stage_scores) != len(stage_weights):
        raise ScoringInputError(N_("There are not as many stage scores as stage weights"))
    pairs = []
    for stage, weight in zip(stage_scores, stage_weights, strict=True):
        value = stage.score if isinstance(stage, StageScore) else stage
        if value is not None:
            pairs.append((to_decimal(value), to_decimal(weight)))
    total_weight = sum((w for _, w in pairs), Decimal(0))
    if total_weight <= 0:
        return None
    return sum(v * w for v, w in pairs) / total_weight
