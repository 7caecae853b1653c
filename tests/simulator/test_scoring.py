"""The scoring function against scores worked out by hand (see each test's arithmetic)."""

from decimal import Decimal

import pytest

from simulator.engine import full_log
from simulator.rules import breach_of
from simulator.scoring import score_run, tier_floor
from tests.simulator.samples import MINI, OVERDUE, actions, at, scenario

pytestmark = pytest.mark.pure


def score(text, steps, seed=1):
    sc = scenario(text, seed)
    return score_run(sc, full_log(sc, actions(*steps)))


def statuses(report, component):
    return [(i.what, i.loan, i.status) for i in report.of(component)]


def test_a_trainee_who_does_nothing_keeps_only_the_conduct_part():
    report = score(MINI, [])
    # routine: first check N1, reminder N2, due-day look N2, follow-up of the failed debit: 0/4
    assert report.components["routine"] == 0
    assert report.components["warnings"] == 0
    assert report.components["conduct"] == 100
    assert report.components["classification"] is None
    # (50×0 + 30×0 + 20×100) ÷ (50 + 30 + 20) = 20
    assert report.total == Decimal("20.00")
    assert ("follow_up", "N2", "missed") in statuses(report, "routine")


GOOD_RUN = [
    ("check_account", "N1", 2, "16:00", {}),
    ("remind", "N2", 3, "09:00", {"channel": "sms"}),
    ("onsite_check", "N1", 3, "11:00", {"funds_use": "diverted"}),
    ("collect", "N2", 5, "10:30", {"method": "call"}, "quiet_day_call"),
    ("check_account", "N2", 6, "09:00", {}),
    ("collect", "N2", 6, "09:30", {"method": "call"}, "early_call"),
    ("collect", "N2", 6, "10:30", {"method": "visit"}),
]


def test_a_diligent_run_loses_only_the_refused_calls():
    report = score(MINI, GOOD_RUN)
    # first check, reminder and due-day look on time; the visit got the money in before the
    # evening debit, so no follow-up falls due: 3/3 = 100
    assert statuses(report, "routine") == [
        ("first_check", "N1", "on_time"),
        ("reminder", "N2", "on_time"),
        ("due_look", "N2", "on_time"),
    ]
    # the diversion (day 2 15:00) was met by the on-site check 20 hours later (target 24 h)
    warning = report.of("warnings")[0]
    assert (warning.status, warning.done - warning.due) == ("on_time", 20 * 60)
    # two refused calls: 100 − 10 − 10
    assert report.components["conduct"] == 80
    # (50×100 + 30×100 + 20×80) ÷ 100 = 96
    assert report.total == Decimal("96.00")


def test_late_actions_earn_the_late_credit_and_a_slow_reaction_earns_nothing():

    report = score(
        MINI,
        [
            ("remind", "N2", 5, "09:00", {"channel": "sms"}),
            ("check_account", "N2", 7, "09:00", {}),
            ("onsite_check", "N1", 9, "10:00", {}),
        ],
    )
    assert statuses(report, "routine") == [
        ("first_check", "N1", "late"),
        ("reminder", "N2", "late"),
        ("due_look", "N2", "late"),
        ("follow_up", "N2", "missed"),
    ]
    # routine (0.5 + 0.5 + 0.5 + 0) ÷ 4 = 37.5; reaction after 6 days 19 h > 2 × 24 h: 0
    assert report.components["routine"] == Decimal("37.5")
    assert report.components["warnings"] == 0
    # (50×37.5 + 30×0 + 20×100) ÷ 100 = 38.75
    assert report.total == Decimal("38.75")


def test_classification_follows_the_days_past_due_floor_and_wrong_escalations_cost():
    # O1 unpaid since 2025-12-10: 82 days past due on day 0, 91 on day 9 (floor: substandard)
    report = score(
        OVERDUE,
        [
            ("classify", "O1", 1, "10:00", {"tier": "special_mention"}),
            ("extension", "O1", 8, "10:00", {"months": 3}),
            ("handover", "O1", 8, "11:00", {}),
            ("classify", "O1", 9, "10:00", {"tier": "special_mention"}),
        ],
    )
    assert statuses(report, "classification") == [
        ("classification", "O1", "correct"),
        ("classification", "O1", "too_lenient"),
        ("below_floor", "O1", "too_lenient"),
    ]
    # classification: 1 of 2 right = 50, minus 10 for the proposal below the floor = 40
    assert report.components["classification"] == 40
    # escalation: hand-over on time = 100, minus 20 for the extension nobody called for = 80
    assert report.components["escalation"] == 80
    assert report.total == Decimal("60.00")


def test_same_scenario_seed_and_actions_give_the_same_score_and_seeds_stay_comparable():

    first = score(MINI, GOOD_RUN, seed=11)
    again = score(MINI, GOOD_RUN, seed=11)
    other = score(MINI, GOOD_RUN, seed=12)
    assert first.total == again.total == other.total == Decimal("96.00")


@pytest.mark.parametrize(
    ("dpd", "tier"),
    [
        (0, "pass"),
        (1, "special_mention"),
        (90, "special_mention"),
        (91, "substandard"),
        (270, "substandard"),
        (271, "doubtful"),
        (360, "doubtful"),
        (361, "loss"),
    ],
)
def test_days_past_due_floors_follow_the_2023_rules(dpd, tier):
    assert tier_floor(dpd) == tier


def test_the_clock_refuses_calls_before_ten_and_on_marked_days_and_late_visits():

    rules = scenario(MINI).rules
    call = {"method": "call"}
    assert breach_of(rules, "collect", call, at(4, "09:59")) == "early_call"
    assert breach_of(rules, "collect", call, at(4, "10:00")) is None
    assert breach_of(rules, "collect", call, at(3, "15:00")) == "quiet_day_call"
    assert breach_of(rules, "remind", {"channel": "phone"}, at(3, "15:00")) == "quiet_day_call"
    assert breach_of(rules, "remind", {"channel": "sms"}, at(3, "07:00")) is None
    assert breach_of(rules, "collect", {"method": "visit"}, at(4, "21:30")) == "visit_out_of_hours"
    assert breach_of(rules, "onsite_check", {}, at(4, "07:30")) == "visit_out_of_hours"
