"""The replay engine: the simulated clock, the bank's debits, the scheduler of what the trainee
notices, and what each event type does."""

from decimal import Decimal

import pytest

from simulator.engine import full_log, next_stop, replay
from simulator.scenario import DAY
from tests.simulator.samples import MINI, actions, at, scenario

pytestmark = pytest.mark.pure

EVENT = """\
slug: one-event
title: 单个事件
start: 2026-03-02
days: 6
weights: {warnings: 1}
loans:
  - id: L1
    borrower: 丁某
    business: 小店
    amount: 10000
    disbursed: 2026-01-05
    last_check: 2026-02-10
    term_months: 12
    due_day: 5
    installment: 900
    balance: 1000
events:
  - id: E
    type: {kind}
    loan: L1
    at: 2026-03-03 14:00
    title: 标题
    text: 内容
{extra}"""
EXTRA = {
    "diversion": "    amount: 800\n    counterparty: 某公司\n",
    "low_balance": "    balance: 9\n",
}


def event_scenario(kind):
    return scenario(EVENT.replace("{kind}", kind).replace("{extra}", EXTRA.get(kind, "")))


def kinds(desk):
    return [entry.kind for entry in desk.log]


def test_a_new_run_starts_on_the_first_morning_with_the_welcome_in_the_inbox():
    desk = replay(scenario(MINI), [])
    assert desk.clock == at(0, "08:30")
    assert desk.inbox == []  # MINI scripts no inbox event for day 0
    assert desk.balances["N2"] == Decimal(500)


def test_the_clock_is_the_last_recorded_minute_and_the_world_runs_up_to_it():
    sc = scenario(MINI)
    desk = replay(sc, actions(("advance", None, 1, "10:00", {})))
    assert desk.clock == at(1, "10:00")
    assert desk.balances["N1"] == Decimal(10100)  # disbursed on day 1 at 10:00
    desk = replay(sc, actions(("advance", None, 2, "15:00", {})))
    assert desk.balances["N1"] == Decimal(1100)  # the diversion at 15:00 has happened


def test_a_short_account_fails_the_evening_debit_and_days_past_due_count_from_the_next_day():
    sc = scenario(MINI)
    desk = replay(sc, actions(("advance", None, 6, "20:00", {})))
    assert [e.data["short"] for e in desk.log if e.kind == "shortfall"] == ["500"]
    assert desk.dpd("N2") == 0
    desk = replay(sc, actions(("advance", None, 8, "08:30", {})))
    assert desk.dpd("N2") == 2
    assert desk.inbox[-1].kind == "notice"  # next morning: the failed debit is reported


def test_a_scripted_deposit_after_a_visit_clears_the_debit():
    sc = scenario(MINI)
    steps = actions(
        ("collect", "N2", 6, "10:30", {"method": "visit"}), ("advance", None, 7, "08:30", {})
    )
    desk = replay(sc, steps)
    assert "shortfall" not in kinds(desk)
    assert [r.memo for r in desk.ledger["N2"]] == ["客户存入", "还款扣款"]
    assert desk.inbox[0].kind == "reply"


def test_an_account_event_is_found_only_by_looking_at_the_account():
    sc = scenario(MINI)
    desk = replay(sc, actions(("advance", None, 3, "08:30", {})))
    assert desk.inbox == []
    assert "seen" not in desk.seen
    desk = replay(sc, actions(("check_account", "N1", 3, "09:00", {})))
    assert desk.inbox[-1].kind == "found"
    minute, balance, rows = desk.seen["N1"]
    assert (minute, balance) == (at(3, "09:00"), Decimal(1100))
    assert rows[-1].counterparty == "某投资公司"


def test_next_event_stops_at_the_next_due_day_morning_or_inbox_arrival():
    sc = scenario(MINI)
    assert next_stop(sc, [], at(0, "08:30")) == at(6, "08:30")  # N2 due on day 6
    assert next_stop(sc, [], at(6, "08:30")) == at(7, "08:30")  # the failed-debit notice
    assert next_stop(sc, [], at(7, "08:30")) == sc.end


def test_a_scheduled_check_is_a_stop_for_next_event():
    sc = scenario(MINI)
    steps = actions(("schedule_check", "N1", 0, "09:00", {"at": at(2, "14:00")}))
    assert next_stop(sc, steps, at(0, "09:00")) == at(2, "14:00")


def test_a_refused_attempt_is_logged_but_changes_nothing():
    sc = scenario(MINI)
    desk = replay(sc, actions(("check_account", "N1", 3, "07:00", {}, "early_call")))
    assert desk.seen == {}
    entry = desk.log[-1]
    assert (entry.kind, entry.data["refused"], entry.data["breach"]) == (
        "check_account",
        True,
        "early_call",
    )


@pytest.mark.parametrize(
    ("kind", "balance", "inbox_before_contact"),
    [
        ("diversion", Decimal(200), 0),
        ("low_balance", Decimal(9), 0),
        ("other_card", Decimal(1000), 0),
        ("utility_drop", Decimal(1000), 1),
        ("payroll_drop", Decimal(1000), 1),
        ("partner_dispute", Decimal(1000), 1),
        ("lawsuit", Decimal(1000), 1),
        ("documents_stopped", Decimal(1000), 1),
        ("message", Decimal(1000), 1),
    ],
)
def test_each_event_type_changes_the_account_and_reaches_the_trainee_its_own_way(
    kind, balance, inbox_before_contact
):
    sc = event_scenario(kind)
    desk = replay(sc, actions(("advance", None, 1, "15:00", {})))
    assert desk.balances["L1"] == balance
    assert len(desk.inbox) == inbox_before_contact
    warnings = [e for e in desk.log if e.kind == "warning"]
    assert len(warnings) == (0 if kind == "message" else 1)
    desk = replay(
        sc,
        actions(
            ("check_account", "L1", 1, "15:00", {}),
            ("collect", "L1", 1, "16:00", {"method": "call"}),
        ),
    )
    assert len(desk.inbox) == 1  # found by the look, the call, or already in the inbox


def test_a_gift_is_offered_at_the_visit_and_an_unanswered_offer_is_a_breach_at_midnight():
    sc = event_scenario("gift_offer")
    desk = replay(sc, actions(("onsite_check", "L1", 1, "15:00", {})))
    assert desk.pending_gift == {"L1": "E"}
    assert desk.inbox[-1].kind == "gift"
    log = full_log(sc, actions(("onsite_check", "L1", 1, "15:00", {})))
    unanswered = [e for e in log if e.kind == "gift_unanswered"]
    assert [(e.minute, e.data["breach"]) for e in unanswered] == [(2 * DAY, "gift_not_reported")]
    answered = full_log(
        sc,
        actions(
            ("onsite_check", "L1", 1, "15:00", {}),
            ("gift", "L1", 1, "15:05", {"choice": "decline_report"}),
        ),
    )
    assert not [e for e in answered if e.kind == "gift_unanswered"]


def test_a_gift_offer_before_its_day_does_not_happen():
    sc = event_scenario("gift_offer")
    desk = replay(sc, actions(("onsite_check", "L1", 0, "15:00", {})))
    assert desk.pending_gift == {}
