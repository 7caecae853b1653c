"""The board: stored entries → component, stage and cumulative scores, ranks and rank changes."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from sqlalchemy import event

from assessment import score_entries
from assessment.board import build_board
from core import clock
from core.errors import DomainError
from core.extensions import db
from tests.assessment.factories import add_evaluation, add_kpi, add_stage, make_cohort, set_kpis

AFTER_ALL = datetime(2026, 12, 1, tzinfo=UTC)


def _row(board, user):
    return next(r for r in board.rows if r.user_id == user.id)


def test_stage_score_is_weighted_sum_of_normalized_components(make_user):
    cohort, (a, b), manager = make_cohort(2)
    stage = add_stage(cohort)
    evaluation = add_evaluation(stage, weight="1")
    kpi = add_kpi(stage, weight="3", worst="0", best="10")
    # a: 优/良 → (100 + 75) / 2 = 87.5; KPI 5 of 10 → 50; stage = (87.5 + 3 × 50) / 4 = 59.375
    score_entries.save_evaluations(evaluation, manager, {a.id: {"c1": "l1", "c2": "l2"}})
    set_kpis(kpi, "2026-03", {a: 5, b: 12}, manager)
    board = build_board(cohort, now=AFTER_ALL)
    cell = _row(board, a).cells[0]
    assert cell.score.score == D("59.375")
    assert [r.normalized for r in cell.score.results] == [D("87.5"), D(50)]
    # b has no evaluation and the deadline has passed: it counts as 0; KPI is capped at 100
    b_cell = _row(board, b).cells[0]
    assert b_cell.score.missing == (str(evaluation.id),)
    assert b_cell.score.score == D(75)


def test_missing_work_is_pending_before_the_deadline_and_zero_after(make_user):
    cohort, (a,), manager = make_cohort(1)
    stage = add_stage(cohort, ends="2026-03-31")
    add_evaluation(stage)
    kpi = add_kpi(stage)
    set_kpis(kpi, "2026-03", {a: 10}, manager)
    before = build_board(cohort, now=datetime(2026, 3, 31, 15, 59, tzinfo=UTC))  # 23:59 Shanghai
    assert before.rows[0].cells[0].score.provisional
    assert before.rows[0].cells[0].score.score == D(100)
    after = build_board(cohort, now=datetime(2026, 3, 31, 16, 1, tzinfo=UTC))
    assert not after.rows[0].cells[0].score.provisional
    assert after.rows[0].cells[0].score.score == D(50)


def test_two_evaluators_are_averaged_and_a_third_is_refused(make_user):
    cohort, (a,), manager = make_cohort(1)
    evaluation = add_evaluation(add_stage(cohort))
    second, third = make_user(roles={"manager"}), make_user(roles={"manager"})
    score_entries.save_evaluations(evaluation, manager, {a.id: {"c1": "l1", "c2": "l1"}})  # 100
    score_entries.save_evaluations(evaluation, second, {a.id: {"c1": "l3", "c2": "l3"}})  # 50
    db.session.commit()
    with pytest.raises(DomainError, match="两位评估人"):
        score_entries.save_evaluations(evaluation, third, {a.id: {"c1": "l4", "c2": "l4"}})
    db.session.rollback()
    # the first evaluator may still correct their own sheet
    score_entries.save_evaluations(evaluation, manager, {a.id: {"c1": "l2", "c2": "l2"}})  # 75
    db.session.commit()
    cell = build_board(cohort, now=AFTER_ALL).rows[0].cells[0]
    assert cell.score.results[0].normalized == D("62.5")


def test_lower_is_better_kpi_and_monthly_average(make_user):
    cohort, (a,), manager = make_cohort(1)
    overdue = add_kpi(add_stage(cohort), name="逾期率", worst="5", best="0", lower=True)
    set_kpis(overdue, "2026-03", {a: 1}, manager)  # 80 points
    set_kpis(overdue, "2026-04", {a: 4}, manager)  # 20 points
    board = build_board(cohort, now=AFTER_ALL)
    assert board.rows[0].cells[0].score.score == D(50)
    frozen = build_board(cohort, now=AFTER_ALL, until_month="2026-03")
    assert frozen.rows[0].cells[0].score.score == D(80)


def test_cumulative_score_carries_earlier_stages_with_weights_and_ranks_move(make_user):
    cohort, (a, b), manager = make_cohort(2)
    k1 = add_kpi(add_stage(cohort, name="一", weight="1"))
    k2 = add_kpi(add_stage(cohort, name="二", starts="2026-04-01", ends="2026-04-30", weight="3"))
    set_kpis(k1, "2026-03", {a: 9, b: 6}, manager)
    set_kpis(k2, "2026-04", {a: 5, b: 7}, manager)
    board = build_board(cohort, now=AFTER_ALL)
    ra, rb = _row(board, a), _row(board, b)
    assert (ra.cells[0].rank, rb.cells[0].rank) == (1, 2)
    # a: (90 + 3 × 50) / 4 = 60; b: (60 + 3 × 70) / 4 = 67.5
    assert ra.cells[1].cumulative == D(60)
    assert rb.cells[1].cumulative == D("67.5")
    assert (rb.cells[1].rank, rb.cells[1].change) == (1, 1)
    assert (ra.cells[1].rank, ra.cells[1].change) == (2, -1)


def test_equal_scores_share_a_rank(make_user):
    cohort, (a, b, c), manager = make_cohort(3)
    kpi = add_kpi(add_stage(cohort))
    set_kpis(kpi, "2026-03", {a: 5, b: 5, c: 9}, manager)
    ranks = sorted(r.cells[0].rank for r in build_board(cohort, now=AFTER_ALL).rows)
    assert ranks == [1, 2, 2]


def _count_queries(cohort) -> int:
    statements = []

    def listen(*_args):
        statements.append(1)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", listen)
    try:
        db.session.expire_all()
        build_board(cohort, now=AFTER_ALL)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return len(statements)


def test_board_query_count_does_not_grow_with_trainees(make_user):
    counts = []
    for size in (2, 12):
        cohort, users, manager = make_cohort(size)
        stage = add_stage(cohort)
        evaluation = add_evaluation(stage)
        kpi = add_kpi(stage)
        score_entries.save_evaluations(
            evaluation, manager, {u.id: {"c1": "l1", "c2": "l2"} for u in users}
        )
        set_kpis(kpi, "2026-03", {u: 3 for u in users}, manager)
        counts.append(_count_queries(cohort))
    assert 0 < counts[0] == counts[1]
    clock.set_now(None)


def test_cached_board_is_reused_until_something_changes(make_user):
    cohort, (a, b), manager = make_cohort(2)
    kpi = add_kpi(add_stage(cohort))
    set_kpis(kpi, "2026-03", {a: 5, b: 6}, manager)
    first = _count_queries(cohort)
    assert _count_queries(cohort) < first  # the rows come from the cache
    set_kpis(kpi, "2026-03", {a: 9}, manager)
    assert _row(build_board(cohort, now=AFTER_ALL), a).cells[0].score.score == D(90)
    b.branch = "新网点"
    db.session.commit()
    assert _row(build_board(cohort, now=AFTER_ALL), b).branch == "新网点"
    # a deadline passing changes pending work into zeros
    add_evaluation(cohort.stages[0])
    before = build_board(cohort, now=datetime(2026, 3, 1, tzinfo=UTC))
    after = build_board(cohort, now=AFTER_ALL)
    assert before.rows[0].cells[0].score.provisional
    assert after.rows[0].cells[0].score.missing
