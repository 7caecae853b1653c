"""Demo data: the shipped scenarios, and the demo cohort practising the first one so that its
practical-drill stage (实战演练) shows simulator scores on the board."""

from sqlalchemy import select

from assessment.board import build_board
from assessment.demo import KEY, load_demo, load_demo_trainees
from assessment.models import Cohort
from core.demo import load_demo_accounts
from core.extensions import db
from simulator.demo import load_demo as load_scenarios
from simulator.demo_runs import load_demo_runs
from simulator.models import Run


def test_the_demo_cohort_practises_and_its_drill_stage_counts_the_runs(db_session):
    load_demo_accounts()
    load_scenarios()
    load_demo_trainees()
    assert load_demo_runs() == "40 demo runs played"
    assert load_demo_runs() == "demo runs already present"
    load_demo()
    scores = [run.score for run in db.session.scalars(select(Run))]
    assert len(scores) == 40 and min(scores) < 50 < max(scores)
    cohort = db.session.scalar(select(Cohort).where(Cohort.source_key == KEY))
    drill = next(stage for stage in cohort.stages if stage.name == "实战演练")
    component = next(c for c in drill.components if c.kind == "simulator")
    assert component.config["policy"] == "best"
    board = build_board(cohort)
    index = [stage.id for stage in board.stages].index(drill.id)
    position = [c.id for c in board.stages[index].components].index(component.id)
    shown = [
        row.cells[index].score.results[position]
        for row in board.rows
        if len(row.cells) > index and row.cells[index].score.results
    ]
    assert len(shown) >= 30  # those still in the race when the drill stage was scored
    assert all(result.status == "scored" for result in shown)
