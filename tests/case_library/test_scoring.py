"""Scoring rules: partial credit, decoy penalties, floors, tolerance, rubric and percentages."""

from decimal import Decimal

import pytest

from case_library.content_format import parse_tasks
from case_library.scoring import (
    final_percent,
    parse_number,
    score_auto,
    score_numeric,
    score_ordering,
    score_red_flags,
    score_rubric,
)
from tests.case_library.factories import TASKS_YAML

pytestmark = pytest.mark.pure

TASKS = {t["id"]: t for t in parse_tasks(TASKS_YAML)}
FLAGS, NUMERIC, ORDER, MEMO = TASKS["flags"], TASKS["sum"], TASKS["steps"], TASKS["memo"]


@pytest.mark.parametrize(
    ("picked", "expected"),
    [
        (["f1", "f2"], "40.00"),  # every true flag, no decoy
        (["f1"], "20.00"),  # half the flags: half the points
        (["f1", "f2", "d1"], "35.00"),  # one decoy costs 5
        (["f1", "d1", "d2"], "10.00"),  # 20 - 2 x 5
        (["d1", "d2"], "0.00"),  # decoys only: never below zero
        ([], "0.00"),
        (["f1", "f2", "zz"], "40.00"),  # unknown ids are ignored
    ],
)
def test_red_flags_partial_credit_and_decoy_penalty(picked, expected):
    assert score_red_flags(FLAGS, picked) == Decimal(expected)


def test_red_flags_with_three_flags_rounds_half_up():
    task = {
        "points": "10",
        "penalty_per_decoy": "0",
        "options": [{"id": i, "is_flag": True} for i in "abc"],
    }
    assert score_red_flags(task, ["a"]) == Decimal("3.33")
    assert score_red_flags(task, ["a", "b"]) == Decimal("6.67")


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ([0, 1, 2, 3], "20.00"),  # right order
        ([3, 2, 1, 0], "0.00"),  # reversed: no pair right
        ([1, 0, 2, 3], "16.67"),  # one swap: 5 of 6 pairs right
        ([0, 1, 2], "0.00"),  # a step missing
        ([0, 0, 1, 2], "0.00"),  # not a permutation
    ],
)
def test_ordering_scores_pairs_in_the_right_order(order, expected):
    assert score_ordering(ORDER, order) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("612000", "10.00"),
        ("612,000", "10.00"),
        ("６１２０００", "10.00"),
        ("612001", "0.00"),
        ("abc", "0.00"),
        ("", "0.00"),
        (None, "0.00"),
    ],
)
def test_numeric_exact(raw, expected):
    assert score_numeric(NUMERIC, raw) == Decimal(expected)


def test_numeric_tolerance_is_inclusive():
    task = {"points": "10", "answer": "3960", "tolerance": "10"}
    assert score_numeric(task, "3950") == Decimal("10.00")
    assert score_numeric(task, "3970.0") == Decimal("10.00")
    assert score_numeric(task, "3971") == Decimal("0.00")


def test_parse_number_refuses_nonsense():
    assert parse_number("1e3") == Decimal("1000")
    assert parse_number("NaN") is None
    assert parse_number("12元") == Decimal("12")


def test_rubric_sums_chosen_levels():
    assert score_rubric(MEMO, [0, 0]) == Decimal("30.00")
    assert score_rubric(MEMO, [1, 1]) == Decimal("10.00")
    with pytest.raises(ValueError):
        score_rubric(MEMO, [0])
    with pytest.raises(ValueError):
        score_rubric(MEMO, [0, 5])


def test_auto_scores_cover_only_automatic_tasks():
    scores = score_auto(
        list(TASKS.values()), {"flags": ["f1", "d1"], "sum": "612000", "steps": [0, 1, 2, 3]}
    )
    assert scores == {"flags": Decimal("15.00"), "sum": Decimal("10.00"), "steps": Decimal("20.00")}


def test_final_percent_is_capped_and_rounded():
    assert final_percent(Decimal("75"), Decimal("100")) == Decimal("75.00")
    assert final_percent(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert final_percent(Decimal("5"), Decimal("0")) == Decimal("0.00")
