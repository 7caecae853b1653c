"""Quiz grading methods: which attempt(s) make a trainee's quiz grade.

Mirrors Moodle's quiz setting "Grading method" (QUIZ_GRADEHIGHEST, QUIZ_GRADEAVERAGE,
QUIZ_ATTEMPTFIRST, QUIZ_ATTEMPTLAST). Pure functions, no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from core.domain import N_

GRADING_METHODS = ("highest", "average", "first", "last")
GRADING_METHOD_LABELS = {  # message ids, translated where they are shown
    "highest": N_("Highest grade"),
    "average": N_("Average grade"),
    "first": N_("First attempt"),
    "last": N_("Last attempt"),
}
# Attempt selections for the statistics report; "all" is what Moodle uses for "average".
ATTEMPT_SELECTIONS = ("first", "last", "highest", "all")


def combine_attempt_grades(method: str, grades: Sequence[Decimal | None]) -> Decimal | None:
    """The quiz grade from a trainee's attempt grades, given in attempt order.

    `highest` = max, `average` = arithmetic mean (unrounded), `first` / `last` = the first /
    last grade in the order given. Attempts not graded yet (None) are ignored, as Moodle
    ignores attempts whose sumgrades is NULL. No graded attempt gives None.
    Raises ValueError for an unknown method (a programming error, not a trainee's input).
    """
    if method not in GRADING_METHODS:
        raise ValueError(f"unknown grading method: {method!r}")
    graded = [Decimal(g) for g in grades if g is not None]
    if not graded:
        return None
    if method == "highest":
        return max(graded)
    if method == "average":
        return sum(graded, Decimal(0)) / len(graded)
    if method == "first":
        return graded[0]
    return graded[-1]


def select_attempts(attempts: Iterable[Mapping[str, Any]], which: str) -> list[Mapping[str, Any]]:
    """The attempts the statistics report uses, as Moodle's `quiz_statistics_attempts_sql`.

    `first` / `last`: each user's attempt with the lowest / highest `attempt_number`;
    `highest`: each user's attempt with the highest `total`, ties going to the earliest
    attempt (Moodle's rule); `all` (alias `average`): every attempt. Attempts without a
    total (not graded yet) are left out. The result keeps the input order.
    """
    if which == "average":
        which = "all"
    if which not in ATTEMPT_SELECTIONS:
        raise ValueError(f"unknown attempt selection: {which!r}")
    graded = [a for a in attempts if a.get("total") is not None]
    if which == "all":
        return graded
    chosen: dict[Any, Mapping[str, Any]] = {}
    for attempt in graded:
        user = attempt["user_id"]
        current = chosen.get(user)
        if current is None or _better(attempt, current, which):
            chosen[user] = attempt
    keep = {id(a) for a in chosen.values()}
    return [a for a in graded if id(a) in keep]


def _better(candidate: Mapping[str, Any], current: Mapping[str, Any], which: str) -> bool:
    """Whether `candidate` replaces `current` as the user's representative attempt."""
    earlier = candidate["attempt_number"] < current["attempt_number"]
    if which == "first":
        return earlier
    if which == "last":
        return candidate["attempt_number"] > current["attempt_number"]
    cand_total, cur_total = Decimal(candidate["total"]), Decimal(current["total"])
    return cand_total > cur_total or (cand_total == cur_total and earlier)
