"""What the desk page shows, derived from a replayed desk: portfolio, calendar and inbox."""

from __future__ import annotations

from simulator.engine import Desk
from simulator.presenting import borrower, day_label, when
from simulator.scenario import DAY, Scenario


def portfolio(sc: Scenario, desk: Desk) -> list[dict]:
    today = desk.clock // DAY
    rows = []
    for loan in sc.loans:
        upcoming = [d for d in loan.due_days if d >= today]
        seen = desk.seen.get(loan.id)
        rows.append(
            {
                "loan": loan,
                "next_due": day_label(sc, upcoming[0]) if upcoming else "—",
                "due_today": today in loan.due_days,
                "seen_balance": seen[1] if seen else None,
                "seen_at": when(sc, seen[0]) if seen else None,
                "dpd": desk.dpd(loan.id),
                "tier": desk.tiers.get(loan.id),
                "handed_over": loan.id in desk.handed_over,
                "gift": loan.id in desk.pending_gift,
            }
        )
    return rows


def calendar(sc: Scenario, desk: Desk) -> list[dict]:
    today = desk.clock // DAY
    checks: dict[int, list[str]] = {}
    for minute, loan_id in desk.scheduled:
        checks.setdefault(minute // DAY, []).append(
            f"{sc.loan(loan_id).borrower} {minute % DAY // 60:02d}:{minute % 60:02d}"
        )
    days = []
    for day in range(sc.days):
        days.append(
            {
                "label": day_label(sc, day),
                "today": day == today,
                "past": day < today,
                "quiet": day in sc.rules.quiet_days,
                "dues": [loan.borrower for loan in sc.loans if day in loan.due_days],
                "checks": checks.get(day, []),
            }
        )
    return days


def inbox(sc: Scenario, desk: Desk) -> list[dict]:
    return [
        {
            "when": when(sc, item.minute),
            "today": item.minute // DAY == desk.clock // DAY,
            "loan": borrower(sc, item.loan),
            "kind": item.kind,
            "title": item.title,
            "text": item.text,
        }
        for item in reversed(desk.inbox)
    ]


def account(sc: Scenario, desk: Desk, loan_id: str) -> dict | None:
    """The account as the trainee last looked at it (nothing before the first look)."""
    seen = desk.seen.get(loan_id)
    if seen is None:
        return None
    minute, balance, rows = seen
    return {
        "when": when(sc, minute),
        "balance": balance,
        "rows": [
            {
                "when": when(sc, row.minute),
                "amount": row.amount,
                "memo": row.memo,
                "counterparty": row.counterparty,
                "balance": row.balance,
            }
            for row in reversed(rows)
        ],
    }
