"""Elimination decisions, overrides, audit records, snapshots and the results functions."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from assessment import decisions, results
from assessment.board import build_board
from assessment.models import BoardSnapshot, Decision
from core import clock
from core.errors import Conflict, DomainError
from core.extensions import db
from tests.assessment.factories import add_kpi, add_stage, make_cohort, set_kpis
from tests.chinese import in_chinese

AFTER = datetime(2026, 4, 2, tzinfo=UTC)


def _cohort(scores, **rule):
    cohort, users, manager = make_cohort(len(scores))
    stage = add_stage(cohort, **rule)
    later = add_stage(cohort, name="实战演练", starts="2026-04-01", ends="2026-06-30")
    kpi = add_kpi(stage, best="100")
    set_kpis(kpi, "2026-03", dict(zip(users, scores, strict=True)), manager)
    clock.set_now(AFTER)
    return cohort, users, manager, stage, later


def _confirm(cohort, stage, manager):
    board = build_board(cohort)
    token = decisions.preview_token(decisions.preview(board, stage))
    decision = decisions.confirm(board, stage, manager, token)
    db.session.commit()
    return decision


def test_confirm_records_rule_inputs_and_who_and_cuts_the_trainees(make_user):
    cohort, users, manager, stage, later = _cohort([90, 40, 70, 55], below_score="60")
    decision = _confirm(cohort, stage, manager)
    assert decision.decided_by_id == manager.id
    assert clock.as_utc(decision.decided_at) == AFTER
    assert decision.snapshot["rule"]["below_score"] == "60"
    cut = decision.snapshot["decision"]["cuts"]
    assert [c["trainee_id"] for c in cut] == [str(users[1].id), str(users[3].id)]
    inputs = {i["user_id"]: i for i in decision.snapshot["inputs"]}
    assert inputs[users[0].id]["stages"][0]["components"][0]["normalized"] == "90.00"
    assert results.is_eliminated(users[1].id) and not results.is_eliminated(users[0].id)
    assert results.active_stage_for(users[1].id) is None
    assert results.active_stage_for(users[0].id).id == later.id
    board = build_board(cohort)
    out = next(r for r in board.rows if r.user_id == users[1].id)
    assert out.cells[0].cumulative is not None and out.cells[1].active is False


def test_decisions_cannot_be_edited_or_confirmed_twice(make_user):
    cohort, _users, manager, stage, _later = _cohort([90, 40], below_score="60")
    decision = _confirm(cohort, stage, manager)
    decision.reason = "changed"
    with pytest.raises(ValueError, match="immutable"):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Conflict):
        _confirm(cohort, stage, manager)


def test_confirm_refuses_when_scores_changed_since_the_preview(make_user):
    cohort, users, manager, stage, _later = _cohort([90, 40], below_score="60")
    token = decisions.preview_token(decisions.preview(build_board(cohort), stage))
    set_kpis(stage.components[0], "2026-03", {users[1]: 65}, manager)
    with pytest.raises(Conflict, match="成绩有变动"):
        decisions.confirm(build_board(cohort), stage, manager, token)
    assert db.session.scalar(select(Decision)) is None


def test_minimum_remaining_spares_the_best_placed_of_the_cut(make_user):
    cohort, users, manager, stage, _ = _cohort([90, 80, 30, 20], bottom_k="3", min_remaining="2")
    decision = _confirm(cohort, stage, manager)
    cut = [c["trainee_id"] for c in decision.snapshot["decision"]["cuts"]]
    assert cut == [str(users[3].id), str(users[2].id)]
    assert "至少保留2人" in in_chinese(decision.snapshot["decision"]["preview"]["notes"][0])


def test_tie_at_the_line_cuts_nobody_in_the_tie(make_user):
    cohort, users, manager, stage, _ = _cohort([90, 50, 50, 70], bottom_k="1")
    preview = decisions.preview(build_board(cohort), stage)
    assert preview.cut_ids == []
    assert len(preview.unresolved_ties) == 1
    assert set(preview.unresolved_ties[0].trainee_ids) == {str(users[1].id), str(users[2].id)}


def test_override_keep_and_cut_need_a_reason_and_are_recorded(make_user):
    cohort, users, manager, stage, _ = _cohort([90, 40, 70], below_score="60", min_remaining="2")
    _confirm(cohort, stage, manager)
    with pytest.raises(DomainError, match="5"):
        decisions.override(build_board(cohort), stage, manager, users[1].id, "keep", "ok")
    db.session.rollback()
    keep = decisions.override(
        build_board(cohort), stage, manager, users[1].id, "keep", "病假期间缺考,补考后再评"
    )
    db.session.commit()
    assert keep.snapshot["inputs"][0]["stages"][0]["cumulative"] == "40.00"
    assert not results.is_eliminated(users[1].id)
    cut = decisions.override(
        build_board(cohort), stage, manager, users[2].id, "cut", "严重违反操守规定"
    )
    db.session.commit()
    assert results.is_eliminated(users[2].id)
    assert cut.snapshot["remaining_count"] == 2
    with pytest.raises(DomainError):
        decisions.override(build_board(cohort), stage, manager, users[2].id, "cut", "再次淘汰理由")
    log = decisions.decision_log(cohort)
    assert [d.kind for d in log] == ["elimination", "override", "override"]


def test_override_before_confirmation_is_refused(make_user):
    cohort, users, manager, stage, _ = _cohort([90, 40], below_score="60")
    with pytest.raises(DomainError):
        decisions.override(
            build_board(cohort), stage, manager, users[1].id, "cut", "理由写得很充分"
        )


def test_monthly_snapshot_is_frozen_and_idempotent(make_user):
    cohort, users, manager, stage, _ = _cohort([90, 40])
    snap, created = decisions.freeze_month(cohort, "2026-03", "经理")
    db.session.commit()
    assert created
    first = {r["user_id"]: r["stages"][0]["cumulative"] for r in snap.data["rows"]}
    assert first[users[1].id] == "40.00"
    set_kpis(stage.components[0], "2026-03", {users[1]: 99}, manager)
    again, created = decisions.freeze_month(cohort, "2026-03", "cron")
    assert not created and again.id == snap.id
    db.session.expire_all()
    stored = db.session.get(BoardSnapshot, snap.id)
    assert {r["user_id"]: r["stages"][0]["cumulative"] for r in stored.data["rows"]} == first
    assert build_board(cohort).rows[1].cells[0].cumulative == 99


@pytest.mark.pure
def test_previous_month():
    assert decisions.previous_month(date(2026, 1, 1)) == "2025-12"
    assert decisions.previous_month(date(2026, 3, 15)) == "2026-02"


def test_snapshot_cli_freezes_last_month_once(app, make_user):
    cohort, _users, _manager, _stage, _ = _cohort([90, 40])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["assessment", "snapshot", "--month", "2026-03"])
    assert result.exit_code == 0, result.output
    assert "frozen" in result.output
    result = runner.invoke(args=["assessment", "snapshot", "--month", "2026-03"])
    assert "already frozen" in result.output
    bad = runner.invoke(args=["assessment", "snapshot", "--month", "2026-13"])
    assert bad.exit_code != 0


def test_a_recorded_decision_reads_in_each_readers_language(make_user, login):
    cohort, users, manager, stage, later = _cohort(
        [90, 80, 30, 20], bottom_k="1", min_remaining="3"
    )
    _confirm(cohort, stage, manager)
    decisions.override(build_board(cohort), stage, manager, users[2].id, "cut", "多次未做贷后检查")
    db.session.commit()
    client = login(manager)
    chinese = client.get(f"/cohorts/{cohort.id}/decisions").get_data(as_text=True)
    assert "第4名(共4人),处于末位1名之内" in chinese
    assert "人工淘汰后剩余2人,低于最少保留人数3人" in chinese
    assert "Rank 4 of 4" not in chinese and "trainees remain" not in chinese
    english = client.get(f"/cohorts/{cohort.id}/decisions?lang=en").get_data(as_text=True)
    assert "Rank 4 of 4, within the bottom 1" in english
    assert "2 trainees remain after the cut by hand, fewer than the minimum of 3" in english
    assert "处于末位" not in english and "低于最少保留人数" not in english
    assert "多次未做贷后检查" in english  # the manager's own words stay as written


def test_a_decision_recorded_before_reasons_had_ids_shows_its_text_as_stored(make_user, login):
    cohort, users, manager, stage, _later = _cohort([90, 40])
    cut = {"trainee_id": str(users[1].id), "name": "学员乙", "score": "40.00"}
    old = {
        "rule": {"below_score": "60"},
        "decision": {
            "cuts": [{**cut, "source": "rule", "reasons": ["累计分40.00低于淘汰线60"]}],
            "preview": {"notes": ["旧版说明文字"], "unresolved_ties": []},
            "warnings": [],
        },
        "inputs": [],
    }
    db.session.add(
        Decision(
            cohort_id=cohort.id,
            stage_id=stage.id,
            kind="elimination",
            decided_by_id=manager.id,
            decided_by_name=manager.name,
            decided_at=AFTER,
            snapshot=old,
        )
    )
    db.session.commit()
    client = login(manager)
    for url in (f"/cohorts/{cohort.id}/decisions", f"/cohorts/{cohort.id}/decisions?lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert "累计分40.00低于淘汰线60" in page and "旧版说明文字" in page
