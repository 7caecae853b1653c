"""A stage component of kind "simulator": a scenario, a deadline, best or latest run; its score
reaches the board through simulator.results like a quiz's through quizzes.results."""

from datetime import UTC, datetime

from core.extensions import db
from simulator import services as simulator_services
from tests.assessment.factories import add_stage, make_cohort
from tests.simulator.factories import make_scenario
from tests.simulator.samples import at


def finished_run(user, scenario, steps, finished_at):
    run = simulator_services.start_run(user, scenario, seed=1)
    for kind, loan, day, time, data in steps:
        simulator_services.act(run, kind, loan, at(day, time), data, finished_at)
    simulator_services.finish(run, finished_at)
    db.session.commit()
    return run


REMIND = [("remind", "N2", 0, "09:00", {"channel": "sms"})]  # 32.50 (see tests/simulator)


def page(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_manager_adds_a_scenario_to_a_stage_and_sees_run_scores_on_the_board(login_as, client):
    scenario = make_scenario()
    me = login_as("manager")
    cohort, (keen, idle, late), _manager = make_cohort(3, manager=me)
    stage = add_stage(cohort, name="实战演练", starts="2026-04-01", ends="2026-06-30")
    setup = page(client.get(f"/cohorts/{cohort.id}/setup"))
    assert "演练情景" in setup and "小测试" in setup
    data = {
        "name": "贷后实战演练",
        "kind": "simulator",
        "weight": "1",
        "ref_id": str(scenario.id),
        "policy": "best",
    }
    assert client.post(f"/cohorts/stages/{stage.id}/components", data=data).status_code == 302
    assert "最好的一次" in page(client.get(f"/cohorts/{cohort.id}/setup"))

    may = datetime(2026, 5, 10, 2, 0, tzinfo=UTC)
    finished_run(keen, scenario, REMIND, may)
    finished_run(keen, scenario, [], may.replace(day=11))  # a worse second run: best counts
    finished_run(late, scenario, REMIND, datetime(2026, 7, 5, tzinfo=UTC))  # after the deadline
    board = page(client.get(f"/cohorts/{cohort.id}")).split('data-testid="board"', 1)[1]
    assert "贷后实战演练" in board

    def row(user):
        return board.split(user.display_name, 1)[1].split("</tr>", 1)[0]

    assert "32.50" in row(keen)
    # no run finished by the deadline (end of the stage): 0 once the deadline has passed
    assert "32.50" not in row(late) and "0.00" in row(late) and "0.00" in row(idle)


def drill_components(stage):
    db.session.expire_all()
    return [c for c in stage.components if c.kind == "simulator"]


def test_an_unknown_scenario_or_policy_is_refused_in_chinese(login_as, client):
    scenario = make_scenario()
    me = login_as("manager")
    cohort, _users, _manager = make_cohort(1, manager=me)
    stage = add_stage(cohort)
    data = {"name": "演练", "kind": "simulator", "ref_id": "999999"}
    response = client.post(f"/cohorts/stages/{stage.id}/components", data=data)
    assert response.status_code == 422
    assert "请选择已有的演练情景" in response.get_data(as_text=True)
    data.update(ref_id=str(scenario.id), policy="average")
    response = client.post(f"/cohorts/stages/{stage.id}/components", data=data)
    assert response.status_code == 400
    assert "不是有效的选择" in response.get_data(as_text=True)
    assert not drill_components(stage)
