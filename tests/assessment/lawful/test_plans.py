"""Improvement plans: a manager opens one, the trainee sees it, the re-assessment is recorded."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from assessment.lawful import improvement_plans
from assessment.lawful.improvement_plans import PlanError, PlanInput
from assessment.lawful.models import ImprovementPlan
from core import clock
from core.audit import AuditEvent
from core.extensions import db
from tests.assessment.factories import add_stage, make_cohort
from tests.chinese import in_chinese
from tests.courses.factories import make_module


def _input(user, **changes):
    values = dict(
        trainee_id=user.id,
        shortfall="交叉检验只用了一种方法",
        step="reassignment",
        training=[],
        reassignment="调至贷后管理岗辅助,自 2026-05-06 起",
        deadline=date(2026, 6, 15),
        reassessment="6 月复评演练不低于 60 分",
    )
    return PlanInput(**(values | changes))


def test_a_plan_needs_a_finding_a_step_and_a_later_deadline():
    cohort, users, manager = make_cohort(1)
    clock.set_now(datetime(2026, 5, 6, 2, tzinfo=UTC))
    for changes, expected in [
        ({"shortfall": " "}, "不达标"),
        ({"step": "training"}, "至少安排"),
        ({"reassignment": ""}, "调岗"),
        ({"deadline": date(2026, 5, 6)}, "期限"),
        ({"step": "training", "training": ["quiz:999999"]}, "无法安排"),
    ]:
        with pytest.raises(PlanError) as caught:
            improvement_plans.open_plan(cohort, _input(users[0], **changes), manager)
        assert expected in in_chinese(caught.value)
    plan = improvement_plans.open_plan(cohort, _input(users[0]), manager)
    assert plan.opened_on == date(2026, 5, 6) and plan.opened_by_name == manager.name
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == str(plan.id)))


def test_the_reassessment_is_recorded_from_the_deadline_on_and_only_once():
    cohort, users, manager = make_cohort(1)
    clock.set_now(datetime(2026, 5, 6, 2, tzinfo=UTC))
    plan = improvement_plans.open_plan(cohort, _input(users[0]), manager)
    with pytest.raises(PlanError) as caught:
        improvement_plans.record_result(plan, "not_met", "仍不达标", manager, on=date(2026, 6, 14))
    assert "2026-06-15" in in_chinese(caught.value)
    improvement_plans.record_result(plan, "not_met", "仍不达标", manager, on=date(2026, 6, 15))
    assert plan.result == "not_met" and plan.result_on == date(2026, 6, 15)
    with pytest.raises(PlanError):
        improvement_plans.record_result(plan, "met", "改判", manager, on=date(2026, 6, 16))


def test_manager_opens_a_plan_with_training_and_the_trainee_sees_it_at_home(client, login):
    cohort, users, manager = make_cohort(1)
    add_stage(cohort)
    clock.set_now(datetime(2026, 5, 6, 2, tzinfo=UTC))
    login(manager)
    page = client.get(f"/cohorts/{cohort.id}/plans").get_data(as_text=True)
    assert "开启改进计划" in page
    module = make_module(title="贷后检查报告写作")
    training = [(f"module:{module.slug}", module.title)]
    data = {
        "trainee_id": str(users[0].id),
        "shortfall": "贷后检查报告照抄模板",
        "step": "training",
        "training": [training[0][0]],
        "deadline": "2026-06-15",
        "reassessment": "复评两份检查报告",
    }
    assert client.post(f"/cohorts/{cohort.id}/plans", data=data).status_code == 302
    plan = db.session.scalar(select(ImprovementPlan))
    bad = client.post(
        f"/cohorts/plans/{plan.id}/result", data={"result": "not_met", "note": "仍照抄"}
    )
    assert bad.status_code == 422  # before the deadline
    client.post("/logout")
    login(users[0])
    home = client.get("/").get_data(as_text=True)
    assert "贷后检查报告照抄模板" in home and "2026-06-15" in home
    assert f'href="/courses/m/{module.slug}">贷后检查报告写作' in home
