"""Mastery of a module or category, stated once. Pure: no Flask, no database.

Mastery = the weighted mean of the fractions earned (0-1) over every graded quiz answer and every
practice answer in the group, each weighted 0.5 ** (age in days / half-life): with the default
half-life of 14 days an answer from two weeks ago counts half as much as one from today. Shown as a
percentage; no answers, no mastery (None). Levels: weak below 60 %, fair below 80 %, else strong.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.clock import as_utc

WEAK_BELOW = Decimal(60)
STRONG_FROM = Decimal(80)


@dataclass(frozen=True)
class Mastery:
    percent: Decimal  # 0-100, one decimal
    answers: int

    @property
    def level(self) -> str:
        if self.percent < WEAK_BELOW:
            return "weak"
        return "fair" if self.percent < STRONG_FROM else "strong"


def weight(answered_at: datetime, now: datetime, half_life_days: float) -> float:
    age_days = max(0.0, (as_utc(now) - as_utc(answered_at)).total_seconds() / 86400)
    return 0.5 ** (age_days / half_life_days)


def mastery(
    answers: Iterable[tuple[Decimal, datetime]], now: datetime, half_life_days: float = 14
) -> Mastery | None:
    """Recency-weighted mastery of (fraction, answered_at) pairs; None without answers."""
    total = weighted = 0.0
    count = 0
    for fraction, answered_at in answers:
        w = weight(answered_at, now, half_life_days)
        total += w
        weighted += w * float(fraction)
        count += 1
    if not count:
        return None
    percent = Decimal(str(100 * weighted / total)).quantize(Decimal("0.1"))
    return Mastery(percent=max(Decimal(0), min(Decimal(100), percent)), answers=count)


def mean_mastery(values: Iterable[Mastery | None]) -> Mastery | None:
    """A group's mastery: the plain mean over the members who have one (answers summed)."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    percent = sum((v.percent for v in known), Decimal(0)) / len(known)
    return Mastery(percent=percent.quantize(Decimal("0.1")), answers=sum(v.answers for v in known))
