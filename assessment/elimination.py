"""Forced elimination (强制淘汰 / 赛马机制): preview, overrides, final decision. Pure rules.

Rule parts, each evaluated on the whole candidate list:
- ``below_score``: shown score (0.01, ROUND_HALF_UP) strictly below the threshold.
- ``bottom_k``: the k worst-placed.
- ``bottom_percent``: the floor(N × percent ÷ 100) worst-placed, at least 0 (10% of 19 → 1).
Ranking parts are capped by ``max_per_round`` and skipped when N < ``min_cohort_size``.
``combine="any"`` cuts whoever any part flags (union); ``"all"`` only whoever every configured
part flags (intersection; a skipped ranking part flags nobody). Placement follows
``assessment.ranking`` (shown score, then the configured tie-breakers in order). If the cut line
falls inside a group still tied after all tie-breakers, nobody in that group is cut and the
preview lists the group as an unresolved tie; randomness is never used.

Minimum-remaining guard: if fewer than ``min_remaining`` would stay, the best-placed of the
would-be-cut are spared first (a tied group at that boundary is spared as a whole). With
``threshold_respects_min_remaining=False`` (the domain default) threshold cuts are never spared.

Overrides of a preview and the final decision are in ``assessment.overrides``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from assessment.ranking import (
    Candidate,
    LineSplit,
    RankedRow,
    bottom_n,
    breaker_label,
    order_worst_first,
    rank_trainees,
    strength_key,
)
from assessment.scoring import ScoringInputError, jsonable, present, present_str
from core.domain import N_
from core.messages import Message, message

__all__ = ["Candidate", "EliminationRule", "EliminationPreview", "preview_elimination"]

PARTS = ("below_score", "bottom_k", "bottom_percent")


@dataclass(frozen=True)
class EliminationRule:
    bottom_k: int | None = None
    bottom_percent: Decimal | None = None
    below_score: Decimal | None = None
    combine: str = "any"
    min_remaining: int = 0
    tie_breakers: tuple[str, ...] = ()
    max_per_round: int | None = None
    min_cohort_size: int = 0
    threshold_respects_min_remaining: bool = True

    def __post_init__(self):
        if not self.parts:
            raise ScoringInputError(
                N_("An elimination rule needs a bottom number, a bottom percentage or a cut-off")
            )
        if self.combine not in ("any", "all"):
            raise ScoringInputError(N_("Combine the conditions with “any” or “all”"))
        if self.bottom_k is not None and self.bottom_k < 0:
            raise ScoringInputError(N_("The number of trainees to cut cannot be negative"))
        if self.bottom_percent is not None and not 0 <= self.bottom_percent <= 100:
            raise ScoringInputError(N_("The percentage to cut must be between 0 and 100"))
        if self.min_remaining < 0:
            raise ScoringInputError(N_("The minimum number of trainees to keep cannot be negative"))
        if self.max_per_round is not None and self.max_per_round < 0:
            raise ScoringInputError(N_("The maximum to cut per round cannot be negative"))

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in PARTS if getattr(self, p) is not None)

    def to_dict(self) -> dict:
        return jsonable(asdict(self))


@dataclass(frozen=True)
class CutEntry:
    candidate: Candidate
    rank: int
    parts: tuple[str, ...]
    reasons: tuple[Message, ...]

    def to_dict(self) -> dict:
        return {
            **self.candidate.to_dict(),
            "rank": self.rank,
            "parts": list(self.parts),
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


@dataclass(frozen=True)
class UnresolvedTie:
    trainee_ids: tuple[str, ...]
    score: Decimal
    message: Message

    def to_dict(self) -> dict:
        return {
            "trainee_ids": list(self.trainee_ids),
            "score": present_str(self.score),
            "message": self.message.to_dict(),
        }


@dataclass(frozen=True)
class EliminationPreview:
    rule: EliminationRule
    standings: tuple[RankedRow, ...]
    cuts: tuple[CutEntry, ...]
    unresolved_ties: tuple[UnresolvedTie, ...] = ()
    spared_by_min_remaining: tuple[CutEntry, ...] = ()
    tie_notes: tuple[Message, ...] = ()
    notes: tuple[Message, ...] = ()

    @property
    def cut_ids(self) -> list[str]:
        return [entry.candidate.trainee_id for entry in self.cuts]

    @property
    def remaining_count(self) -> int:
        return len(self.standings) - len(self.cuts)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule.to_dict(),
            "candidate_count": len(self.standings),
            "remaining_count": self.remaining_count,
            "standings": [row.to_dict() for row in self.standings],
            "cuts": [entry.to_dict() for entry in self.cuts],
            "unresolved_ties": [tie.to_dict() for tie in self.unresolved_ties],
            "spared_by_min_remaining": [e.to_dict() for e in self.spared_by_min_remaining],
            "tie_notes": [note.to_dict() for note in self.tie_notes],
            "notes": [note.to_dict() for note in self.notes],
        }


def _names(rows: Sequence[Candidate]) -> list[str]:
    return [row.name for row in rows]


def _line_tie(split: LineSplit, n: int, rule: EliminationRule) -> UnresolvedTie:
    group = split.tied_across
    breakers = [breaker_label(b) for b in rule.tie_breakers] or message(N_("no tie-breakers"))
    return UnresolvedTie(
        tuple(row.trainee_id for row in group),
        group[0].score,
        message(
            N_(
                "%(names)s share the cumulative score %(score)s and are still equal after the "
                "tie-breakers (%(breakers)s); the group straddles the cut line (%(places)s "
                "places left), so by the rule none of them is cut. A manager may decide by hand."
            ),
            names=_names(group),
            score=present(group[0].score),
            breakers=breakers,
            places=n - len(split.inside),
        ),
    )


def _rank_count(rule: EliminationRule, part: str, total: int) -> int:
    if part == "bottom_k":
        n = rule.bottom_k
    else:
        n = math.floor(Decimal(total) * rule.bottom_percent / 100)
    if rule.max_per_round is not None:
        n = min(n, rule.max_per_round)
    return max(0, n)


def _rank_reason(part: str, rank: int, total: int, n: int, rule: EliminationRule) -> Message:
    if part == "bottom_k":
        return message(
            N_("Rank %(rank)s of %(total)s, within the bottom %(count)s"),
            rank=rank,
            total=total,
            count=n,
        )
    return message(
        N_(
            "Rank %(rank)s of %(total)s, within the bottom %(percent)s%% "
            "(%(total)s trainees, rounded down to %(count)s)"
        ),
        rank=rank,
        total=total,
        percent=rule.bottom_percent,
        count=n,
    )


def preview_elimination(
    candidates: Sequence[Candidate],
    rule: EliminationRule,
    keys: Mapping[str, tuple] | None = None,
) -> EliminationPreview:
    """Who would be cut under ``rule`` and why; see the module docstring for the rules.

    ``keys`` ({trainee id: strength_key under ``rule.tie_breakers``}) may be passed by a caller
    that has them already (the scoreboard ranks with the same keys).
    """
    for row in candidates:
        if row.score is None:
            raise ScoringInputError(
                N_("%(name)s has no cumulative score yet and cannot be in an elimination preview"),
                name=row.name,
            )
    if keys is None:
        keys = {row.trainee_id: strength_key(row, rule.tie_breakers) for row in candidates}

    def key(row: Candidate) -> tuple:
        return keys[row.trainee_id]

    standings = rank_trainees(candidates, rule.tie_breakers, key)
    rank_of = {r.row.trainee_id: r.rank for r in standings}
    worst_first = order_worst_first(candidates, rule.tie_breakers, key)
    total = len(worst_first)
    flags: dict[str, list[tuple[str, Message]]] = {}
    ties, tie_notes, notes = [], [], []

    def flag(row: Candidate, part: str, reason: Message):
        flags.setdefault(row.trainee_id, []).append((part, reason))

    if rule.below_score is not None:
        for row in worst_first:
            if present(row.score) < rule.below_score:
                reason = N_("Cumulative score %(score)s is below the cut-off %(cutoff)s")
                flag(
                    row,
                    "below_score",
                    message(reason, score=present(row.score), cutoff=rule.below_score),
                )
    for part in ("bottom_k", "bottom_percent"):
        if getattr(rule, part) is None:
            continue
        if total < rule.min_cohort_size:
            note = message(
                N_("%(total)s trainees enrolled, fewer than %(minimum)s: no cut by ranking"),
                total=total,
                minimum=rule.min_cohort_size,
            )
            notes += [] if note in notes else [note]
            continue
        n = _rank_count(rule, part, total)
        split = bottom_n(worst_first, n, rule.tie_breakers, key)
        for row in split.inside:
            flag(row, part, _rank_reason(part, rank_of[row.trainee_id], total, n, rule))
        if split.tied_across:
            ties.append(_line_tie(split, n, rule))
        if split.resolved_by:
            last_in, first_out = split.inside[-1], worst_first[n]
            tie_notes.append(
                message(
                    N_(
                        "%(lower)s and %(higher)s share the cumulative score %(score)s; "
                        "“%(breaker)s” separates them and places %(lower)s lower"
                    ),
                    lower=last_in.name,
                    higher=first_out.name,
                    score=present(last_in.score),
                    breaker=breaker_label(split.resolved_by),
                )
            )

    needed = len(rule.parts) if rule.combine == "all" else 1
    cut_rows = [
        r for r in worst_first if len({p for p, _ in flags.get(r.trainee_id, [])}) >= needed
    ]
    cut_ids = {r.trainee_id for r in cut_rows}
    # A tie is moot when every tied trainee is cut anyway (e.g. all below the threshold).
    ties = [t for t in ties if not set(t.trainee_ids) <= cut_ids]
    unique_ties = list({t.trainee_ids: t for t in ties}.values())

    def entry(row: Candidate) -> CutEntry:
        marks = flags[row.trainee_id]
        return CutEntry(
            row, rank_of[row.trainee_id], tuple(p for p, _ in marks), tuple(r for _, r in marks)
        )

    cuts = [entry(row) for row in cut_rows]
    spared = _guard_min_remaining(cuts, total, rule, unique_ties)
    spared_ids = {e.candidate.trainee_id for e in spared}
    if spared:
        notes.append(
            message(
                N_(
                    "To keep at least %(minimum)s trainees, %(count)s are spared, best placed first: %(names)s"
                ),
                minimum=rule.min_remaining,
                count=len(spared),
                names=_names([e.candidate for e in spared]),
            )
        )
    kept_total = total - len(cuts) + len(spared)
    if kept_total < rule.min_remaining:
        notes.append(
            message(
                N_(
                    "The minimum to keep does not spare trainees below the cut-off; "
                    "%(count)s remain after this elimination"
                ),
                count=kept_total,
            )
        )
    return EliminationPreview(
        rule=rule,
        standings=tuple(standings),
        cuts=tuple(e for e in cuts if e.candidate.trainee_id not in spared_ids),
        unresolved_ties=tuple(unique_ties),
        spared_by_min_remaining=tuple(spared),
        tie_notes=tuple(dict.fromkeys(tie_notes)),
        notes=tuple(notes),
    )


def _guard_min_remaining(
    cuts: list[CutEntry], total: int, rule: EliminationRule, ties: list[UnresolvedTie]
) -> list[CutEntry]:
    """Entries to spare so at least ``min_remaining`` stay; appends to ``ties`` if needed."""
    excess = rule.min_remaining - (total - len(cuts))
    if excess <= 0:
        return []
    guardable = [
        e
        for e in reversed(cuts)  # best-placed first
        if rule.threshold_respects_min_remaining or "below_score" not in e.parts
    ]
    if len(guardable) <= excess:
        return guardable

    def key(e: CutEntry):
        return strength_key(e.candidate, rule.tie_breakers)

    line = key(guardable[excess - 1])
    if key(guardable[excess]) != line:
        return guardable[:excess]
    group = sorted((e for e in guardable if key(e) == line), key=lambda e: e.candidate.trainee_id)
    spared = [e for e in guardable[:excess] if key(e) != line] + group
    ties.append(
        UnresolvedTie(
            tuple(e.candidate.trainee_id for e in group),
            group[0].candidate.score,
            message(
                N_(
                    "Keeping the minimum number of trainees means sparing %(count)s, but "
                    "%(names)s are tied in every respect and cannot be split, so all are spared"
                ),
                count=excess,
                names=_names([e.candidate for e in group]),
            ),
        )
    )
    return spared
