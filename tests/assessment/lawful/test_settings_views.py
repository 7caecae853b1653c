"""The labour settings page of a manager and the trainee's acknowledgement on the home page."""

from assessment.lawful import hiring_conditions
from assessment.lawful.models import ContractTerm
from core.extensions import db
from tests.assessment.factories import add_stage, make_cohort


def test_manager_sets_outcomes_conditions_and_a_contract(client, login):
    cohort, users, manager = make_cohort(2)
    add_stage(cohort, ends="2026-10-31")
    login(manager)
    page = client.get(f"/cohorts/{cohort.id}/labour").get_data(as_text=True)
    assert "不提供法律意见" in page
    bad = client.post(
        f"/cohorts/{cohort.id}/labour/outcomes", data={"outcomes": ["incompetence_termination"]}
    )
    assert bad.status_code == 422 and "调岗" in bad.get_data(as_text=True)
    ok = client.post(f"/cohorts/{cohort.id}/labour/outcomes", data={"outcomes": ["reassign"]})
    assert ok.status_code == 302
    wrong = client.post(f"/cohorts/{cohort.id}/labour/conditions", data={"conditions": "缺少分隔"})
    assert wrong.status_code == 422 and "第 1 行" in wrong.get_data(as_text=True)
    text = "课堂培训阶段综合分不低于 60 分 | 课堂培训 | 60"
    assert (
        client.post(
            f"/cohorts/{cohort.id}/labour/conditions", data={"conditions": text}
        ).status_code
        == 302
    )
    assert hiring_conditions.current_version(cohort.id).number == 1
    enrolment = cohort.enrolments[0]
    url = f"/cohorts/{cohort.id}/labour/terms/{enrolment.id}"
    missing = client.post(url, data={"hire_date": "2026-03-02"})
    assert missing.status_code == 400 and "无固定期限" in missing.get_data(as_text=True)
    assert (
        client.post(url, data={"hire_date": "2026-03-02", "contract_months": "12"}).status_code
        == 302
    )
    assert db.session.get(ContractTerm, enrolment.id).contract_months == 12
    page = client.get(f"/cohorts/{cohort.id}/labour").get_data(as_text=True)
    assert "2026-05-01" in page and "2026-10-31" in page


def test_trainee_acknowledges_the_hiring_conditions_from_the_home_page(client, login, make_user):
    cohort, users, manager = make_cohort(1)
    add_stage(cohort)
    version = hiring_conditions.publish(
        cohort, "课堂培训阶段综合分不低于 60 分 | 课堂培训 | 60", manager
    )
    db.session.commit()
    login(users[0])
    home = client.get("/").get_data(as_text=True)
    assert "课堂培训阶段综合分不低于 60 分" in home
    url = f"/cohorts/hiring-conditions/{version.id}/acknowledge"
    client.post(url, data={})
    assert hiring_conditions.acknowledgement(version.id, users[0].id) is None
    client.post(url, data={"confirmed": "y"})
    assert hiring_conditions.acknowledgement(version.id, users[0].id) is not None
    assert "已确认录用条件" in client.get("/").get_data(as_text=True)
    stranger = make_user(roles={"trainee"})
    client.post("/logout")
    login(stranger)
    assert client.post(url, data={"confirmed": "y"}).status_code == 404
