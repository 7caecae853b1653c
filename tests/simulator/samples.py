"""Small scenarios whose scores can be worked out by hand (see test_scoring.py)."""

from simulator.engine import Action
from simulator.scenario import DAY
from simulator.scenario_schema import parse_scenario
from simulator.variation import resolve

MINI = """\
slug: mini
title: 小测试
start: 2026-03-02
days: 10
rules:
  quiet_days: marked
  quiet_dates: [2026-03-05]
weights: {routine: 50, warnings: 30, classification: 0, escalation: 0, conduct: 20}
loans:
  - id: N1
    borrower: 甲某
    business: 早餐店
    amount: 10000
    disbursed: 2026-03-03
    term_months: 12
    due_day: 3
    installment: 900
    balance: 100
    responses:
      - {to: onsite_check, reply: 店里没有动工。}
  - id: N2
    borrower: 乙某
    business: 五金店
    amount: 12000
    disbursed: 2025-12-08
    last_check: 2026-02-20
    term_months: 12
    due_day: 8
    installment: 1000
    balance: 500
    responses:
      - {to: collect, from: 2026-03-08, reply: 马上存。, deposit: 1000, after_hours: 2}
events:
  - id: E1
    type: diversion
    loan: N1
    at: 2026-03-04 15:00
    amount: 9000
    counterparty: 某投资公司
    title: "{borrower}转出 {amount} 元"
    text: 转给了{counterparty}。
"""

OVERDUE = """\
slug: overdue
title: 逾期分类
start: 2026-03-02
days: 10
weights: {routine: 0, warnings: 0, classification: 50, escalation: 50, conduct: 0}
loans:
  - id: O1
    borrower: 丙某
    business: 超市
    amount: 20000
    disbursed: 2025-10-10
    last_check: 2026-02-25
    unpaid_since: 2025-12-10
    term_months: 12
    due_day: 10
    installment: 1800
    balance: 0
expect:
  classifications:
    - {loan: O1, tier: special_mention, by: 2026-03-05}
    - {loan: O1, tier: special_mention, by: 2026-03-11}
  escalations:
    - {loan: O1, action: handover, by: 2026-03-11}
"""


def scenario(text: str = MINI, seed: int = 1):
    return resolve(parse_scenario(text, "sample.yaml"), seed)


def at(day: int, time: str) -> int:
    hours, minutes = time.split(":")
    return day * DAY + int(hours) * 60 + int(minutes)


def actions(*steps) -> list[Action]:
    """steps: (kind, loan, day, "HH:MM", data[, breach]) -> numbered actions."""
    found = []
    for seq, step in enumerate(steps, start=1):
        kind, loan, day, time, data, *rest = step
        breach = rest[0] if rest else None
        refused = breach in ("early_call", "quiet_day_call", "visit_out_of_hours")
        found.append(Action(seq, kind, at(day, time), loan, data, refused, breach))
    return found
