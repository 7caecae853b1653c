"""The entries of a scenario file: loans, events, borrowers' responses and expectations.

Checked field by field by ``simulator.scenario_schema`` (which reads the whole file); every
problem is collected with its file, line and field. Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from core.domain import N_
from simulator.checker import Checker
from simulator.scenario import ACTION_KINDS, ESCALATIONS, EVENT_TYPES, NOTICES, TIERS

LOAN_ID = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
LOAN_KINDS = ("micro", "small_business", "consumer")
PLACEHOLDERS = (
    "borrower",
    "business",
    "amount",
    "installment",
    "counterparty",
    "guarantor",
    "card",
    "other_card",
    "balance",
)
LOAN = (
    "id",
    "borrower",
    "business",
    "profile",
    "kind",
    "amount",
    "purpose",
    "disbursed",
    "term_months",
    "due_day",
    "installment",
    "card",
    "other_card",
    "balance",
    "guarantors",
    "last_check",
    "unpaid_since",
    "transactions",
    "responses",
)
EVENT = (
    "id",
    "type",
    "loan",
    "at",
    "title",
    "text",
    "notice",
    "reactions",
    "within_hours",
    "amount",
    "counterparty",
    "balance",
    "responses",
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


def unique(check: Checker, ids: list, section: str) -> None:
    seen = set()
    for index, value in enumerate(ids):
        if value and value in seen:
            check.fail((section, index, "id"), N_("The id %(id)s is used twice."), id=value)
        seen.add(value)


def in_window(check, path, value, window) -> None:
    if value is None or window is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not window[0] <= day <= window[1]:
        check.fail(
            path,
            N_("Must fall between %(first)s and %(last)s (the scenario's days)."),
            first=window[0].isoformat(),
            last=window[1].isoformat(),
        )


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
            "from": check.moment(item, where, "from", rules["day_starts"])
            if "from" in item
            else default_from,
        }
        check.placeholders(response["reply"], where, "reply", PLACEHOLDERS)
        if "from" in item:
            in_window(check, (*where, "from"), response["from"], window)
        found.append(response)
    return found


def loan_entry(check: Checker, item, path, spec, window) -> dict:
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
            check.fail(
                (*path, "unpaid_since"), N_("Must be one of the loan's due dates before the start.")
            )
    guarantors = []
    for index, g in enumerate(
        check.items(item.get("guarantors"), (*path, "guarantors"), maximum=5)
    ):
        where = (*path, "guarantors", index)
        g = check.mapping(g, where, ("name", "relation", "note"), required=True)
        guarantors.append(
            {
                "name": check.text(g, where, "name", max_len=40),
                "relation": check.text(g, where, "relation", max_len=40),
                "note": check.text(g, where, "note", required=False, max_len=200),
            }
        )
    loan["guarantors"] = guarantors
    transactions = []
    for index, t in enumerate(
        check.items(item.get("transactions"), (*path, "transactions"), maximum=200)
    ):
        where = (*path, "transactions", index)
        t = check.mapping(t, where, ("at", "amount", "memo", "counterparty"), required=True)
        moment = check.moment(t, where, "at", rules["day_starts"])
        in_window(check, (*where, "at"), moment, window)
        amount = check.number(t, where, "amount", -(10**8), 10**8)
        if amount is not None and (amount == 0 or amount != amount.to_integral_value()):
            check.fail((*where, "amount"), N_("Use whole yuan, positive in, negative out."))
        transactions.append(
            {
                "at": moment,
                "amount": amount,
                "memo": check.text(t, where, "memo", max_len=200),
                "counterparty": check.text(t, where, "counterparty", required=False, max_len=80),
            }
        )
    loan["transactions"] = transactions
    loan["responses"] = _responses(
        check, item.get("responses"), (*path, "responses"), None, window, rules
    )
    for response in loan["responses"]:
        if response["from"] is None and start:
            response["from"] = datetime(start.year, start.month, start.day)
    return loan


def event_entry(check: Checker, item, path, spec, window, known) -> dict:
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
        "within_hours": check.integer(
            item, path, "within_hours", 1, 240, default=rules["react_within_hours"]
        ),
        "amount": None,
        "counterparty": check.text(item, path, "counterparty", required=False, max_len=80),
        "balance": None,
    }
    if event["loan"] and event["loan"] not in known:
        check.fail((*path, "loan"), N_("No loan has the id %(id)s."), id=event["loan"])
    in_window(check, (*path, "at"), event["at"], window)
    for key in ("title", "text"):
        check.placeholders(event[key], path, key, PLACEHOLDERS)
    given = item.get("reactions")
    if given is None:
        event["reactions"] = list(reactions)
    elif not isinstance(given, list) or any(r not in ACTION_KINDS for r in given):
        check.fail(
            (*path, "reactions"),
            N_("Expected a list of actions from: %(options)s."),
            options=", ".join(ACTION_KINDS),
        )
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
    event["responses"] = _responses(
        check, item.get("responses"), (*path, "responses"), event["at"], window, rules
    )
    return event


def expect_section(check: Checker, data, window, known) -> dict:
    data = check.mapping(data, ("expect",), ("classifications", "escalations"))
    found = {"classifications": [], "escalations": []}
    for section, options in (("classifications", TIERS), ("escalations", ESCALATIONS)):
        for index, item in enumerate(
            check.items(data.get(section), ("expect", section), maximum=50)
        ):
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
            in_window(check, (*where, "by"), entry["by"], window)
            found[section].append(entry)
    return found
