"""What each outcome needs as its basis (pure rules)."""

from datetime import date

import pytest

from assessment.lawful.basis import (
    BasisFacts,
    ConditionFacts,
    PlanFacts,
    is_rank_only,
    problems,
)
from assessment.lawful.outcomes import OUTCOMES
from assessment.lawful.probation import probation_for
from core.messages import english, render

pytestmark = pytest.mark.pure

ALL = tuple(OUTCOMES)
PROBATION = probation_for(date(2026, 3, 2), 36)  # ends 2026-09-01
UNMET = ConditionFacts(
    1, "阶段考评综合分不低于 60 分", 1, False, date(2026, 3, 31), date(2026, 3, 2)
)
PLAN = PlanFacts(
    7, date(2026, 5, 6), "training", 2, "", date(2026, 6, 15), "not_met", date(2026, 6, 16)
)


def _texts(facts, enabled=ALL) -> list[str]:
    return [render(p, english) for p in problems(facts, enabled)]


def _probation(**changes):
    values = {"name": "甲", "outcome": "probation_not_confirmed", "decided_on": date(2026, 4, 2)}
    values |= {"condition": UNMET, "probation": PROBATION} | changes
    return BasisFacts(**values)


def _incompetence(**changes):
    values = {"name": "乙", "outcome": "incompetence_termination", "decided_on": date(2026, 7, 1)}
    return BasisFacts(**(values | {"plan": PLAN} | changes))


@pytest.mark.parametrize("outcome", ["reassign", "extended_training"])
def test_reassignment_and_extended_training_need_no_basis(outcome):
    assert _texts(BasisFacts("丙", outcome, date(2026, 4, 2))) == []


def test_an_outcome_the_bank_did_not_enable_is_refused():
    facts = BasisFacts("丙", "reassign", date(2026, 4, 2))
    assert "not enabled" in _texts(facts, enabled=("extended_training",))[0]


def test_probation_outcome_holds_with_an_unmet_acknowledged_condition_inside_probation():
    assert _texts(_probation()) == []


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"condition": None}, "choose the hiring condition"),
        ({"condition": UNMET.__class__(**{**UNMET.__dict__, "met": True})}, "condition is met"),
        ({"condition": UNMET.__class__(**{**UNMET.__dict__, "met": None})}, "no result yet"),
        (
            {"condition": UNMET.__class__(**{**UNMET.__dict__, "acknowledged_on": None})},
            "never acknowledged version 1",
        ),
        (
            {
                "condition": UNMET.__class__(
                    **{**UNMET.__dict__, "acknowledged_on": date(2026, 4, 1)}
                )
            },
            "only after the evidence",
        ),
        ({"probation": None}, "hire date and the contract term"),
        ({"probation": probation_for(date(2026, 3, 2), 2)}, "has no probation"),
        ({"probation": probation_for(date(2026, 1, 2), 6)}, "outside probation (2026-02-01)"),
        ({"decided_on": date(2026, 9, 2)}, "probation ended on 2026-09-01"),
    ],
)
def test_probation_outcome_is_refused_when_its_basis_falls_short(changes, expected):
    texts = _texts(_probation(**changes))
    assert any(expected in text for text in texts), texts


def test_incompetence_outcome_holds_after_training_and_a_failed_reassessment():
    assert _texts(_incompetence()) == []
    reassigned = PLAN.__class__(
        **{
            **PLAN.__dict__,
            "step": "reassignment",
            "training_count": 0,
            "reassignment": "调至个贷中心柜面岗",
        }
    )
    assert _texts(_incompetence(plan=reassigned)) == []


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"plan": None}, "choose the improvement plan"),
        (
            {"plan": PLAN.__class__(**{**PLAN.__dict__, "training_count": 0})},
            "assigned no training",
        ),
        (
            {
                "plan": PLAN.__class__(
                    **{**PLAN.__dict__, "step": "reassignment", "reassignment": ""}
                )
            },
            "records no reassignment",
        ),
        (
            {"plan": PLAN.__class__(**{**PLAN.__dict__, "result": None, "result_on": None})},
            "not recorded yet",
        ),
        ({"plan": PLAN.__class__(**{**PLAN.__dict__, "result": "met"})}, "met the re-assessment"),
        ({"decided_on": date(2026, 6, 15)}, "precede the decision"),
        (
            {"plan": PLAN.__class__(**{**PLAN.__dict__, "result_on": date(2026, 6, 1)})},
            "follow the plan's deadline",
        ),
    ],
)
def test_incompetence_outcome_is_refused_without_the_improvement_step(changes, expected):
    texts = _texts(_incompetence(**changes))
    assert any(expected in text for text in texts), texts


def test_rank_only_means_ranking_parts_without_a_threshold():
    assert is_rank_only(("bottom_k",)) and is_rank_only(("bottom_percent", "bottom_k"))
    assert not is_rank_only(("below_score",)) and not is_rank_only(("bottom_k", "below_score"))
    assert not is_rank_only(())
