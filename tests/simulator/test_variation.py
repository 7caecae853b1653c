"""A seed varies names, amounts and dates within bounds; relations between times stay."""

from datetime import date

import pytest

from simulator.content_sync import SCENARIO_DIR
from simulator.scenario_schema import parse_scenario
from simulator.variation import quiet_days, resolve

pytestmark = pytest.mark.pure

SPEC = parse_scenario((SCENARIO_DIR / "01-calm-portfolio.yaml").read_text(encoding="utf-8"))


def test_the_same_seed_gives_the_same_scenario():
    assert resolve(SPEC, 42) == resolve(SPEC, 42)


def test_other_seeds_change_names_amounts_and_dates_within_bounds():
    a, b = resolve(SPEC, 1), resolve(SPEC, 2)
    assert [loan.borrower for loan in a.loans] != [loan.borrower for loan in b.loans]
    for seed in range(1, 30):
        sc = resolve(SPEC, seed)
        assert 0 <= (sc.start - SPEC["start"]).days <= 10
        for loan, raw in zip(sc.loans, SPEC["loans"], strict=True):
            assert raw["amount"] * 90 / 100 <= loan.amount <= raw["amount"] * 110 / 100
            assert loan.installment / raw["installment"] == loan.amount / raw["amount"]


def test_relations_between_times_do_not_depend_on_the_seed():
    a, b = resolve(SPEC, 1), resolve(SPEC, 7)
    assert [e.minute for e in a.events] == [e.minute for e in b.events]
    assert [loan.due_days for loan in a.loans] == [loan.due_days for loan in b.loans]
    assert a.rules.quiet_days == b.rules.quiet_days == frozenset({1, 17})


def test_lunar_and_solar_no_call_days_follow_the_calendar():
    # 2026-04-02 is the 15th and 2026-04-17 the 1st of a lunar month
    assert quiet_days("lunar", date(2026, 4, 1), 20, [], date(2026, 4, 1)) == {1, 16}
    assert quiet_days("solar", date(2026, 4, 1), 20, [], date(2026, 4, 1)) == {0, 14}
