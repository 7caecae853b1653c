"""Scoreboard ranking (赛马看板排名): pure rules shared by the scoreboard and elimination.

Ordering, from best to worst:
1. the score as shown (rounded to 0.01, see ``assessment.scoring.present``), higher first;
2. each tie-breaker in the configured order. A tie-breaker is the name of a value in the row's
   ``tie_values``; higher is better, or lower is better when the name starts with ``-``
   (e.g. ``"-overdue_rate"``). Booleans count as 0/1 (``conduct_clean``: True is better).
   A missing value is worse than any present value.
Rows equal on all of these share a rank (competition ranking 1, 2, 2, 4); no randomness is ever
used. Rows without a score come last, unranked; display order among equals is by trainee id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from assessment.scoring import ScoringInputError, jsonable, present, present_str, to_decimal
from core.domain import N_
from core.messages import Message, message


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trainee's standing: the score to rank on plus named tie-breaker values."""

    trainee_id: str
    name: str
    score: Decimal | None
    tie_values: Mapping[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "trainee_id": self.trainee_id,
            "name": self.name,
            "score": present_str(self.score),
            "tie_values": jsonable(dict(self.tie_values)),
        }


def _tie_value(value, lower_is_better: bool) -> tuple:
    if value is None:
        return (0,)
    number = Decimal(int(value)) if isinstance(value, bool) else to_decimal(value)
    return (1, -number if lower_is_better else number)


_NONE = (0,)


def key_function(tie_breakers: Sequence[str]):
    """``score_key`` for fixed tie-breakers, as a function of (score, tie_values).

    The scoreboard builds thousands of keys per stage; parsing the breaker names once and
    rounding with one ``quantize`` call keeps that cheap. Same keys as ``score_key``.
    """
    parsed = tuple((b.lstrip("-"), b.startswith("-")) for b in tie_breakers)

    def key(score, tie_values: Mapping[str, object]) -> tuple:
        head = _NONE if score is None else (1, present(score))
        if not parsed:
            return (head,)
        return (head, *[_tie_value(tie_values.get(name), lower) for name, lower in parsed])

    return key


def score_key(score, tie_values: Mapping[str, object], tie_breakers: Sequence[str]) -> tuple:
    """``strength_key`` of a score and its tie values (no Candidate needed)."""
    return key_function(tie_breakers)(score, tie_values)


def strength_key(row: Candidate, tie_breakers: Sequence[str]) -> tuple:
    """Sort key where a larger tuple means a better standing; equal keys are a true tie."""
    return score_key(row.score, row.tie_values, tie_breakers)


BREAKER_LABELS = {
    "conduct_clean": N_("No conduct warning"),
    "evaluation": N_("Evaluation average"),
    "final_exam": N_("Final exam score"),
    "latest_exam": N_("Latest exam"),
    "latest_stage": N_("Latest stage score"),
    "stage_score": N_("Stage score"),
    "post_loan": N_("Post-loan management score"),
}


def breaker_label(breaker: str) -> Message | str:
    """A tie-breaker's label for messages (translated where shown); unknown names as they are."""
    name = breaker.lstrip("-")
    return message(BREAKER_LABELS[name]) if name in BREAKER_LABELS else name


def deciding_breaker(a: Candidate, b: Candidate, tie_breakers: Sequence[str]) -> str | None:
    """The first tie-breaker that separates two rows with the same shown score, if any."""
    for breaker in tie_breakers:
        if strength_key(a, [breaker])[1] != strength_key(b, [breaker])[1]:
            return breaker
    return None


def _key_function(tie_breakers: Sequence[str], key=None):
    """``key`` if given (e.g. a look-up of keys computed once), else ``strength_key``."""
    return key or (lambda r: strength_key(r, tie_breakers))


def order_best_first(
    rows: Sequence[Candidate], tie_breakers: Sequence[str], key=None
) -> list[Candidate]:
    """Rows from best to worst; equal rows in trainee-id order so output is stable."""
    by_id = sorted(rows, key=lambda r: r.trainee_id)
    return sorted(by_id, key=_key_function(tie_breakers, key), reverse=True)


