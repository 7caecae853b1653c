"""Read a scenario YAML file into a checked spec, or report every problem with file, line, field.

The schema is documented in simulator/scenarios/README.md. The spec is plain data (dates,
datetimes, Decimals) in the author's calendar; ``simulator.variation.resolve`` turns it into a
``Scenario`` for one seed. Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import yaml

from core.domain import N_
from simulator.checker import Checker, Problem, ScenarioInvalid
from simulator.scenario import (
    ACTION_KINDS,
    BREACHES,
    COMPONENTS,
    ESCALATIONS,
    EVENT_TYPES,
    NOTICES,
    TIERS,
)
from simulator.yaml_lines import line_map

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOAN_ID = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
LOAN_KINDS = ("micro", "small_business", "consumer")
PLACEHOLDERS = (
    "borrower", "business", "amount", "installment", "counterparty", "guarantor", "card",
    "other_card", "balance",
)
DEFAULT_PENALTIES = {
    "early_call": Decimal(10),
    "quiet_day_call": Decimal(10),
    "visit_out_of_hours": Decimal(10),
    "gift_accepted": Decimal(100),
    "gift_not_reported": Decimal(30),
}
TOP = (
    "slug", "title", "difficulty", "summary", "briefing", "start", "days", "rules", "weights",
    "penalties", "variation", "loans", "events", "expect",
)
RULES = (
    "first_check_days", "check_every_days", "reminder_days_before", "reminder_earliest_days",
    "call_not_before", "visit_between", "quiet_days", "quiet_dates", "debit_time", "day_starts",
    "late_credit", "react_within_hours",
)
LOAN = (
    "id", "borrower", "business", "profile", "kind", "amount", "purpose", "disbursed",
    "term_months", "due_day", "installment", "card", "other_card", "balance", "guarantors",
    "last_check", "unpaid_since", "transactions", "responses",
)
EVENT = (
    "id", "type", "loan", "at", "title", "text", "notice", "reactions", "within_hours", "amount",
    "counterparty", "balance", "responses",
)
RESPONSE = ("to", "from", "reply", "deposit", "after_hours")


def due_dates(disbursed: date, due_day: int, months: int) -> list[date]:
    """Repayment dates: the due day of each month after disbursement, ``months`` times."""
    dates, year, month = [], disbursed.year, disbursed.month
    for _ in range(months):
        month += 1
        if month > 12:
            year, month = year + 1, 1
        dates.append(date(year, month, due_day))
    return dates


def parse_scenario(text: str, filename: str = "scenario.yaml") -> dict:
    """The checked spec of a scenario file; raises ScenarioInvalid listing every problem."""
    try:
        lines, duplicates = line_map(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        raise ScenarioInvalid(
            [Problem(filename, line, "(file)", N_("Not valid YAML: %(reason)s"), {"reason": reason})]
        ) from error
    check = Checker(filename, lines)
    for path, _line in duplicates:
        check.fail(path, N_("This field is given twice."))
    data = check.mapping(data, (), TOP, required=True)
    if not data and not check.problems:
        check.fail((), N_("The file is empty."))
    spec = _top(check, data) if data else {}
    if check.problems:
        raise ScenarioInvalid(check.problems)
    return spec


def _top(check: Checker, data: dict) -> dict:
    spec = {
        "slug": check.text(data, (), "slug", max_len=80),
        "title": check.text(data, (), "title", max_len=200),
        "difficulty": check.integer(data, (), "difficulty", 1, 5, default=1),
        "summary": check.text(data, (), "summary", required=False, max_len=500),
        "briefing": check.text(data, (), "briefing", required=False, max_len=20000),
        "start": check.date(data, (), "start"),
        "days": check.integer(data, (), "days", 1, 120),
    }
    if spec["slug"] and not SLUG.match(spec["slug"]):
        check.fail(("slug",), N_("Use lowercase letters, digits and single hyphens."))
    spec["rules"] = _rules(check, check.mapping(data.get("rules"), ("rules",), RULES))
    spec["weights"] = _numbers(check, data.get("weights"), "weights", COMPONENTS, {}, True)
    if spec["weights"] and sum(spec["weights"].values()) <= 0:
        check.fail(("weights",), N_("At least one weight must be above zero."))
    spec["penalties"] = _numbers(
        check, data.get("penalties"), "penalties", BREACHES, DEFAULT_PENALTIES, False
    )
    variation = check.mapping(data.get("variation"), ("variation",), ("shift_days",
                              "amount_percent", "names"))
    spec["variation"] = {
        "shift_days": check.integer(variation, ("variation",), "shift_days", 0, 60, default=0),
        "amount_percent": check.integer(
            variation, ("variation",), "amount_percent", 0, 30, default=0
        ),
        "names": variation.get("names", True) is not False,
    }
    window = None
    if spec["start"] and spec["days"]:
        window = (spec["start"], spec["start"] + timedelta(days=spec["days"] - 1))
    loans = check.items(data.get("loans"), ("loans",), required=True, minimum=1, maximum=30)
    spec["loans"] = [_loan(check, item, ("loans", i), spec, window) for i, item in
                     enumerate(loans)]
    _unique(check, [loan.get("id") for loan in spec["loans"]], "loans")
    known = {loan["id"] for loan in spec["loans"] if loan.get("id")}
    events = check.items(data.get("events"), ("events",), maximum=200)
    spec["events"] = [_event(check, item, ("events", i), spec, window, known) for i, item in
                      enumerate(events)]
    _unique(check, [event.get("id") for event in spec["events"]], "events")
    spec["expect"] = _expect(check, data.get("expect"), window, known)
    return spec


def _numbers(check, data, key, names, defaults, required) -> dict[str, Decimal]:
    data = check.mapping(data, (key,), names, required=required)
    return {
        name: check.number(data, (key,), name, 0, 100, default=defaults.get(name, Decimal(0)))
        for name in names
    }


def _rules(check: Checker, data: dict) -> dict:
    path = ("rules",)
    rules = {
        "first_check_days": check.integer(data, path, "first_check_days", 1, 60, default=7),
        "check_every_days": check.integer(data, path, "check_every_days", 7, 120, default=30),
        "reminder_days_before": check.integer(data, path, "reminder_days_before", 1, 15, default=3),
        "reminder_earliest_days": check.integer(
            data, path, "reminder_earliest_days", 1, 31, default=7
        ),
        "call_not_before": check.clock(data, path, "call_not_before", 600),
        "quiet_mode": check.choice(data, path, "quiet_days", ("marked", "lunar", "solar"),
                                   "marked"),
        "debit_time": check.clock(data, path, "debit_time", 1200),
        "day_starts": check.clock(data, path, "day_starts", 510),
        "late_credit": check.number(data, path, "late_credit", 0, 1, default=Decimal("0.5")),
        "react_within_hours": check.integer(data, path, "react_within_hours", 1, 240, default=24),
    }
    if rules["reminder_earliest_days"] < rules["reminder_days_before"]:
        check.fail((*path, "reminder_earliest_days"),
                   N_("Must not be smaller than reminder_days_before."))
    between = data.get("visit_between", ["08:00", "21:00"])
    if not isinstance(between, list) or len(between) != 2:
        check.fail((*path, "visit_between"), N_("Expected two times, like [\"08:00\", \"21:00\"]."))
        between = ["08:00", "21:00"]
    bounds = {0: between[0], 1: between[1]}
    rules["visit_between"] = (
        check.clock(bounds, (*path, "visit_between"), 0, 480),
        check.clock(bounds, (*path, "visit_between"), 1, 1260),
    )
    quiet = check.items(data.get("quiet_dates"), (*path, "quiet_dates"), maximum=120)
    rules["quiet_dates"] = [
        d for i, _ in enumerate(quiet) if (d := check.date(dict(enumerate(quiet)),
                                                            (*path, "quiet_dates"), i))
    ]
    if quiet and rules["quiet_mode"] != "marked":
        check.fail((*path, "quiet_dates"), N_("quiet_dates only apply when quiet_days is marked."))
    return rules


def _unique(check: Checker, ids: list, section: str) -> None:
    seen = set()
    for index, value in enumerate(ids):
        if value and value in seen:
            check.fail((section, index, "id"), N_("The id %(id)s is used twice."), id=value)
        seen.add(value)


def _in_window(check, path, value, window) -> None:
    if value is None or window is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not window[0] <= day <= window[1]:
        check.fail(path, N_("Must fall between %(first)s and %(last)s (the scenario's days)."),
                   first=window[0].isoformat(), last=window[1].isoformat())


def _responses(check, items, path, default_from, window, rules) -> list[dict]:
    found = []
    for index, item in enumerate(check.items(items, path, maximum=20)):
        where = (*path, index)
        item = check.mapping(item, where, RESPONSE, required=True)
        response = {
            "to": check.choice(item, where, "to", ACTION_KINDS),
            "reply": check.text(item, where, "reply", max_len=1000),
            "deposit": check.number(item, where, "deposit", 0, 10**8, default=Decimal(0)),
            "after_hours": check.integer(item, where, "after_hours", 0, 240, default=1),
            "from": check.moment(item, where, "from", rules["day_starts"]) if "from" in item
            else default_from,
        }
        check.placeholders(response["reply"], where, "reply", PLACEHOLDERS)
        if "from" in item:
            _in_window(check, (*where, "from"), response["from"], window)
        found.append(response)
    return found


def _loan(check: Checker, item, path, spec, window) -> dict:
    item = check.mapping(item, path, LOAN, required=True)
    rules = spec["rules"]
    loan = {
        "id": check.text(item, path, "id", max_len=20),
        "borrower": check.text(item, path, "borrower", max_len=40),
        "business": check.text(item, path, "business", max_len=80),
        "profile": check.text(item, path, "profile", required=False, max_len=2000),
        "purpose": check.text(item, path, "purpose", required=False, max_len=200),
        "kind": check.choice(item, path, "kind", LOAN_KINDS, "micro"),
        "amount": check.number(item, path, "amount", 1000, 10**8),
        "disbursed": check.date(item, path, "disbursed"),
        "term_months": check.integer(item, path, "term_months", 1, 120),
        "due_day": check.integer(item, path, "due_day", 1, 28),
        "installment": check.number(item, path, "installment", 1, 10**7),
        "card": check.text(item, path, "card", required=False, max_len=40),
        "other_card": check.text(item, path, "other_card", required=False, max_len=40),
        "balance": check.number(item, path, "balance", 0, 10**8, default=Decimal(0)),
        "last_check": check.date(item, path, "last_check", required=False),
        "unpaid_since": check.date(item, path, "unpaid_since", required=False),
    }
    if loan["id"] and not LOAN_ID.match(loan["id"]):
        check.fail((*path, "id"), N_("Use letters, digits, - or _ (at most 20)."))
    for key in ("amount", "installment", "balance"):
        if loan[key] is not None and loan[key] != loan[key].to_integral_value():
            check.fail((*path, key), N_("Use whole yuan (no fen) so that amounts vary exactly."))
    start = spec.get("start")
    if start and loan["disbursed"] and window and loan["disbursed"] > window[1]:
        check.fail((*path, "disbursed"), N_("Must be on or before the scenario's last day."))
    if start and loan["last_check"] and loan["last_check"] >= start:
        check.fail((*path, "last_check"), N_("Must be before the scenario's start."))
    if loan["disbursed"] and loan["last_check"] and loan["last_check"] < loan["disbursed"]:
        check.fail((*path, "last_check"), N_("Must not be before the disbursement."))
    if start and loan["unpaid_since"] and loan["disbursed"] and loan["due_day"]:
        dues = due_dates(loan["disbursed"], loan["due_day"], loan["term_months"] or 1)
        if loan["unpaid_since"] not in dues or loan["unpaid_since"] >= start:
            check.fail((*path, "unpaid_since"),
                       N_("Must be one of the loan's due dates before the start."))
    guarantors = []
    for index, g in enumerate(check.items(item.get("guarantors"), (*path, "guarantors"),
                                          maximum=5)):
        where = (*path, "guarantors", index)
        g = check.mapping(g, where, ("name", "relation", "note"), required=True)
        guarantors.append({
            "name": check.text(g, where, "name", max_len=40),
            "relation": check.text(g, where, "relation", max_len=40),
            "note": check.text(g, where, "note", required=False, max_len=200),
        })
    loan["guarantors"] = guarantors
    transactions = []
    for index, t in enumerate(check.items(item.get("transactions"), (*path, "transactions"),
                                          maximum=200)):
        where = (*path, "transactions", index)
        t = check.mapping(t, where, ("at", "amount", "memo", "counterparty"), required=True)
        moment = check.moment(t, where, "at", rules["day_starts"])
        _in_window(check, (*where, "at"), moment, window)
        amount = check.number(t, where, "amount", -(10**8), 10**8)
        if amount is not None and (amount == 0 or amount != amount.to_integral_value()):
            check.fail((*where, "amount"), N_("Use whole yuan, positive in, negative out."))
        transactions.append({
            "at": moment, "amount": amount,
            "memo": check.text(t, where, "memo", max_len=200),
            "counterparty": check.text(t, where, "counterparty", required=False, max_len=80),
        })
    loan["transactions"] = transactions
    loan["responses"] = _responses(check, item.get("responses"), (*path, "responses"),
                                   None, window, rules)
    for response in loan["responses"]:
        if response["from"] is None and start:
            response["from"] = datetime(start.year, start.month, start.day)
    return loan


def _event(check: Checker, item, path, spec, window, known) -> dict:
    item = check.mapping(item, path, EVENT, required=True)
    rules = spec["rules"]
    kind = check.choice(item, path, "type", tuple(EVENT_TYPES), "message")
    notice, reactions = EVENT_TYPES[kind]
    event = {
        "id": check.text(item, path, "id", max_len=20),
        "type": kind,
        "loan": check.text(item, path, "loan", max_len=20),
        "at": check.moment(item, path, "at", rules["day_starts"]),
        "title": check.text(item, path, "title", max_len=120),
        "text": check.text(item, path, "text", max_len=2000),
        "notice": check.choice(item, path, "notice", NOTICES, notice),
        "within_hours": check.integer(item, path, "within_hours", 1, 240,
                                      default=rules["react_within_hours"]),
        "amount": None,
        "counterparty": check.text(item, path, "counterparty", required=False, max_len=80),
        "balance": None,
    }
    if event["loan"] and event["loan"] not in known:
        check.fail((*path, "loan"), N_("No loan has the id %(id)s."), id=event["loan"])
    _in_window(check, (*path, "at"), event["at"], window)
    for key in ("title", "text"):
        check.placeholders(event[key], path, key, PLACEHOLDERS)
    given = item.get("reactions")
    if given is None:
        event["reactions"] = list(reactions)
    elif not isinstance(given, list) or any(r not in ACTION_KINDS for r in given):
        check.fail((*path, "reactions"), N_("Expected a list of actions from: %(options)s."),
                   options=", ".join(ACTION_KINDS))
        event["reactions"] = list(reactions)
    else:
        event["reactions"] = list(given)
    if kind == "diversion":
        event["amount"] = check.number(item, path, "amount", 1, 10**8)
        if not event["counterparty"]:
            check.fail((*path, "counterparty"), N_("A diversion needs the counterparty."))
    elif kind == "low_balance":
        event["balance"] = check.number(item, path, "balance", 0, 10**6, default=Decimal(9))
    if kind == "gift_offer" and event["notice"] != "visit":
        check.fail((*path, "notice"), N_("A gift is offered during a visit: use notice: visit."))
    event["responses"] = _responses(check, item.get("responses"), (*path, "responses"),
                                    event["at"], window, rules)
    return event


def _expect(check: Checker, data, window, known) -> dict:
    data = check.mapping(data, ("expect",), ("classifications", "escalations"))
    found = {"classifications": [], "escalations": []}
    for section, options in (("classifications", TIERS), ("escalations", ESCALATIONS)):
        for index, item in enumerate(check.items(data.get(section), ("expect", section),
                                                 maximum=50)):
            where = ("expect", section, index)
            key = "tier" if section == "classifications" else "action"
            item = check.mapping(item, where, ("loan", key, "by"), required=True)
            entry = {
                "loan": check.text(item, where, "loan", max_len=20),
                "what": check.choice(item, where, key, options),
                "by": check.date(item, where, "by"),
            }
            if entry["loan"] and entry["loan"] not in known:
                check.fail((*where, "loan"), N_("No loan has the id %(id)s."), id=entry["loan"])
            _in_window(check, (*where, "by"), entry["by"], window)
            found[section].append(entry)
    return found
