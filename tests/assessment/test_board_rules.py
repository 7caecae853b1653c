"""The board's batched computation agrees with the pure rules applied one trainee at a time.

``assessment.board`` scores thousands of trainees with shared per-pattern work
(``stage_scoring.StagePlan``), an incremental cumulative score and ranks computed on the cells;
the numbers a manager sees must be exactly those of ``stage_score``, ``overall_score`` and
``rank_trainees``. (Not pure: the board under test is built from the database.)
"""

import random
from datetime import UTC, datetime
from decimal import Decimal as D

from assessment import score_entries
from assessment.board import build_board, component_spec
from assessment.ranking import Candidate, rank_trainees
from assessment.stage_scoring import StagePlan, overall_score, stage_score
from tests.assessment.factories import add_evaluation, add_kpi, add_stage, make_cohort, set_kpis

# After stage 1's deadline, before stage 2's: missing work in stage 1, pending work in stage 2.
BETWEEN = datetime(2026, 4, 15, tzinfo=UTC)
LEVELS = ["l1", "l2", "l3", "l4"]


def _cohort_with_gaps(make_user):
    rng = random.Random(7)
    cohort, users, manager = make_cohort(14)
    first = add_stage(
        cohort, name="一", weight="2", bottom_k="1", tie_breakers=["evaluation", "stage_score"]
    )
    second = add_stage(cohort, name="二", starts="2026-04-01", ends="2026-04-30", weight="3")
    parts = [
        add_evaluation(first, name="表现", weight="2"),
        add_kpi(first, name="笔数", weight="1", worst="0", best="10"),
        add_kpi(first, name="逾期率", weight="3", worst="5", best="0", lower=True),
        add_evaluation(second, name="答辩", weight="1"),
        add_kpi(second, name="金额", weight="1", worst="0", best="200"),
    ]
    for component in parts:
        chosen = [u for u in users[2:] if rng.random() < 0.7]  # the others have no entry
        if component.kind == "evaluation":
            sheets = {u.id: {"c1": rng.choice(LEVELS), "c2": rng.choice(LEVELS)} for u in chosen}
            score_entries.save_evaluations(component, manager, sheets)
        else:
            values = {u: rng.choice(["0", "2.5", "3", "7.25", "10", "150"]) for u in chosen}
            month = "2026-03" if component.stage_id == first.id else "2026-04"
            set_kpis(component, month, values, manager)
    # A second evaluator for some trainees, a second KPI month for others.
    colleague = make_user(roles={"manager"})
    sheets = {u.id: {"c1": rng.choice(LEVELS), "c2": rng.choice(LEVELS)} for u in users[2:7]}
    score_entries.save_evaluations(parts[0], colleague, sheets)
    set_kpis(parts[1], "2026-04", {u: rng.choice(["1", "9.5"]) for u in users[5:10]}, manager)
    # Shown stage-one scores tie at 33.33 (200/6 and 3 × 66.66 / 6); the evaluation breaks it.
    score_entries.save_evaluations(parts[0], manager, {users[0].id: {"c1": "l1", "c2": "l1"}})
    set_kpis(parts[2], "2026-03", {users[1]: "1.667"}, manager)
    return cohort, users


def test_board_numbers_equal_the_rules_applied_trainee_by_trainee(make_user):
    cohort, users = _cohort_with_gaps(make_user)
    board = build_board(cohort, now=BETWEEN)
    assert len(board.rows) == len(users)
    weights = [D(s.weight) for s in board.stages]
    for index, stage in enumerate(board.stages):
        specs = [component_spec(c) for c in stage.components]
        candidates = []
        for row in board.rows:
            cell = row.cells[index]
            results = {r.component_id: r for r in cell.score.results}
            expected = stage_score(specs, results)
            assert cell.score == expected
            earlier = [row.cells[i].score for i in range(index + 1)]
            assert cell.cumulative == overall_score(earlier, weights[: index + 1])
            candidates.append(
                Candidate(str(row.user_id), row.name, cell.cumulative, cell.tie_values)
            )
        breakers = (stage.rule or {}).get("tie_breakers") or ()
        ranks = {r.row.trainee_id: (r.rank, r.tied) for r in rank_trainees(candidates, breakers)}
        assert {str(r.user_id): (r.cells[index].rank, r.cells[index].tied) for r in board.rows} == (
            ranks
        )
    first, second = board.rows[0].cells[0], board.rows[1].cells[0]
    assert str(first.cumulative)[:5] == str(second.cumulative)[:5] == "33.33"
    assert first.rank + 1 == second.rank
    raws = [r.raw for row in board.rows for r in row.cells[0].score.results if r.raw]
    assert any(isinstance(raw, list) and len(raw) == 2 for raw in raws)  # two evaluators
    assert any(isinstance(raw, dict) and len(raw) == 2 for raw in raws)  # two KPI months
    statuses = {r.status for row in board.rows for c in row.cells for r in c.score.results}
    assert statuses == {"scored", "missing", "pending"}


def test_stage_plan_shares_work_between_trainees_with_the_same_statuses(make_user):
    cohort, _users = _cohort_with_gaps(make_user)
    board = build_board(cohort, now=BETWEEN)
    stage = board.stages[0]
    plan = StagePlan([component_spec(c) for c in stage.components])
    scores = [plan.score(row.cells[0].score.results) for row in board.rows]
    assert [s.score for s in scores] == [row.cells[0].score.score for row in board.rows]
    patterns = {tuple(r.status for r in s.results) for s in scores}
    assert len(plan._patterns) == len(patterns) < len(scores)
