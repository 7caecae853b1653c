"""A manager confirms an elimination with an outcome per person over HTTP."""

from sqlalchemy import select

from assessment import decisions
from assessment.board import build_board
from assessment.lawful.hiring_conditions import current_version
from assessment.lawful.models import DecisionOutcome
from assessment.models import Decision
from core.extensions import db
from tests.assessment.lawful.helpers import lawful_cohort


def test_the_preview_refuses_termination_on_rank_alone_and_records_a_reassignment(client, login):
    cohort, users, manager, stage, *_ = lawful_cohort([90, 70, 65], bottom_k="1")
    login(manager)
    url = f"/cohorts/stages/{stage.id}/elimination"
    page = client.get(url).get_data(as_text=True)
    assert "指导案例18号" in page and "不提供法律意见" in page
    assert "试用期不予录用" not in page.split('data-testid="bases"')[1]  # not offered
    token = decisions.preview_token(decisions.preview(build_board(cohort), stage))
    field = f"p{users[2].id}-outcome"
    refused = client.post(url, data={"token": token, field: "probation_not_confirmed"})
    assert refused.status_code == 422 and "未作任何记录" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Decision.id)) is None
    done = client.post(
        url, data={"token": token, field: "reassign", f"p{users[2].id}-note": "回原支行柜面"}
    )
    assert done.status_code == 302
    row = db.session.scalar(select(DecisionOutcome))
    assert row.outcome == "reassign" and row.rank_only and row.basis["note"] == "回原支行柜面"
    log = client.get(f"/cohorts/{cohort.id}/decisions").get_data(as_text=True)
    assert "调岗" in log and "回原支行柜面" in log


def test_a_probation_outcome_with_its_condition_is_recorded_from_the_page(client, login):
    cohort, users, manager, stage, *_ = lawful_cohort([90, 40, 70], below_score="60")
    login(manager)
    url = f"/cohorts/stages/{stage.id}/elimination"
    page = client.get(url).get_data(as_text=True)
    assert "试用期不予录用" in page and "课堂培训阶段综合分不低于 60 分" in page
    token = decisions.preview_token(decisions.preview(build_board(cohort), stage))
    condition = current_version(cohort.id).conditions[0]
    prefix = f"p{users[1].id}"
    data = {
        "token": token,
        f"{prefix}-outcome": "probation_not_confirmed",
        f"{prefix}-condition": str(condition.id),
    }
    assert client.post(url, data=data).status_code == 302
    log = client.get(f"/cohorts/{cohort.id}/decisions").get_data(as_text=True)
    assert "试用期不予录用" in log and "40.00" in log and "2026-09-01" in log
