"""Scoring rules for case tasks. Pure functions over parsed tasks (see content_format.py).

Rounding is stated once: every task score and the final percentage are rounded half-up to two
decimal places (`quantize`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
AUTO_KINDS = ("red_flags", "ordering", "numeric")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def score_red_flags(task: Mapping, selected: Iterable[str]) -> Decimal:
    """Points × (true flags picked / true flags) − penalty per decoy picked, never below 0.

    Unknown option ids are ignored, so a tampered form cannot earn or lose points.
    """
    points = Decimal(task["points"])
    flags = {o["id"] for o in task["options"] if o["is_flag"]}
    decoys = {o["id"] for o in task["options"] if not o["is_flag"]}
    chosen = set(selected)
    earned = points * len(chosen & flags) / len(flags) if flags else Decimal(0)
    earned -= Decimal(task.get("penalty_per_decoy", "0")) * len(chosen & decoys)
    return quantize(max(earned, Decimal(0)))


def score_ordering(task: Mapping, order: Iterable[int]) -> Decimal:
    """Points × share of step pairs in the right relative order (Kendall-style partial credit).

    `order` lists step indices (into the correct order) as the trainee arranged them; an answer
    that is not a permutation of all steps scores 0.
    """
    points = Decimal(task["points"])
    order = list(order)
    n = len(task["steps"])
    if n < 2 or sorted(order) != list(range(n)):
        return quantize(Decimal(0))
    pairs = n * (n - 1) // 2
    right = sum(1 for i in range(n) for j in range(i + 1, n) if order[i] < order[j])
    return quantize(points * right / pairs)


def parse_number(raw) -> Decimal | None:
    """A number typed by a trainee: commas, spaces and full-width digits allowed; None if not one."""
    if raw is None:
        return None
    text = str(raw).translate({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)})
    text = text.replace(",", "").replace(" ", "").replace("元", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def score_numeric(task: Mapping, raw) -> Decimal:
    """Full points when |answer − given| ≤ tolerance, otherwise 0."""
    given = parse_number(raw)
    if given is None:
        return quantize(Decimal(0))
    ok = abs(Decimal(task["answer"]) - given) <= Decimal(task.get("tolerance", "0"))
    return quantize(Decimal(task["points"]) if ok else Decimal(0))


def rubric_max(task: Mapping) -> Decimal:
    return sum(
        (max(Decimal(lv["points"]) for lv in c["levels"]) for c in task["rubric"]), Decimal(0)
    )


def score_rubric(task: Mapping, choices: list[int]) -> Decimal:
    """Sum of the chosen level per criterion; `choices` holds one level index per criterion."""
    rubric = task["rubric"]
    if len(choices) != len(rubric):
        raise ValueError("one level per criterion is required")
    total = Decimal(0)
    for criterion, index in zip(rubric, choices, strict=True):
        if not 0 <= index < len(criterion["levels"]):
            raise ValueError("level out of range")
        total += Decimal(criterion["levels"][index]["points"])
    return quantize(total)


def score_auto(tasks: list[Mapping], answers: Mapping) -> dict[str, Decimal]:
    """Scores of every automatically graded task, by task id."""
    scores = {}
    for task in tasks:
        answer = answers.get(task["id"])
        if task["kind"] == "red_flags":
            scores[task["id"]] = score_red_flags(task, answer or [])
        elif task["kind"] == "ordering":
            scores[task["id"]] = score_ordering(task, answer or [])
        elif task["kind"] == "numeric":
            scores[task["id"]] = score_numeric(task, answer)
    return scores


def needs_grading(tasks: list[Mapping]) -> bool:
    return any(t["kind"] == "free_text" for t in tasks)


def final_percent(total: Decimal, maximum: Decimal) -> Decimal:
    """Score as a percentage 0–100 of the case's total points."""
    if maximum <= 0:
        return quantize(Decimal(0))
    return quantize(min(max(total, Decimal(0)) * 100 / maximum, Decimal(100)))
