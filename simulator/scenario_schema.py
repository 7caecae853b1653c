"""Read a scenario YAML file into a checked spec, or report every problem with file, line, field.

The schema is documented in simulator/scenarios/README.md. The spec is plain data (dates,
datetimes, Decimals) in the author's calendar; ``simulator.variation.resolve`` turns it into a
``Scenario`` for one seed. Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import yaml

from core.domain import N_
from simulator.checker import Checker, Problem, ScenarioInvalid
from simulator.scenario import BREACHES, COMPONENTS
from simulator.scenario_entries import event_entry, expect_section, loan_entry, unique
from simulator.yaml_lines import load_with_lines

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_PENALTIES = {
    "early_call": Decimal(10),
    "quiet_day_call": Decimal(10),
    "visit_out_of_hours": Decimal(10),
    "gift_accepted": Decimal(100),
    "gift_not_reported": Decimal(30),
}
TOP = (
    "slug",
    "title",
    "difficulty",
    "summary",
    "briefing",
    "start",
    "days",
    "rules",
    "weights",
    "penalties",
    "variation",
    "loans",
    "events",
    "expect",
)
RULES = (
    "first_check_days",
    "check_every_days",
    "reminder_days_before",
    "reminder_earliest_days",
    "call_not_before",
    "visit_between",
    "quiet_days",
    "quiet_dates",
    "debit_time",
    "day_starts",
    "late_credit",
    "react_within_hours",
)


def parse_scenario(text: str, filename: str = "scenario.yaml") -> dict:
    """The checked spec of a scenario file; raises ScenarioInvalid listing every problem."""
    try:
        data, lines, duplicates = load_with_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        raise ScenarioInvalid(
            [
                Problem(
                    filename, line, "(file)", N_("Not valid YAML: %(reason)s"), {"reason": reason}
                )
            ]
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
    variation = check.mapping(
        data.get("variation"), ("variation",), ("shift_days", "amount_percent", "names")
    )
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
    spec["loans"] = [
        loan_entry(check, item, ("loans", i), spec, window) for i, item in enumerate(loans)
    ]
    unique(check, [loan.get("id") for loan in spec["loans"]], "loans")
    known = {loan["id"] for loan in spec["loans"] if loan.get("id")}
    events = check.items(data.get("events"), ("events",), maximum=200)
    spec["events"] = [
        event_entry(check, item, ("events", i), spec, window, known)
        for i, item in enumerate(events)
    ]
    unique(check, [event.get("id") for event in spec["events"]], "events")
    spec["expect"] = expect_section(check, data.get("expect"), window, known)
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
        "quiet_mode": check.choice(
            data, path, "quiet_days", ("marked", "lunar", "solar"), "marked"
        ),
        "debit_time": check.clock(data, path, "debit_time", 1200),
        "day_starts": check.clock(data, path, "day_starts", 510),
        "late_credit": check.number(data, path, "late_credit", 0, 1, default=Decimal("0.5")),
        "react_within_hours": check.integer(data, path, "react_within_hours", 1, 240, default=24),
    }
    if rules["reminder_earliest_days"] < rules["reminder_days_before"]:
        check.fail(
            (*path, "reminder_earliest_days"), N_("Must not be smaller than reminder_days_before.")
        )
    between = data.get("visit_between", ["08:00", "21:00"])
    if not isinstance(between, list) or len(between) != 2:
        check.fail((*path, "visit_between"), N_('Expected two times, like ["08:00", "21:00"].'))
        between = ["08:00", "21:00"]
    bounds = {0: between[0], 1: between[1]}
    rules["visit_between"] = (
        check.clock(bounds, (*path, "visit_between"), 0, 480),
        check.clock(bounds, (*path, "visit_between"), 1, 1260),
    )
    quiet = check.items(data.get("quiet_dates"), (*path, "quiet_dates"), maximum=120)
    rules["quiet_dates"] = [
        d
        for i, _ in enumerate(quiet)
        if (d := check.date(dict(enumerate(quiet)), (*path, "quiet_dates"), i))
    ]
    if quiet and rules["quiet_mode"] != "marked":
        check.fail((*path, "quiet_dates"), N_("quiet_dates only apply when quiet_days is marked."))
    return rules
