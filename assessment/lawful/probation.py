"""Probation dates within the legal cap (劳动合同法第19条). Pure rules.

The cap depends on the length of the labour contract:
- under 3 months (or a contract for one piece of work): no probation may be agreed at all;
- 3 months up to under 1 year: at most 1 month;
- 1 year up to under 3 years: at most 2 months;
- 3 years or more, and open-ended contracts (无固定期限): at most 6 months.
The brief names the last three bands; the first is the same article's third paragraph.

Probation starts on the hire date and ends the day before the same date ``n`` months later
(hired 2026-03-02 with 6 months: last probation day 2026-09-01). When that date does not exist
(hired 31 January), the month's last day is used, which can only shorten probation, never
stretch it past the cap. An agreed probation longer than the cap is cut to the cap, with a note:
the excess is unlawful (第83条) and must not be used for a probation decision.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from core.domain import N_
from core.messages import Message, message

OPEN_ENDED = None  # contract_months of an open-ended contract


def legal_cap_months(contract_months: int | None) -> int:
    """The longest probation 第19条 allows for a contract of this many months (None: open-ended)."""
    if contract_months is OPEN_ENDED:
        return 6
    if contract_months < 3:
        return 0
    if contract_months < 12:
        return 1
    if contract_months < 36:
        return 2
    return 6


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Probation:
    hire_date: date
    contract_months: int | None
    cap_months: int
    months: int  # the probation that applies: the agreed one, cut to the cap
    end_date: date | None  # last day of probation; None when no probation applies
    notes: tuple[Message, ...] = ()

    def covers(self, day: date) -> bool:
        """True when ``day`` falls inside probation (hire date to end date, both included)."""
        return self.end_date is not None and self.hire_date <= day <= self.end_date


def probation_for(
    hire_date: date, contract_months: int | None, agreed_months: int | None = None
) -> Probation:
    """Probation of a trainee hired on ``hire_date`` under a contract of ``contract_months``
    (None: open-ended). Without an agreed length the legal maximum is assumed."""
    if contract_months is not OPEN_ENDED and contract_months <= 0:
        raise ValueError("a contract lasts at least one month")
    cap = legal_cap_months(contract_months)
    months = cap if agreed_months is None else min(agreed_months, cap)
    notes = []
    if agreed_months is not None and agreed_months > cap:
        notes.append(
            message(
                N_(
                    "The agreed probation of %(agreed)s months is longer than the %(cap)s months "
                    "the law allows for this contract (第19条); only %(cap)s months count"
                ),
                agreed=agreed_months,
                cap=cap,
            )
        )
    if cap == 0:
        notes.append(
            message(N_("A contract shorter than 3 months allows no probation (第19条第三款)"))
        )
    end = add_months(hire_date, months) - timedelta(days=1) if months else None
    return Probation(hire_date, contract_months, cap, months, end, tuple(notes))


def schedule_warning(probation: Probation, schedule_end: date | None) -> Message | None:
    """A warning when the cohort's schedule runs past the end of probation: decisions after that
    day can no longer rest on the hiring conditions (第39条第一项)."""
    if schedule_end is None:
        return None
    if probation.end_date is None:
        return message(N_("No probation applies, so no decision can rest on the hiring conditions"))
    if schedule_end <= probation.end_date:
        return None
    return message(
        N_(
            "Probation ends on %(end)s but the cohort's schedule runs until %(schedule_end)s: "
            "decisions after the end of probation cannot rest on the hiring conditions"
        ),
        end=probation.end_date.isoformat(),
        schedule_end=schedule_end.isoformat(),
    )
