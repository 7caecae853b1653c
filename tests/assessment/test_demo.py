"""The demo cohort scores the monthly review on the items the source lists."""

from sqlalchemy import func, select

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
