"""Words for the desk, the debrief and the replay: simulated times and log lines."""

from __future__ import annotations

from flask_babel import gettext as _

from simulator.engine import Entry
from simulator.labels import (
    ACTION_LABELS,
    BREACH_LABELS,
    CHANNEL_CHOICES,
    FINDING_LABELS,
    GIFT_CHOICES,
    METHOD_CHOICES,
    TIER_LABELS,
)
from simulator.rules import clock_text
from simulator.scenario import DAY, Scenario
from simulator.variation import yuan

CHANNELS, METHODS, GIFTS = dict(CHANNEL_CHOICES), dict(METHOD_CHOICES), dict(GIFT_CHOICES)


def day_label(sc: Scenario, day: int) -> str:
    """ "2026-03-04（第3天）"."""
    shown = sc.date_of(day * DAY).isoformat()
    return _("%(date)s (day %(number)s)", date=shown, number=day + 1)


def when(sc: Scenario, minute: int | None) -> str:
    if minute is None:
        return "—"
    return f"{day_label(sc, minute // DAY)} {clock_text(minute)}"


def duration(minutes: int | None) -> str:
    """A simulated span as "2 days 5 h 10 min" (the largest units that apply)."""
    if minutes is None:
        return _("no reaction")
    days, rest = divmod(minutes, DAY)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)s d", n=days))
    if hours or days:
        parts.append(_("%(n)s h", n=hours))
    parts.append(_("%(n)s min", n=mins))
    return " ".join(parts)


def borrower(sc: Scenario, loan_id: str | None) -> str:
    if not loan_id or loan_id not in sc.loan_index:
        return ""
    return f"{sc.loan(loan_id).borrower}（{loan_id}）"


def _action_text(sc: Scenario, entry: Entry) -> str:
    data, kind = entry.data, entry.kind
    text = str(ACTION_LABELS.get(kind, kind))
    if kind == "advance":
        return _("Moved the clock to %(when)s", when=when(sc, entry.minute))
    if kind == "remind":
        text += f"（{CHANNELS.get(data.get('channel'), '')}）"
    elif kind == "collect":
        text += f"（{METHODS.get(data.get('method'), '')}）"
    elif kind == "classify":
        text += f"：{TIER_LABELS.get(data.get('tier'), '')}"
    elif kind == "gift":
        text += f"：{GIFTS.get(data.get('choice'), '')}"
    elif kind == "schedule_check" and data.get("at") is not None:
        text += "：" + when(sc, int(data["at"]))
    elif kind == "onsite_check":
        found = [
            f"{label}：{options.get(data.get(key), '—')}"
            for key, (label, options) in FINDING_LABELS.items()
            if data.get(key)
        ]
        if found:
            text += "（" + "；".join(found) + "）"
    if data.get("refused"):
        text += " — " + _("refused: %(rule)s", rule=BREACH_LABELS.get(data.get("breach"), ""))
    elif data.get("breach"):
        text += " — " + str(BREACH_LABELS.get(data["breach"], ""))
    return text


def entry_text(sc: Scenario, entry: Entry) -> str:
    """One line of the timeline."""
    if entry.actor == "trainee":
        return _action_text(sc, entry)
    data = entry.data
    loan = sc.loan_index.get(entry.loan) if entry.loan else None
    texts = {
        "disbursed": lambda: _("Loan of %(amount)s yuan disbursed", amount=yuan(loan.amount)),
        "prior_check": lambda: _("Last on-site check by the previous officer"),
        "due": lambda: _("Repayment of %(amount)s yuan due", amount=yuan(loan.installment)),
        "repaid": lambda: _("Repayment debited"),
        "shortfall": lambda: _("Debit failed: %(short)s yuan short", short=data.get("short")),
        "warning": lambda: _("Warning sign: %(title)s", title=data.get("title")),
        "noticed": lambda: _("You came across: %(title)s", title=_event_title(sc, data)),
        "gift_offer": lambda: _("The borrower offered a gift or a meal"),
        "gift_unanswered": lambda: _("The offer was left unanswered that day"),
        "reply": lambda: _("The borrower answered"),
        "end": lambda: _("The scenario ended"),
    }
    return texts[entry.kind]() if entry.kind in texts else entry.kind


def _event_title(sc: Scenario, data: dict) -> str:
    for event in sc.events:
        if event.id == data.get("event"):
            return event.title
    return ""


def timeline(sc: Scenario, log: list[Entry], until: int | None = None) -> list[dict]:
    """The debrief's timeline: what happened and what the trainee did, in time order."""
    rows = []
    for entry in log:
        if entry.kind in ("prior_check", "due") or (entry.minute < 0 and entry.actor == "desk"):
            continue
        if until is not None and entry.minute > until:
            break
        rows.append(
            {
                "when": when(sc, entry.minute),
                "actor": entry.actor,
                "kind": entry.kind,
                "loan": borrower(sc, entry.loan),
                "text": entry_text(sc, entry),
                "note": entry.data.get("note", "") if entry.actor == "trainee" else "",
                "flag": bool(entry.data.get("breach")) or entry.kind in ("warning", "shortfall"),
            }
        )
    return rows
