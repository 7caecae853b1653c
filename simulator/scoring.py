"""The score of a run: a pure function of the scenario (rules, weights, expectations) and the
run's log (``engine.full_log``). No Flask, no database; same scenario, seed and actions give the
same log and so the same score.

Components, each 0–100 (None when the scenario gives it nothing to judge):
- routine: every routine action that fell due — first on-site check within first_check_days of
  disbursement, a check every check_every_days after the last one, a reminder between
  reminder_earliest_days and reminder_days_before days before each repayment, a look at the
  account on the due day, a collection call or visit on the day a debit fails. On time earns 1,
  late (the day after, or any later check) earns late_credit, missed 0; score = 100 × mean.
  Obligations after a loan is handed over to asset preservation no longer count.
- warnings: each warning sign; the first reacting action on that loan (the event's reactions)
  within within_hours earns 1, within twice that late_credit, later or never 0; 100 × mean.
- classification: each expected classification; the last proposal by the deadline must equal
  the expected tier raised to the days-past-due floor (overdue → at least special mention,
  over 90 days → substandard, over 270 → doubtful, over 360 → loss). 100 × share right, minus
  10 for every proposal anywhere below its floor.
- escalation: each expected early-warning report, extension or hand-over done by its day earns
  1, later late_credit, never 0; 100 × mean, minus 20 for every extension or hand-over the
  scenario does not call for.
- conduct: 100 minus the scenario's penalty for each etiquette breach (refused calls and visits,
  a gift accepted, declined without a report, or left unanswered that day), at least 0.
Total = Σ weight × component ÷ Σ weight of the components that are not None, rounded to 0.01
(ROUND_HALF_UP) — the only rounding.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from simulator.engine import Entry
from simulator.scenario import COMPONENTS, DAY, TIERS, Scenario

HUNDRED = Decimal(100)
CLASSIFY_DEDUCTION = Decimal(10)
ESCALATION_DEDUCTION = Decimal(20)
CENT = Decimal("0.01")


@dataclass
class Item:
    """One judged line of the debrief."""

    component: str
    what: str  # first_check, monthly_check, reminder, due_look, follow_up, warning, ...
    loan: str | None
    status: str  # on_time, late, missed, correct, too_lenient, too_harsh, breach, wrong ...
    credit: Decimal
    due: int | None = None  # deadline (or the sign's minute for warnings)
    done: int | None = None  # when the trainee did it
    detail: dict = field(default_factory=dict)


@dataclass
class Report:
    total: Decimal
    components: dict[str, Decimal | None]
    weights: dict[str, Decimal]
    items: list[Item]

    def of(self, component: str) -> list[Item]:
        return [item for item in self.items if item.component == component]

    def to_dict(self) -> dict:
        return {
            "total": str(self.total),
            "components": {k: None if v is None else str(v) for k, v in self.components.items()},
            "weights": {k: str(v) for k, v in self.weights.items()},
        }


def tier_floor(dpd: int) -> str:
    """The mildest tier the days past due allow (2023 classification rules)."""
    if dpd > 360:
        return "loss"
    if dpd > 270:
        return "doubtful"
    if dpd > 90:
        return "substandard"
    if dpd > 0:
        return "special_mention"
    return "pass"


def _end_of_day(day: int) -> int:
    return (day + 1) * DAY - 1


def _status(done, deadline, late_credit, grace_end=None):
    if done is None or (grace_end is not None and done > grace_end):
        return "missed", Decimal(0)
    if done <= deadline:
        return "on_time", Decimal(1)
    return "late", late_credit


class _Log:
    def __init__(self, log: list[Entry]):
        self.entries = log
        self.done: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.handover: dict[str, int] = {}
        for entry in log:
            if entry.actor == "trainee" and not entry.data.get("refused") and entry.loan:
                self.done[(entry.kind, entry.loan)].append(entry.minute)
                if entry.kind == "handover":
                    self.handover.setdefault(entry.loan, entry.minute)

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind and e.actor == "desk"]

    def first(self, kinds, loan, after, on_day=None) -> int | None:
        found = [m for k in kinds for m in self.done[(k, loan)] if m >= after]
        if on_day is not None:
            found = [m for m in found if m // DAY == on_day]
        return min(found, default=None)

    def active(self, loan: str, deadline: int) -> bool:
        return self.handover.get(loan, 10**9) > deadline


def _routine(sc: Scenario, log: _Log) -> list[Item]:
    rules, items, credit = sc.rules, [], sc.rules.late_credit
    prior = {e.loan: e.minute for e in log.of("prior_check")}
    for entry in log.of("disbursed"):
        loan, base = entry.loan, prior.get(entry.loan)
        if base is None:
            deadline = _end_of_day(entry.minute // DAY + rules.first_check_days)
            check = log.first(("onsite_check",), loan, entry.minute)
            if deadline >= 0 and log.active(loan, deadline) and (deadline < sc.end or check):
                status, points = _status(check, deadline, credit)
                items.append(Item("routine", "first_check", loan, status, points, deadline, check))
            base = check if check is not None and check <= sc.end else deadline
        while True:
            deadline = _end_of_day(base // DAY + rules.check_every_days)
            if deadline >= sc.end or not log.active(loan, deadline):
                break
            check = log.first(("onsite_check",), loan, base + 1)
            status, points = _status(check, deadline, credit)
            items.append(Item("routine", "monthly_check", loan, status, points, deadline, check))
            base = check if check is not None else deadline
    for entry in log.of("due"):
        loan, day = entry.loan, entry.data["day"]
        last_on_time = day - rules.reminder_days_before
        if last_on_time >= 0 and log.active(loan, day * DAY):
            first = (day - rules.reminder_earliest_days) * DAY
            done = log.first(("remind",), loan, first)
            status, points = _status(done, _end_of_day(last_on_time), credit, _end_of_day(day))
            items.append(
                Item(
                    "routine",
                    "reminder",
                    loan,
                    status,
                    points,
                    _end_of_day(last_on_time),
                    done if status != "missed" else None,
                )
            )
        if log.active(loan, day * DAY):
            done = log.first(("check_account",), loan, day * DAY)
            status, points = _status(done, _end_of_day(day), credit, _end_of_day(day + 1))
            items.append(
                Item(
                    "routine",
                    "due_look",
                    loan,
                    status,
                    points,
                    _end_of_day(day),
                    done if status != "missed" else None,
                )
            )
    for entry in log.of("shortfall"):
        loan, day = entry.loan, entry.data["day"]
        if not log.active(loan, day * DAY):
            continue
        done = log.first(("collect",), loan, day * DAY)
        status, points = _status(done, _end_of_day(day), credit, _end_of_day(day + 1))
        items.append(
            Item(
                "routine",
                "follow_up",
                loan,
                status,
                points,
                _end_of_day(day),
                done if status != "missed" else None,
                {"short": entry.data["short"]},
            )
        )
    return items


def _warnings(sc: Scenario, log: _Log) -> list[Item]:
    items = []
    for entry in log.of("warning"):
        hours = entry.data["within_hours"]
        done = log.first(entry.data["reactions"], entry.loan, entry.minute)
        delay = None if done is None else done - entry.minute
        if delay is not None and delay <= hours * 60:
            status, points = "on_time", Decimal(1)
        elif delay is not None and delay <= 2 * hours * 60:
            status, points = "late", sc.rules.late_credit
        else:
            status, points = ("late" if delay is not None else "missed"), Decimal(0)
        items.append(
            Item(
                "warnings",
                "warning",
                entry.loan,
                status,
                points,
                entry.minute,
                done,
                {
                    "event": entry.data["event"],
                    "title": entry.data["title"],
                    "delay": delay,
                    "within_hours": hours,
                },
            )
        )
    return items


def _classification(sc: Scenario, log: _Log) -> tuple[list[Item], int]:
    proposals = [
        e
        for e in log.entries
        if e.kind == "classify"
        and e.actor == "trainee"
        and not e.data.get("refused")
        and e.data.get("tier") in TIERS
    ]
    items, mistakes = [], 0
    for expected in sc.classifications:
        made = [
            p
            for p in proposals
            if p.loan == expected.loan and p.minute <= _end_of_day(expected.by_day)
        ]
        if not made:
            items.append(
                Item(
                    "classification",
                    "classification",
                    expected.loan,
                    "missed",
                    Decimal(0),
                    _end_of_day(expected.by_day),
                    None,
                    {"expected": expected.what},
                )
            )
            continue
        last = made[-1]
        floor = tier_floor(last.data["dpd"])
        want = max(expected.what, floor, key=TIERS.index)
        got = last.data["tier"]
        status = (
            "correct"
            if got == want
            else ("too_lenient" if TIERS.index(got) < TIERS.index(want) else "too_harsh")
        )
        items.append(
            Item(
                "classification",
                "classification",
                expected.loan,
                status,
                Decimal(status == "correct"),
                _end_of_day(expected.by_day),
                last.minute,
                {"expected": want, "proposed": got, "dpd": last.data["dpd"]},
            )
        )
    for proposal in proposals:
        floor = tier_floor(proposal.data["dpd"])
        if TIERS.index(proposal.data["tier"]) < TIERS.index(floor):
            mistakes += 1
            items.append(
                Item(
                    "classification",
                    "below_floor",
                    proposal.loan,
                    "too_lenient",
                    -CLASSIFY_DEDUCTION,
                    None,
                    proposal.minute,
                    {
                        "proposed": proposal.data["tier"],
                        "floor": floor,
                        "dpd": proposal.data["dpd"],
                    },
                )
            )
    return items, mistakes


def _escalation(sc: Scenario, log: _Log) -> tuple[list[Item], int]:
    items, wanted = [], {(e.loan, e.what) for e in sc.escalations}
    for expected in sc.escalations:
        done = log.first((expected.what,), expected.loan, -(10**9))
        deadline = _end_of_day(expected.by_day)
        status, points = _status(done, deadline, sc.rules.late_credit)
        items.append(
            Item("escalation", expected.what, expected.loan, status, points, deadline, done)
        )
    mistakes = 0
    for (kind, loan), minutes in sorted(log.done.items()):
        if kind in ("extension", "handover") and (loan, kind) not in wanted:
            mistakes += len(minutes)
            items += [
                Item("escalation", kind, loan, "wrong", -ESCALATION_DEDUCTION, None, m)
                for m in minutes
            ]
    return items, mistakes


def _conduct(sc: Scenario, log: _Log) -> list[Item]:
    items = []
    for entry in log.entries:
        breach = entry.data.get("breach")
        if breach:
            items.append(
                Item(
                    "conduct",
                    breach,
                    entry.loan,
                    "breach",
                    -sc.penalties.get(breach, Decimal(0)),
                    None,
                    entry.minute,
                    {"kind": entry.kind},
                )
            )
    return items


def _mean(items: list[Item]) -> Decimal | None:
    if not items:
        return None
    return HUNDRED * sum((i.credit for i in items), Decimal(0)) / len(items)


def _less(base: Decimal | None, deductions: Decimal) -> Decimal | None:
    if base is None and not deductions:
        return None
    return max(Decimal(0), min(HUNDRED, (HUNDRED if base is None else base) - deductions))


def score_run(scenario: Scenario, log: list[Entry]) -> Report:
    """Score a run's full log (see the module docstring for every rule)."""
    read = _Log(log)
    routine = _routine(scenario, read)
    warnings = _warnings(scenario, read)
    classes, class_mistakes = _classification(scenario, read)
    escalations, wrong = _escalation(scenario, read)
    conduct = _conduct(scenario, read)
    expected_classes = [i for i in classes if i.what == "classification"]
    expected_escalations = [i for i in escalations if i.status != "wrong"]
    components = {
        "routine": _mean(routine),
        "warnings": _mean(warnings),
        "classification": _less(_mean(expected_classes), CLASSIFY_DEDUCTION * class_mistakes),
        "escalation": _less(_mean(expected_escalations), ESCALATION_DEDUCTION * wrong),
        "conduct": max(Decimal(0), HUNDRED + sum((i.credit for i in conduct), Decimal(0))),
    }
    weights = {name: scenario.weights.get(name, Decimal(0)) for name in COMPONENTS}
    counted = [n for n in COMPONENTS if components[n] is not None and weights[n] > 0]
    total_weight = sum((weights[n] for n in counted), Decimal(0))
    total = Decimal(0)
    if total_weight:
        total = sum((weights[n] * components[n] for n in counted), Decimal(0)) / total_weight
    return Report(
        total=total.quantize(CENT, rounding=ROUND_HALF_UP),
        components=components,
        weights=weights,
        items=routine + warnings + classes + escalations + conduct,
    )
