"""Confirming an elimination with a basis per person; the rank-only refusal in the preview."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from assessment import decisions
from assessment.board import build_board
from assessment.lawful import confirming, improvement_plans, outcomes
from assessment.lawful.confirming import BasisError, Choice
from assessment.lawful.models import DecisionOutcome
from assessment.models import Decision, Enrolment
from core import clock
from core.audit import AuditEvent
from core.extensions import db
from tests.assessment.lawful.helpers import lawful_cohort
from tests.chinese import in_chinese


def _preview(cohort, stage):
    board = build_board(cohort)
    preview = decisions.preview(board, stage)
    return board, preview, decisions.preview_token(preview)


def test_a_rank_only_cut_is_offered_no_termination_and_the_refusal_cites_guiding_case_18():
    cohort, users, _manager, stage, *_ = lawful_cohort([90, 70, 65], bottom_k="1")
    board, preview, _token = _preview(cohort, stage)
    (person,) = confirming.options(stage, board, preview)
    assert person.user_id == users[2].id and person.rank_only
    assert person.outcomes == ["reassign", "extended_training"]
    assert "指导案例18号" in in_chinese(person.refusals[0])


def test_termination_on_rank_alone_is_refused_and_nothing_is_recorded():
    cohort, users, manager, stage, *_ = lawful_cohort([90, 70, 65], bottom_k="1")
    board, _preview_, token = _preview(cohort, stage)
    choice = Choice("probation_not_confirmed")
    with pytest.raises(BasisError) as caught:
        confirming.confirm_with_bases(board, stage, manager, token, {users[2].id: choice})
    assert "录用条件" in in_chinese(caught.value)
    db.session.rollback()
    assert db.session.scalar(select(Decision.id)) is None


def test_probation_outcome_with_a_met_basis_is_recorded_with_its_evidence():
    cohort, users, manager, stage, *_ = lawful_cohort([90, 40, 70], below_score="60")
    board, preview, token = _preview(cohort, stage)
    (person,) = confirming.options(stage, board, preview)
    assert "probation_not_confirmed" in person.outcomes and person.refusals == []
    condition_id = person.conditions[0][0]
    choice = Choice("probation_not_confirmed", condition_id=condition_id, note="已书面通知")
    decision = confirming.confirm_with_bases(board, stage, manager, token, {users[1].id: choice})
    db.session.commit()
    (row,) = db.session.scalars(select(DecisionOutcome)).all()
    assert row.decision_id == decision.id and row.outcome == "probation_not_confirmed"
    assert not row.rank_only
    assert row.basis["condition"]["score"] == "40.00" and row.basis["condition"]["met"] is False
    assert row.basis["condition"]["acknowledged_on"] == "2026-03-02"
    assert row.basis["probation_end"] == "2026-09-01" and row.basis["note"] == "已书面通知"
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == users[1].id))
    assert enrolment.eliminated_stage_id == stage.id
    logged = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "elimination.outcomes_recorded")
    )
    assert logged.after["outcomes"] == {str(users[1].id): "probation_not_confirmed"}


def test_without_a_choice_a_person_gets_the_first_outcome_that_needs_no_basis():
    cohort, users, manager, stage, *_ = lawful_cohort([90, 40, 70], below_score="60")
    outcomes.set_outcomes(cohort, ["extended_training", "incompetence_termination"])
    board, _preview_, token = _preview(cohort, stage)
    confirming.confirm_with_bases(board, stage, manager, token, {})
    assert db.session.scalar(select(DecisionOutcome.outcome)) == "extended_training"


def test_probation_outcome_is_not_offered_after_probation():
    cohort, users, manager, stage, _later, version = lawful_cohort(
        [90, 40, 70], contract_months=6, below_score="60"
    )
    clock.set_now(datetime(2026, 4, 3, tzinfo=UTC))  # a 6-month contract: probation to 04-01
    board, preview, token = _preview(cohort, stage)
    (person,) = confirming.options(stage, board, preview)
    assert "probation_not_confirmed" not in person.outcomes and person.refusals
    with pytest.raises(BasisError) as caught:
        confirming.confirm_with_bases(
            board,
            stage,
            manager,
            token,
            {users[1].id: Choice("probation_not_confirmed", version.conditions[0].id)},
        )
    assert "2026-04-01" in in_chinese(caught.value)


def test_incompetence_outcome_rests_on_a_plan_reassessed_after_its_deadline():
    cohort, users, manager, stage, *_ = lawful_cohort([90, 40, 70], bottom_k="1")
    clock.set_now(datetime(2026, 3, 10, tzinfo=UTC))
    plan = improvement_plans.open_plan(
        cohort,
        improvement_plans.PlanInput(
            users[1].id,
            "交叉检验不熟练",
            "reassignment",
            [],
            "调至贷后管理岗辅助",
            date(2026, 3, 25),
            "复评演练",
        ),
        manager,
    )
    board, preview, token = _preview(cohort, stage)
    (person,) = confirming.options(stage, board, preview)
    assert "incompetence_termination" not in person.outcomes  # not re-assessed yet
    improvement_plans.record_result(plan, "not_met", "复评仍不达标", manager, on=date(2026, 3, 26))
    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    board, preview, token = _preview(cohort, stage)
    (person,) = confirming.options(stage, board, preview)
    assert "incompetence_termination" in person.outcomes and person.plans[0][0] == plan.id
    choice = Choice("incompetence_termination", plan_id=plan.id)
    confirming.confirm_with_bases(board, stage, manager, token, {users[1].id: choice})
    row = db.session.scalar(select(DecisionOutcome))
    assert row.rank_only and row.basis["plan"]["result"] == "not_met"
    assert row.basis["plan"]["reassignment"] == "调至贷后管理岗辅助"
