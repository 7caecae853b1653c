"""One running cohort per trainee (issue 11, item 6): another manager cannot take a trainee in
and read their grades; the administrator or the trainee's own manager can move them; refusals
reveal nothing about the account."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from assessment import services
from assessment.models import Enrolment
from assessment.roster import import_roster
from core import clock
from core.audit import AuditEvent
from core.errors import Conflict, describe
from core.extensions import db
from tests.assessment.factories import add_stage, make_cohort

MARCH = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def in_march():
    clock.set_now(MARCH)
    yield
    clock.set_now(None)


def _cohorts_of(user):
    return set(db.session.scalars(select(Enrolment.cohort_id).where(Enrolment.user_id == user.id)))


def test_another_manager_cannot_enrol_a_trainee_of_a_running_cohort(client, make_user, login):
    first, (trainee,), _owner = make_cohort(1)
    add_stage(first)  # runs until 2026-03-31
    second, _none, other_manager = make_cohort(0)
    login(other_manager)
    response = client.post(
        f"/cohorts/{second.id}/enrol", data={"employee_number": trainee.username}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "另一个进行中的批次" in page
    assert trainee.name not in page and first.name not in page
    assert _cohorts_of(trainee) == {first.id}


def test_the_trainees_manager_or_the_administrator_can_move_them(make_user):
    first, (trainee,), owner = make_cohort(1)
    second, _none, _other = make_cohort(0, name="第二批", manager=owner)
    services.enrol(second, name="", employee_number=trainee.username, by=owner)
    assert _cohorts_of(trainee) == {second.id}
    third, _none, _third_manager = make_cohort(0)
    admin = make_user(roles={"admin", "manager"})
    services.enrol(third, name="", employee_number=trainee.username, by=admin)
    assert _cohorts_of(trainee) == {third.id}
    moves = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "cohort.moved"))
    assert [(m.before, m.after) for m in moves] == [
        ({"cohort_id": first.id}, {"cohort_id": second.id}),
        ({"cohort_id": second.id}, {"cohort_id": third.id}),
    ]


def test_a_trainee_whose_cohort_has_ended_may_join_another(make_user):
    first, (trainee,), _owner = make_cohort(1)
    add_stage(first, starts="2026-01-05", ends="2026-02-27")
    second, _none, other_manager = make_cohort(0)
    services.enrol(second, name="", employee_number=trainee.username, by=other_manager)
    assert _cohorts_of(trainee) == {first.id, second.id}


def test_refusing_a_non_trainee_does_not_reveal_the_account(client, make_user, login):
    colleague = make_user(roles={"trainer"}, display_name="保密的名字")
    cohort, _none, manager = make_cohort(0)
    login(manager)
    response = client.post(
        f"/cohorts/{cohort.id}/enrol", data={"employee_number": colleague.username}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "不能入班" in page
    assert "保密的名字" not in page


def test_a_roster_row_of_a_trainee_in_another_running_cohort_is_refused(make_user):
    first, (trainee,), _owner = make_cohort(1)
    second, _none, other_manager = make_cohort(0)
    text = f"姓名,工号\n某人,{trainee.username}\n".encode()
    report = import_roster(second, "roster.csv", text, skip_bad=False, by=other_manager)
    assert not report.imported
    [(line, problem)] = report.errors
    assert line == 2 and "另一个进行中的批次" in problem and trainee.name not in problem
    with pytest.raises(Conflict) as refused:
        services.enrol(second, name="", employee_number=trainee.username, by=other_manager)
    assert first.name not in describe(refused.value)
