"""The demo cohort scores the monthly review on the items the source lists."""

from sqlalchemy import func, select

from assessment import decisions, results
from assessment.board import build_board
from assessment.demo import KEY, load_demo
from assessment.models import Cohort, KpiEntry
from core.demo import load_demo_accounts
from core.extensions import db


def test_demo_monthly_review_scores_amounts_and_business_analysis_and_loads_once(db_session):
    load_demo_accounts()
    load_demo()
    cohort = db.session.scalar(select(Cohort).where(Cohort.source_key == KEY))
    lending = next(s for s in cohort.stages if s.name == "放款阶段")
    components = {c.name: c for c in lending.components}
    assert {"月放款笔数", "月放款金额"} <= set(components)
    criteria = {c["name"] for c in components["月度考评"].config["criteria"]}
    assert {"贷审会汇报", "贷后管理", "客户关系", "业务分析"} <= criteria
    amounts = select(func.count(KpiEntry.id)).where(
        KpiEntry.component_id == components["月放款金额"].id
    )
    entered = db.session.scalar(amounts)
    assert entered > 0
    assert load_demo() == "cohort already present"
    assert db.session.scalar(amounts) == entered


def test_demo_cohort_shows_the_band_a_poorly_agreeing_pair_and_a_flagged_disagreement(db_session):
    load_demo_accounts()
    load_demo()
    cohort = db.session.scalar(select(Cohort).where(Cohort.source_key == KEY))
    board = build_board(cohort)
    lending = board.stages[2]
    preview = decisions.preview(board, lending)
    band = decisions.band_for(board, lending, preview)
    assert band.shown and band.members, "someone is within measurement error at the cut line"
    found = results.evaluator_agreement(cohort.id)
    assert any(p["poor"] for f in found for p in f["pairs"])
    unresolved = [d for f in found for d in f["flagged"] if not d["resolved"]]
    assert len(unresolved) == 1
    # The decided drill stage kept its band and notes; its flags were moderated before.
    drill = decisions.elimination_decision(board.stages[1])
    assert "measurement" in drill.snapshot
