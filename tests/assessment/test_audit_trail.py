"""Entered scores, decisions and enrolments leave an audit trail (issue 11, item 9): an
evaluation or KPI number that is overwritten or deleted can still be read as it was."""

from sqlalchemy import select

from assessment import decisions, score_entries, services
from assessment.board import build_board
from core import clock
from core.audit import AuditEvent
from core.extensions import db
from tests.assessment.factories import add_evaluation, add_kpi, add_stage, make_cohort, set_kpis
from tests.assessment.test_decisions import AFTER


def _entries(action):
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return db.session.scalars(query).all()


def test_an_overwritten_evaluation_keeps_its_earlier_levels_in_the_log(make_user):
    cohort, (trainee,), manager = make_cohort(1)
    evaluation = add_evaluation(add_stage(cohort))
    score_entries.save_evaluations(evaluation, manager, {trainee.id: {"c1": "l1", "c2": "l1"}})
    score_entries.save_evaluations(evaluation, manager, {trainee.id: {"c1": "l4", "c2": "l1"}})
    score_entries.save_evaluations(evaluation, manager, {trainee.id: {"c1": "l4", "c2": "l1"}})
    [first] = _entries("evaluation.saved")
    [changed] = _entries("evaluation.changed")  # saving the same sheet again changes nothing
    assert first.after["levels"] == {"c1": "l1", "c2": "l1"}
    assert changed.before["levels"] == {"c1": "l1", "c2": "l1"}
    assert changed.after["levels"] == {"c1": "l4", "c2": "l1"}
    assert changed.actor_id == manager.id and trainee.username in changed.target_label


def test_kpi_numbers_overwritten_or_deleted_stay_in_the_log(make_user):
    cohort, (trainee,), manager = make_cohort(1)
    kpi = add_kpi(add_stage(cohort))
    set_kpis(kpi, "2026-03", {trainee: 7}, manager)
    set_kpis(kpi, "2026-03", {trainee: 9}, manager)
    set_kpis(kpi, "2026-03", {trainee: ""}, manager)
    assert [e.after["value"] for e in _entries("kpi.saved")] == ["7"]
    [changed] = _entries("kpi.changed")
    assert (changed.before["value"], changed.after["value"]) == ("7.0000", "9")
    [deleted] = _entries("kpi.deleted")
    assert deleted.before == {"month": "2026-03", "value": "9.0000"} and deleted.after is None


def test_confirmed_eliminations_and_overrides_are_logged_with_before_and_after(make_user):
    cohort, users, manager = make_cohort(3)
    stage = add_stage(cohort, below_score="60")
    set_kpis(
        add_kpi(stage, best="100"), "2026-03", dict(zip(users, [90, 40, 70], strict=True)), manager
    )
    clock.set_now(AFTER)
    board = build_board(cohort)
    token = decisions.preview_token(decisions.preview(board, stage))
    decisions.confirm(board, stage, manager, token)
    decisions.override(build_board(cohort), stage, manager, users[1].id, "keep", "病假期间缺考")
    db.session.commit()
    [confirmed] = _entries("elimination.confirmed")
    assert confirmed.after["eliminated"] == [users[1].id]
    [override] = _entries("elimination.overridden")
    assert override.before == {"eliminated_stage_id": stage.id}
    assert override.after["eliminated_stage_id"] is None
    assert override.after["reason"] == "病假期间缺考"


def test_removing_a_stage_records_the_entries_it_took_along(make_user):
    cohort, (trainee,), manager = make_cohort(1)
    stage = add_stage(cohort)
    set_kpis(add_kpi(stage), "2026-03", {trainee: 5}, manager)
    services.delete_stage(stage)
    [removed] = _entries("stage.deleted")
    assert removed.before == {"evaluations": 0, "kpi_entries": 1}