def order_worst_first(
    rows: Sequence[Candidate], tie_breakers: Sequence[str], key=None
) -> list[Candidate]:
    """Rows from worst to best; equal rows in trainee-id order."""
    by_id = sorted(rows, key=lambda r: r.trainee_id)
    return sorted(by_id, key=_key_function(tie_breakers, key))


@dataclass(frozen=True, slots=True)
class RankedRow:
    rank: int | None
    row: Candidate
    tied: bool

    def to_dict(self) -> dict:
        return {"rank": self.rank, "tied": self.tied, **self.row.to_dict()}


def rank_trainees(
    rows: Sequence[Candidate], tie_breakers: Sequence[str] = (), key=None
) -> list[RankedRow]:
    """Competition ranking (1, 2, 2, 4) by shown score, then tie-breakers; see module docstring.

    ``tied`` marks rows sharing their rank with another row. Rows without a score get
    rank ``None`` and come last.
    """
    ids = [r.trainee_id for r in rows]
    keys = list(map(_key_function(tie_breakers, key), rows))
    return [
        RankedRow(rank, rows[i], tied)
        if rows[i].score is not None
        else RankedRow(None, rows[i], False)
        for i, rank, tied in competition_ranks(ids, keys)
    ]


def competition_ranks(ids: Sequence[str], keys: Sequence[tuple]) -> list[tuple[int, int, bool]]:
    """(index, rank, tied) best first, for rows given by trainee id and ``strength_key``.

    The order of ``order_best_first`` (key, then trainee id), the ranks of ``rank_trainees``;
    the caller leaves rows without a score unranked.
    """
    if len(set(ids)) != len(ids):
        raise ScoringInputError(N_("A trainee appears twice in the ranking"))
    positions = sorted(range(len(ids)), key=ids.__getitem__)
    positions.sort(key=keys.__getitem__, reverse=True)
    # Equal keys are adjacent once sorted: each run of equal keys is one competition rank.
    ranked = []
    place = 0
    for _key, run in groupby(positions, key=keys.__getitem__):
        group = list(run)
        tied = len(group) > 1
        ranked += [(i, place + 1, tied) for i in group]
        place += len(group)
    return ranked


def rank_changes(
    previous_ranks: Mapping[str, int | None], current_ranks: Mapping[str, int | None]
) -> dict[str, int | None]:
    """Places moved since the last snapshot per trainee: positive = moved up (较上期名次变化).

    ``None`` when either rank is unknown (new trainee, or no score in one of the periods).
    """
    changes = {}
    for trainee_id, current in current_ranks.items():
        previous = previous_ranks.get(trainee_id)
        changes[trainee_id] = None if previous is None or current is None else previous - current
    return changes


@dataclass(frozen=True)
class LineSplit:
    """The bottom-n line: rows placed inside it, a group tied across it, how a tie was settled."""

    inside: list[Candidate]
    tied_across: list[Candidate]
    resolved_by: str | None = None


def bottom_n(
    rows: Sequence[Candidate], n: int, tie_breakers: Sequence[str] = (), key=None
) -> LineSplit:
    """The n worst-placed rows, worst first. A group still tied after every tie-breaker that
    straddles the line is left out of ``inside`` entirely and returned as ``tied_across``;
    ``resolved_by`` names the tie-breaker that separated equal shown scores at the line.
    """
    key = _key_function(tie_breakers, key)
    worst_first = order_worst_first(rows, tie_breakers, key)
    if n <= 0:
        return LineSplit([], [])
    if n >= len(worst_first):
        return LineSplit(worst_first, [])

    last_in, first_out = worst_first[n - 1], worst_first[n]
    if key(last_in) == key(first_out):
        line = key(last_in)
        return LineSplit(
            [r for r in worst_first[:n] if key(r) != line],
            [r for r in worst_first if key(r) == line],
        )
    resolved_by = None
    if present(last_in.score) == present(first_out.score):
        resolved_by = deciding_breaker(last_in, first_out, tie_breakers)
    return LineSplit(worst_first[:n], [], resolved_by)
