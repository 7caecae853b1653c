"""Measurement error at the cut line: the band in the elimination preview, notes on confirm."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from assessment import decisions, measurement, results, score_entries, services
from assessment.board import build_board
from assessment.elimination import Candidate, EliminationRule, preview_elimination
from core import clock
from core.errors import DomainError
from core.extensions import db
from tests.assessment.factories import (
    add_evaluation,
    add_kpi,
    add_stage,
    make_cohort,
    set_kpis,
    stage_input,
)
from tests.factories import make_user

AFTER = datetime(2026, 4, 2, tzinfo=UTC)
# Level of each of the rubric's two criteria per trainee, for evaluators A and B (index into
# 优 良 中 差): B mostly agrees with A, sometimes one level apart.
LEVELS_A = [0, 0, 1, 1, 2, 2, 3, 3, 1, 2]
LEVELS_B = [0, 1, 1, 2, 2, 3, 3, 3, 1, 1]


def _sheets(component, users, levels):
    criteria = component.config["criteria"]
    return {
        u.id: {c["id"]: c["levels"][level]["id"] for c in criteria}
        for u, level in zip(users, levels, strict=True)
    }


def _cohort(kpis, levels_b=LEVELS_B, **rule):
    cohort, users, manager = make_cohort(len(kpis))
    stage = add_stage(cohort, **rule)
    kpi = add_kpi(stage, best="100")
    evaluation = add_evaluation(stage)
    set_kpis(kpi, "2026-03", dict(zip(users, kpis, strict=True)), manager)
    other = make_user(roles={"trainer"})
    score_entries.save_evaluations(evaluation, manager, _sheets(evaluation, users, LEVELS_A))
    score_entries.save_evaluations(evaluation, other, _sheets(evaluation, users, levels_b))
    db.session.commit()
    clock.set_now(AFTER)
    return cohort, users, manager, stage


def _preview_and_band(cohort, stage):
    board = build_board(cohort)
    preview = decisions.preview(board, stage)
    return board, preview, decisions.band_for(board, stage, preview)


def test_trainees_near_the_cut_line_are_within_measurement_error(app):
    cohort, users, manager, stage = _cohort([90, 85, 80, 75, 70, 66, 64, 60, 55, 50], bottom_k="3")
    _board, preview, band = _preview_and_band(cohort, stage)
    assert band.shown and band.sem > 0
    # The evaluation is estimated from the two evaluators, the KPI is exact.
    status = {e.kind: e.status for e in band.components}
    assert status == {"kpi": "exact", "evaluation": "estimated"}
    # Bottom 3 of ten: the line lies midway between the 8th and the 7th placed.
    shown = sorted(round(r.row.score, 2) for r in preview.standings)
    assert band.line == (shown[2] + shown[3]) / 2
    for ranked in preview.standings:
        inside = abs(round(ranked.row.score, 2) - band.line) <= band.sem
        assert (ranked.row.trainee_id in band.member_ids) == inside
    assert band.members, "the example puts someone within one SEM of the line"
    assert {m.outcome for m in band.members} <= {"cut", "spared"}


def test_confirming_needs_a_note_for_each_trainee_in_the_band_and_stores_them(app):
    cohort, users, manager, stage = _cohort([90, 85, 80, 75, 70, 66, 64, 60, 55, 50], bottom_k="3")
    board, preview, band = _preview_and_band(cohort, stage)
    token = decisions.preview_token(preview)
    with pytest.raises(decisions.EliminationError) as refused:
        decisions.confirm(board, stage, manager, token, {})
    assert band.members[0].name in str(refused.value)
    db.session.rollback()
    assert decisions.elimination_decision(stage) is None
    notes = {m.trainee_id: f"复核了{m.name}的评分表,维持结论" for m in band.members}
    decision = decisions.confirm(build_board(cohort), stage, manager, token, notes)
    db.session.commit()
    stored = decision.snapshot["measurement"]
    assert stored["shown"] and stored["sem"] == str(round(band.sem, 2))
    assert {m["trainee_id"]: m["note"] for m in stored["members"]} == notes


def test_k_zero_turns_the_band_off(app):
    cohort, users, manager, stage = _cohort([90, 85, 80, 75, 70, 66, 64, 60, 55, 50], bottom_k="3")
    stage.band_k = Decimal(0)
    db.session.commit()
    _board, _preview, band = _preview_and_band(cohort, stage)
    assert band.members == ()


def test_a_single_evaluator_gives_no_estimate_and_the_page_says_so(app, client, login):
    cohort, users, manager = make_cohort(6)
    stage = add_stage(cohort, below_score="60")
    kpi = add_kpi(stage, best="100")
    evaluation = add_evaluation(stage)
    set_kpis(kpi, "2026-03", dict(zip(users, [90, 70, 61, 59, 40, 80], strict=True)), manager)
    score_entries.save_evaluations(evaluation, manager, _sheets(evaluation, users, LEVELS_A[:6]))
    db.session.commit()
    clock.set_now(AFTER)
    _board, _preview, band = _preview_and_band(cohort, stage)
    assert band.line == Decimal(60)
    assert [e.status for e in band.components] == ["exact", "unknown"]
    # The unknown error counts as 0: the KPI is exact, so the band has no width.
    assert band.sem == 0 and band.members == ()
    login(manager)
    page = client.get(f"/cohorts/stages/{stage.id}/elimination").get_data(as_text=True)
    assert 'data-testid="band"' in page


def test_cut_line_is_the_cutoff_or_midway_between_last_cut_and_first_kept():
    rows = [Candidate(str(i), f"t{i}", Decimal(s)) for i, s in enumerate([50, 58, 62, 70])]
    only_cutoff = preview_elimination(rows, EliminationRule(below_score=Decimal(60)))
    assert measurement.cut_line(only_cutoff) == Decimal(60)
    bottom = preview_elimination(rows, EliminationRule(bottom_k=2))
    assert measurement.cut_line(bottom) == Decimal(60)  # (58 + 62) / 2
    nobody = preview_elimination(rows, EliminationRule(bottom_k=0))
    assert measurement.cut_line(nobody) is None


def test_results_give_the_band_of_the_preview_then_of_the_decision(app):
    cohort, users, manager, stage = _cohort([90, 85, 80, 75, 70, 66, 64, 60, 55, 50], bottom_k="3")
    live = results.measurement_band(stage.id)
    assert live["shown"] and live["members"] and live["members"][0]["note"] == ""
    board, preview, band = _preview_and_band(cohort, stage)
    notes = {m.trainee_id: "复核后维持结论" for m in band.members}
    decisions.confirm(board, stage, manager, decisions.preview_token(preview), notes)
    db.session.commit()
    recorded = results.measurement_band(stage.id)
    assert {m["note"] for m in recorded["members"]} == {"复核后维持结论"}
    assert results.measurement_band(0) is None


def test_the_band_width_is_a_stage_setting_within_range(app):
    cohort, _users, _manager = make_cohort(2)
    typed = stage_input(bottom_k="1")
    stage = services.save_stage(cohort, None, replace(typed, band_k=Decimal("1.5")))
    assert stage.band_k == Decimal("1.5")
    for bad in (Decimal(-1), Decimal(6), Decimal("NaN")):
        with pytest.raises(DomainError):
            services.save_stage(cohort, stage, replace(typed, band_k=bad))
    db.session.rollback()
    assert services.save_stage(cohort, None, typed).band_k == Decimal(1)  # the default


def test_the_board_chart_shades_the_band(app, client, login):
    cohort, users, manager, stage = _cohort([90, 85, 80, 75, 70, 66, 64, 60, 55, 50], bottom_k="3")
    login(manager)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert 'class="band"' in page and "测量误差范围" in page
