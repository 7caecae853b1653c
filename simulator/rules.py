"""The clock's rules: which attempts the etiquette forbids at a given simulated time.

Collection etiquette from the domain brief (M6): no phone calls to a borrower before 10:00 or on
the 1st, 15th and 30th of the month (初一、十五、三十; which calendar is the scenario's choice),
and visits only within the scenario's visiting hours. A refused attempt is still recorded:
the attempt is what the conduct score counts. Pure: no Flask, no database.
"""

from __future__ import annotations

from simulator.scenario import DAY, Rules


def is_phone_call(kind: str, data: dict) -> bool:
    return (kind == "collect" and data.get("method") == "call") or (
        kind == "remind" and data.get("channel") == "phone"
    )


def is_visit(kind: str, data: dict) -> bool:
    return kind == "onsite_check" or (kind == "collect" and data.get("method") == "visit")


def breach_of(rules: Rules, kind: str, data: dict, minute: int) -> str | None:
    """The etiquette rule this attempt would break (and so is refused), or None."""
    day, time = divmod(minute, DAY)
    if is_phone_call(kind, data):
        if day in rules.quiet_days:
            return "quiet_day_call"
        if time < rules.call_not_before:
            return "early_call"
    if is_visit(kind, data):
        low, high = rules.visit_between
        if not low <= time <= high:
            return "visit_out_of_hours"
    return None


def clock_text(minute: int) -> str:
    """Minutes since the first midnight -> "HH:MM" of that day."""
    time = minute % DAY
    return f"{time // 60:02d}:{time % 60:02d}"


def hours_text(minutes: int) -> tuple[int, int]:
    """A duration as (hours, minutes)."""
    return divmod(minutes, 60)
