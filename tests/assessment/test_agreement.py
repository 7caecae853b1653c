"""Agreement between evaluators: kappa and ICC per pair, leniency, flagged disagreements that
block an elimination until a moderation note resolves them."""

from decimal import Decimal

import pytest

from assessment import agreement, decisions, results
from assessment.board import build_board
from core.errors import DomainError
from core.extensions import db
from tests.assessment.fairness_factories import rubric_cohort

KPIS = [90, 85, 80, 75, 70, 66, 64, 60, 55, 50]
AGREE = [0, 0, 1, 1, 2, 2, 3, 3, 1, 2]
# The trainer agrees except for the 4th trainee (优 where the manager gave 差 would be 100
# points apart; here 3 levels: 100 vs 25 on the 0-100 scale).
ONE_APART = [0, 0, 1, 1, 2, 2, 0, 3, 1, 2]


def test_perfect_agreement_has_kappa_and_icc_one_and_no_flags(app):
    _cohort, _users, _manager, _stage, evaluation = rubric_cohort(KPIS, AGREE, AGREE, bottom_k="2")
    result = agreement.component_agreement(evaluation)
    (pair,) = result.pairs
    assert pair.shared == 10 and pair.icc == 1 and pair.kappa == 1 and not pair.poor
    assert [lenient for _who, _n, lenient in result.evaluators] == [0, 0]
    assert result.flagged == ()


def test_a_wide_gap_is_flagged_blocks_the_decision_until_moderated(app):
    cohort, users, manager, stage, evaluation = rubric_cohort(KPIS, AGREE, ONE_APART, bottom_k="2")
    result = agreement.component_agreement(evaluation)
    (flag,) = result.flagged
    assert flag.trainee_id == users[6].id and flag.gap == Decimal(75) and not flag.resolved
    # The trainer is more lenient by 75 points on one trainee of ten: +7.5 on average.
    assert dict((who, lenient) for who, _n, lenient in result.evaluators)["李考评"] == Decimal(
        "7.5"
    )
    board = build_board(cohort)
    preview = decisions.preview(board, stage)
    band = decisions.band_for(board, stage, preview)
    notes = {m.trainee_id: "复核后维持结论" for m in band.members}
    with pytest.raises(
        decisions.EliminationError, match=users[6].display_name or users[6].username
    ):
        decisions.confirm(board, stage, manager, decisions.preview_token(preview), notes)
    db.session.rollback()
    with pytest.raises(DomainError):
        agreement.resolve(evaluation, users[6].id, "短", manager)
    with pytest.raises(DomainError):
        agreement.resolve(evaluation, users[0].id, "两位考评人一致,无需复核", manager)
    agreement.resolve(evaluation, users[6].id, "调阅实战录像后,以组长评分为准", manager)
    db.session.commit()
    assert agreement.component_agreement(evaluation).flagged[0].resolved
    board = build_board(cohort)
    preview = decisions.preview(board, stage)
    band = decisions.band_for(board, stage, preview)
    notes = {m.trainee_id: "复核后维持结论" for m in band.members}
    decisions.confirm(board, stage, manager, decisions.preview_token(preview), notes)


def test_the_gap_is_a_component_setting(app):
    _cohort, _users, _manager, _stage, evaluation = rubric_cohort(
        KPIS, AGREE, ONE_APART, bottom_k="2"
    )
    agreement.set_gap(evaluation, "80")
    assert agreement.component_agreement(evaluation).flagged == ()
    for bad in ("0", "101", "abc", ""):
        with pytest.raises(DomainError):
            agreement.set_gap(evaluation, bad)


def test_agreement_page_shows_pairs_flags_and_resolves(app, client, login):
    _cohort, users, manager, _stage, evaluation = rubric_cohort(
        KPIS, AGREE, ONE_APART, bottom_k="2"
    )
    cohort = evaluation.stage.cohort
    login(manager)
    page = client.get(f"/cohorts/{cohort.id}/agreement").get_data(as_text=True)
    assert 'data-testid="disagreement"' in page and "李考评" in page
    empty = client.post(
        f"/cohorts/components/{evaluation.id}/moderation", data={"trainee_id": users[6].id}
    )
    assert empty.status_code == 400
    sent = client.post(
        f"/cohorts/components/{evaluation.id}/moderation",
        data={"trainee_id": users[6].id, "note": "调阅实战录像后,以组长评分为准"},
    )
    assert sent.status_code == 302
    assert "调阅实战录像后" in client.get(f"/cohorts/{cohort.id}/agreement").get_data(as_text=True)
    bad_gap = client.post(f"/cohorts/components/{evaluation.id}/agreement-gap", data={"gap": "500"})
    assert bad_gap.status_code == 422


def test_results_give_the_agreement_to_other_areas(app):
    cohort, users, manager, _stage, evaluation = rubric_cohort(KPIS, AGREE, ONE_APART, bottom_k="2")
    (found,) = results.evaluator_agreement(cohort.id)
    assert found["component_id"] == evaluation.id and found["pairs"][0]["shared"] == 10
    assert [f["trainee_id"] for f in found["flagged"]] == [users[6].id]
    assert found["flagged"][0]["resolved"] is False
    assert results.evaluator_agreement(0) == []
