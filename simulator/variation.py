"""Resolve a checked scenario spec for one seed: names, amounts and the calendar vary.

What a seed changes, within the bounds the scenario sets under ``variation``:
- the calendar moves by 0..shift_days days (every date by the same number, so every relation
  between times stays: a score depends only on relations);
- each loan's money (amount, installment, balance, transactions, replies' deposits) is
  multiplied by one factor from 1 - amount_percent % to 1 + amount_percent %, in whole percent;
  authors write whole yuan, so products are exact and a deposit that covered an instalment
  still covers it;
- borrowers and guarantors get other names (names: false keeps the file's names).
The same spec and seed always give the same scenario. Pure: no Flask, no database.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from lunardate import LunarDate

from simulator.scenario import (
    DAY,
    Event,
    Expectation,
    Guarantor,
    Loan,
    Response,
    Rules,
    Scenario,
    Transaction,
)
from simulator.scenario_entries import due_dates

SURNAMES = "陈林黄张李王吴刘蔡杨许郑谢郭洪邱曾廖赖徐周叶苏庄罗何"
GIVEN = (
    ("晓梅", "建国", "丽华", "志强", "海燕", "国栋", "春生", "秀英", "文斌", "美玲", "德明", "桂芳")
    + ("永平", "雪琴", "振华", "爱民", "少伟", "金凤", "宏伟", "淑贞", "立新", "玉兰", "家豪")
    + ("慧敏", "顺发", "碧霞")
)
QUIET_DAYS_OF_MONTH = (1, 15, 30)


def yuan(amount: Decimal | None) -> str:
    """12800 -> "12,800", 6826.6 -> "6,826.60"."""
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def _names(rng: random.Random, count: int) -> list[str]:
    pool = [s + g for s in SURNAMES for g in GIVEN]
    return rng.sample(pool, count)


def quiet_days(mode: str, start: date, days: int, marked: list[date], authored: date) -> frozenset:
    """Day numbers on which no collection calls are made (初一、十五、三十).

    marked: the dates the scenario marks (they move with the calendar); lunar / solar: days 1,
    15 and 30 of the lunar or the solar month of the shown (shifted) dates."""
    if mode == "marked":
        return frozenset((d - authored).days for d in marked)
    found = set()
    for number in range(days):
        shown = start + timedelta(days=number)
        if mode == "lunar":
            day_of_month = LunarDate.from_solar_date(shown.year, shown.month, shown.day).day
        else:
            day_of_month = shown.day
        if day_of_month in QUIET_DAYS_OF_MONTH:
            found.add(number)
    return frozenset(found)


def resolve(spec: dict, seed: int) -> Scenario:
    """The scenario as one trainee with this seed plays it."""
    rng = random.Random(f"{spec['slug']}#{seed}")
    variation = spec["variation"]
    authored = spec["start"]
    shift = rng.randint(0, variation["shift_days"])
    start = authored + timedelta(days=shift)
    percent = variation["amount_percent"]
    people = sum(1 + len(loan["guarantors"]) for loan in spec["loans"])
    names = _names(rng, people) if variation["names"] else None

    def minute(moment: datetime) -> int:
        return (moment.date() - authored).days * DAY + moment.hour * 60 + moment.minute

    def day(value: date) -> int:
        return (value - authored).days

    r = spec["rules"]
    rules = Rules(
        first_check_days=r["first_check_days"],
        check_every_days=r["check_every_days"],
        reminder_days_before=r["reminder_days_before"],
        reminder_earliest_days=r["reminder_earliest_days"],
        call_not_before=r["call_not_before"],
        visit_between=r["visit_between"],
        quiet_mode=r["quiet_mode"],
        quiet_days=quiet_days(r["quiet_mode"], start, spec["days"], r["quiet_dates"], authored),
        debit_time=r["debit_time"],
        day_starts=r["day_starts"],
        late_credit=r["late_credit"],
        react_within_hours=r["react_within_hours"],
    )
    loans, values, responses, name_index = [], {}, [], 0
    for raw in spec["loans"]:
        factor = Decimal(100 + rng.randint(-percent, percent)) / 100
        borrower = raw["borrower"]
        guarantors = []
        if names:
            borrower, name_index = names[name_index], name_index + 1
        for g in raw["guarantors"]:
            name = g["name"]
            if names:
                name, name_index = names[name_index], name_index + 1
            guarantors.append(Guarantor(name, g["relation"], g["note"]))
        dues = due_dates(raw["disbursed"], raw["due_day"], raw["term_months"])
        installment = raw["installment"] * factor
        unpaid = raw["unpaid_since"]
        card = raw["card"] or f"6222 **** **** {rng.randint(1000, 9999)}"
        other = raw["other_card"] or f"6217 **** **** {rng.randint(1000, 9999)}"
        loan = Loan(
            id=raw["id"],
            borrower=borrower,
            business=raw["business"],
            profile=raw["profile"],
            kind=raw["kind"],
            amount=raw["amount"] * factor,
            purpose=raw["purpose"],
            disbursed_day=day(raw["disbursed"]),
            term_months=raw["term_months"],
            installment=installment,
            due_days=tuple(day(d) for d in dues if 0 <= day(d) < spec["days"]),
            card=card,
            other_card=other,
            opening_balance=raw["balance"] * factor,
            guarantors=tuple(guarantors),
            last_check_day=day(raw["last_check"]) if raw["last_check"] else None,
            arrears=tuple((day(d), installment) for d in dues if unpaid and unpaid <= d < authored),
            transactions=tuple(
                Transaction(minute(t["at"]), t["amount"] * factor, t["memo"], t["counterparty"])
                for t in raw["transactions"]
            ),
        )
        loans.append(loan)
        values[loan.id] = {
            "factor": factor,
            "borrower": borrower,
            "business": loan.business,
            "amount": yuan(loan.amount),
            "installment": yuan(installment),
            "guarantor": guarantors[0].name if guarantors else "",
            "card": card,
            "other_card": other,
            "counterparty": "",
            "balance": "",
        }
        for index, item in enumerate(raw["responses"]):
            responses.append(_response(f"{loan.id}-r{index}", loan.id, item, values, minute))
    events = []
    for raw in spec["events"]:
        context = dict(values[raw["loan"]])
        factor = context["factor"]
        amount = raw["amount"] * factor if raw["amount"] is not None else None
        context.update(counterparty=raw["counterparty"], balance=yuan(raw["balance"]))
        if amount is not None:
            context["amount"] = yuan(amount)
        events.append(
            Event(
                id=raw["id"],
                type=raw["type"],
                loan=raw["loan"],
                minute=minute(raw["at"]),
                title=raw["title"].format(**context),
                text=raw["text"].format(**context),
                notice=raw["notice"],
                reactions=tuple(raw["reactions"]),
                within_hours=raw["within_hours"],
                amount=amount,
                counterparty=raw["counterparty"],
                balance=raw["balance"],
            )
        )
        for index, item in enumerate(raw["responses"]):
            responses.append(
                _response(
                    f"{raw['id']}-r{index}", raw["loan"], item, {raw["loan"]: context}, minute
                )
            )
    expect = spec["expect"]
    return Scenario(
        slug=spec["slug"],
        title=spec["title"],
        difficulty=spec["difficulty"],
        summary=spec["summary"],
        briefing=spec["briefing"],
        start=start,
        days=spec["days"],
        seed=seed,
        rules=rules,
        weights=dict(spec["weights"]),
        penalties=dict(spec["penalties"]),
        loans=tuple(loans),
        events=tuple(sorted(events, key=lambda e: (e.minute, e.id))),
        responses=tuple(responses),
        classifications=tuple(
            Expectation(e["loan"], e["what"], day(e["by"])) for e in expect["classifications"]
        ),
        escalations=tuple(
            Expectation(e["loan"], e["what"], day(e["by"])) for e in expect["escalations"]
        ),
    )


def _response(response_id, loan_id, item, values, minute) -> Response:
    context = values[loan_id]
    deposit = item["deposit"] * context["factor"] if item["deposit"] else None
    return Response(
        id=response_id,
        loan=loan_id,
        to=item["to"],
        from_minute=minute(item["from"]),
        reply=item["reply"].format(**{**context, "amount": yuan(deposit) or context["amount"]}),
        deposit=deposit,
        after_minutes=item["after_hours"] * 60,
    )
