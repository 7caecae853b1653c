"""A cohort is opened and acted on only by its managers; everyone else gets 404."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from assessment import decisions
from assessment.demo import KEY, load_demo
from assessment.models import Cohort, Decision, Enrolment, KpiEntry, Stage
from core import clock
from core.demo import load_demo_accounts
from core.extensions import db
from core.models import User
from tests.assessment.factories import add_evaluation, add_kpi, add_stage, make_cohort, set_kpis


@pytest.fixture
def foreign_cohort(make_user):
    """A cohort of another manager, with a stage, entries and a frozen month."""
    owner = make_user(roles={"manager"})
    cohort, (a, b), _ = make_cohort(2, name="他人的批次", manager=owner)
    stage = add_stage(cohort, bottom_k="1")
    kpi = add_kpi(stage)
    evaluation = add_evaluation(stage)
    set_kpis(kpi, "2026-03", {a: 4, b: 9}, owner)
    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    snapshot, _created = decisions.freeze_month(cohort, "2026-03", owner.name)
    db.session.commit()
    return {
        "cohort": cohort,
        "stage": stage,
        "kpi": kpi,
        "evaluation": evaluation,
        "snapshot": snapshot,
        "trainees": (a, b),
        "owner": owner,
    }


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_another_manager_cannot_open_or_export_someone_elses_cohort(
    login_as, client, foreign_cohort
):
    f = foreign_cohort
    cid, sid = f["cohort"].id, f["stage"].id
    login_as("manager")
    for url in (
        f"/cohorts/{cid}",
        f"/cohorts/{cid}/setup",
        f"/cohorts/{cid}/decisions",
        f"/cohorts/{cid}/export/board.csv",
        f"/cohorts/{cid}/export/board.xlsx",
        f"/cohorts/{cid}/export/decisions.csv",
        f"/cohorts/stages/{sid}/elimination",
        f"/cohorts/components/{f['kpi'].id}/entries",
        f"/cohorts/components/{f['evaluation'].id}/entries",
        f"/cohorts/snapshots/{f['snapshot'].id}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "他人的批次" not in response.get_data(as_text=True)
    listing = client.get("/cohorts/").get_data(as_text=True)
    assert "他人的批次" not in listing
    assert "他人的批次" not in client.get("/").get_data(as_text=True)


def test_another_manager_cannot_decide_evaluate_or_configure(login_as, client, foreign_cohort):
    f = foreign_cohort
    cid, sid = f["cohort"].id, f["stage"].id
    a, b = f["trainees"]
    intruder = login_as("manager")
    before = (_count(Decision), _count(KpiEntry), _count(Enrolment), _count(Stage))
    posts = [
        (f"/cohorts/stages/{sid}/elimination", {"token": "x"}),
        (f"/cohorts/stages/{sid}/override", {"user_id": a.id, "action": "cut", "reason": "理由"}),
        (f"/cohorts/components/{f['kpi'].id}/entries", {"month": "2026-03", f"v-{a.id}": "10"}),
        (
            f"/cohorts/components/{f['evaluation'].id}/entries",
            {f"lv-{b.id}-c1": "l1", f"lv-{b.id}-c2": "l1"},
        ),
        (
            f"/cohorts/{cid}/settings",
            {
                "name": "改名",
                "start_date": "2026-03-02",
                "visibility": "full",
                "managers": [intruder.id],
            },
        ),
        (f"/cohorts/{cid}/enrol", {"employee_number": "X1", "name": "新人"}),
        (
            f"/cohorts/{cid}/stages",
            {"name": "新阶段", "starts_on": "2026-05-01", "ends_on": "2026-05-30", "weight": "1"},
        ),
        (f"/cohorts/stages/{sid}/delete", {}),
        (f"/cohorts/{cid}/snapshots", {"month": "2026-03"}),
    ]
    for url, data in posts:
        assert client.post(url, data=data).status_code == 404, url
    assert (_count(Decision), _count(KpiEntry), _count(Enrolment), _count(Stage)) == before
    cohort = db.session.get(Cohort, cid)
    assert cohort.name == "他人的批次"
    assert [m.id for m in cohort.managers] == [f["owner"].id]
    kpi_values = db.session.scalars(select(KpiEntry.value).where(KpiEntry.trainee_id == a.id))
    assert [int(v) for v in kpi_values] == [4]


def test_creator_manages_and_can_add_another_manager(login_as, login, client, make_user):
    colleague = make_user(roles={"manager"})
    creator = login_as("manager")
    response = client.post(
        "/cohorts/", data={"name": "新批次", "start_date": "2026-03-02", "visibility": "initials"}
    )
    assert response.status_code == 302
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == "新批次"))
    assert [m.id for m in cohort.managers] == [creator.id]
    assert "新批次" in client.get("/cohorts/").get_data(as_text=True)

    client.post("/logout")
    login(colleague)
    assert client.get(f"/cohorts/{cohort.id}").status_code == 404

    client.post("/logout")
    login(creator)
    settings = {"name": "新批次", "start_date": "2026-03-02", "visibility": "initials"}
    # The creator ticks only the colleague: both manage it (nobody locks themselves out).
    response = client.post(
        f"/cohorts/{cohort.id}/settings", data={**settings, "managers": [colleague.id]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert {m.id for m in cohort.managers} == {creator.id, colleague.id}

    client.post("/logout")
    login(colleague)
    assert client.get(f"/cohorts/{cohort.id}").status_code == 200
    assert client.get(f"/cohorts/{cohort.id}/setup").status_code == 200


def test_demo_manager_manages_the_demo_cohort_even_after_it_was_removed(app, db_session):
    load_demo_accounts()
    load_demo()
    cohort = db.session.scalar(select(Cohort).where(Cohort.source_key == KEY))
    manager = db.session.scalar(select(User).where(User.username == "manager"))
    assert manager in cohort.managers
    cohort.managers = []
    db.session.flush()
    assert "demo manager added" in load_demo()
    assert manager in cohort.managers
    assert load_demo() == "cohort already present"
