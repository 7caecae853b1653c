"""Outcomes per bank policy, versioned hiring conditions with their evidence, contract terms."""

from datetime import date

import pytest
from sqlalchemy import select

from assessment.board import build_board
from assessment.lawful import hiring_conditions, outcomes, terms
from assessment.lawful.hiring_conditions import HiringConditionError
from assessment.lawful.outcomes import PolicyError
from core.audit import AuditEvent
from core.extensions import db
from tests.assessment.lawful.helpers import CONDITION, lawful_cohort
from tests.chinese import in_chinese


def test_a_bank_enables_only_the_outcomes_its_policy_allows():
    cohort, *_ = lawful_cohort([80, 40])
    assert outcomes.enabled_outcomes(cohort) == tuple(outcomes.OUTCOMES)
    outcomes.set_outcomes(cohort, ["reassign", "probation_not_confirmed"])
    assert outcomes.enabled_outcomes(cohort) == ("reassign", "probation_not_confirmed")
    with pytest.raises(PolicyError) as caught:
        outcomes.set_outcomes(cohort, ["probation_not_confirmed"])
    assert "调岗" in in_chinese(caught.value)
    logged = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "cohort.outcomes_set"))
    assert logged.after == {"outcomes": ["reassign", "probation_not_confirmed"]}


def test_hiring_conditions_are_versioned_and_acknowledged_per_version():
    cohort, users, manager, stage, _later, version = lawful_cohort([80, 40])
    assert version.number == 1 and version.conditions[0].stage_id == stage.id
    assert hiring_conditions.pending_for(users[0].id, [cohort.id]) == []
    second = hiring_conditions.publish(
        cohort, CONDITION + "\n按时完成全部课程 | 课堂培训 | 0", manager
    )
    assert second.number == 2 and len(second.conditions) == 2
    assert hiring_conditions.pending_for(users[0].id, [cohort.id]) == [second]
    first = hiring_conditions.acknowledge(second, users[0], True)
    assert hiring_conditions.acknowledge(second, users[0], True).id == first.id
    assert [
        a.version.number for a in hiring_conditions.acknowledgements_of(users[0].id, cohort.id)
    ] == [1, 2]
    with pytest.raises(HiringConditionError):
        hiring_conditions.acknowledge(second, users[1], False)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("只写条件", "Line 1"),
        ("条件 | 不存在的阶段 | 60", "不存在的阶段"),
        ("条件 | 课堂培训 | 一百", "Line 1"),
        ("条件 | 课堂培训 | 160", "0 to 100"),
    ],
)
def test_a_condition_line_that_cannot_be_read_is_refused_with_its_line(text, expected):
    cohort, _users, manager, *_ = lawful_cohort([80])
    with pytest.raises(HiringConditionError) as caught:
        hiring_conditions.publish(cohort, text, manager)
    assert expected in str(caught.value)


def test_each_condition_is_checked_against_the_stage_result_as_evidence():
    cohort, users, _manager, stage, _later, version = lawful_cohort([80, 40])
    board = build_board(cohort)
    condition = version.conditions[0]
    passed = hiring_conditions.evidence(condition, board, users[0].id)
    failed = hiring_conditions.evidence(condition, board, users[1].id)
    assert passed.met is True and failed.met is False
    assert failed.dated == stage.ends_on and failed.source == stage.name
    assert failed.to_dict()["score"] == "40.00" and failed.to_dict()["min_score"] == "60.00"


def test_component_conditions_use_the_component_score():
    cohort, users, manager, stage, *_ = lawful_cohort([80, 40])
    version = hiring_conditions.publish(cohort, "考试不低于 50 分 | 放款笔数 | 50", manager)
    evidence = hiring_conditions.evidence(version.conditions[0], build_board(cohort), users[1].id)
    assert evidence.met is False and evidence.source.endswith("放款笔数")


def test_contract_terms_give_probation_end_and_a_schedule_warning():
    cohort, users, *_ = lawful_cohort([80, 40], contract_months=12)
    rows = terms.cohort_terms(cohort)
    assert all(row.probation.end_date == date(2026, 5, 1) for row in rows)
    assert all("2026-10-31" in in_chinese(row.warning) for row in rows)
    enrolment = rows[0].enrolment
    terms.set_terms(enrolment, date(2026, 3, 2), None, 3)
    probation = terms.probation_for_trainee(cohort.id, enrolment.user_id)
    assert probation.end_date == date(2026, 6, 1)
    with pytest.raises(terms.TermsError):
        terms.set_terms(enrolment, date(2026, 3, 2), 0, None)
