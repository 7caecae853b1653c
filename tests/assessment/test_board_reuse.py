"""The board recomputes only trainees whose inputs changed, and still gives exactly the numbers
of a board computed from nothing."""

from datetime import UTC, datetime
from decimal import Decimal as D

from sqlalchemy import select

from assessment import board as board_module
from assessment import board_cache, score_entries, services
from assessment.board import build_board
from assessment.models import Enrolment
from assessment.services import ComponentInput
from core.extensions import db
from tests.assessment.factories import add_kpi, add_stage, make_cohort, set_kpis, stage_input
from tests.assessment.test_board_rules import BETWEEN, _cohort_with_gaps
from tests.assessment.test_bulk_results import _attempt
from tests.quizzes.quiz_factories import make_quiz

AFTER_ALL = datetime(2026, 12, 1, tzinfo=UTC)


def _cells(board):
    return {
        row.user_id: [
            (c.score, c.cumulative, c.active, c.rank, c.tied, c.change, c.tie_values)
            for c in row.cells
        ]
        for row in board.rows
    }


def _recomputed(monkeypatch) -> list:
    """Trainee ids each board computation scored (rather than reused)."""
    seen = []
    original = board_module._score_rows

    def spy(rows, *args):
        seen.append(sorted(row.user_id for row in rows))
        return original(rows, *args)

    monkeypatch.setattr(board_module, "_score_rows", spy)
    return seen


def _revisions(cohort) -> dict[int, str]:
    return dict(
        db.session.execute(
            select(Enrolment.user_id, Enrolment.revision).where(Enrolment.cohort_id == cohort.id)
        ).all()
    )


def test_after_one_change_only_that_trainee_is_recomputed_and_numbers_match(make_user, monkeypatch):
    cohort, users = _cohort_with_gaps(make_user)
    before = build_board(cohort, now=BETWEEN)
    recomputed = _recomputed(monkeypatch)
    evaluation, kpi = cohort.stages[0].components[0], cohort.stages[0].components[1]
    manager = cohort.managers[0]
    score_entries.save_evaluations(evaluation, manager, {users[3].id: {"c1": "l4", "c2": "l4"}})
    set_kpis(kpi, "2026-03", {users[9]: "4.2"}, manager)  # not among the values used

    reused = build_board(cohort, now=BETWEEN)
    assert recomputed == [sorted([users[3].id, users[9].id])]
    board_cache.clear()
    fresh = build_board(cohort, now=BETWEEN)
    assert recomputed[-1] == sorted(u.id for u in users)  # from nothing: everyone
    assert _cells(reused) == _cells(fresh)
    changed = {row.user_id: row.cells[0].score.score for row in reused.rows}
    earlier = {row.user_id: row.cells[0].score.score for row in before.rows}
    assert changed[users[3].id] != earlier[users[3].id]
    assert changed[users[9].id] != earlier[users[9].id]


def test_an_entry_changes_the_revision_of_that_trainee_only(make_user):
    cohort, (a, b, c), manager = make_cohort(3)
    kpi = add_kpi(add_stage(cohort))
    start = _revisions(cohort)
    assert len(set(start.values())) == 3 and "" not in start.values()
    set_kpis(kpi, "2026-03", {a: 5, b: 6}, manager)
    after_import = _revisions(cohort)
    assert after_import[a.id] != start[a.id] and after_import[b.id] != start[b.id]
    assert after_import[c.id] == start[c.id]
    score_entries.save_kpis(kpi, "2026-03", {b.id: ""}, manager)  # clearing a value is a change too
    db.session.commit()
    board = build_board(cohort, now=AFTER_ALL)
    assert _revisions(cohort)[b.id] != after_import[b.id]
    assert {r.user_id: r.cells[0].score.score for r in board.rows} == {
        a.id: D(50),
        b.id: D(0),
        c.id: D(0),
    }


def test_a_new_quiz_grade_reaches_the_board_without_an_assessment_write(make_user, monkeypatch):
    cohort, (a, b), _manager = make_cohort(2)
    quiz = make_quiz(published=True, grading_method="highest")
    _attempt(quiz, a, 1, "1")
    _attempt(quiz, b, 1, "2")
    db.session.commit()
    stage = add_stage(cohort)
    services.add_component(stage, ComponentInput(name="考试", kind="quiz", ref_id=quiz.id))
    db.session.commit()
    first = build_board(cohort, now=AFTER_ALL)
    assert [r.cells[0].rank for r in first.rows] == [2, 1]
    recomputed = _recomputed(monkeypatch)
    _attempt(quiz, a, 2, "3")  # only the quizzes area changes
    db.session.commit()
    second = build_board(cohort, now=AFTER_ALL)
    assert recomputed == [[a.id]]
    assert second.rows[0].cells[0].score.score == D(100)
    assert [r.cells[0].rank for r in second.rows] == [1, 2]


def test_the_board_page_keeps_charts_per_language_and_updates_the_outlook(make_user, login):
    cohort, (a, b, c), manager = make_cohort(3)
    kpi = add_kpi(add_stage(cohort, bottom_k="1"))
    set_kpis(kpi, "2026-03", {a: 5, b: 6, c: 7}, manager)
    client = login(manager)
    chinese = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    english = client.get(f"/cohorts/{cohort.id}?lang=en").get_data(as_text=True)
    assert "累计分分布" in chinese and "Distribution of cumulative scores" not in chinese
    assert "Distribution of cumulative scores" in english and "累计分分布" not in english
    assert "累计分(人数)" in chinese and "Cumulative score (trainees)" in english
    assert "累计分(人数)" not in english and "人</title>" not in english
    assert "would be cut" in english and "1 trainees" in english
    # a rule that now cuts two: the cached outlook must not survive the change
    add_stage(cohort, name="实战演练", starts="2026-04-01", ends="2026-04-30")
    services.save_stage(
        cohort,
        cohort.stages[0],
        stage_input(name="课堂培训", starts="2026-03-02", ends="2026-03-31", bottom_k="2"),
    )
    db.session.commit()
    english = client.get(f"/cohorts/{cohort.id}?lang=en&stage=0").get_data(as_text=True)
    assert "2 trainees would be cut" in english
