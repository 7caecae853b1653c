"""The desk, the debrief, the replay and the scenario editor through the browser's requests."""

import re

import pytest

from core.extensions import db
from simulator import services
from simulator.models import Run, RunAction, ScenarioVersion
from tests.simulator.factories import make_scenario
from tests.simulator.samples import MINI


@pytest.fixture
def scenario_row(db_session):
    return make_scenario()


def text(response) -> str:
    return response.get_data(as_text=True)


def start(client, seed="4"):
    response = client.post("/sim/s/mini/start", data={"seed": seed})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def act(client, run_id, kind, **fields):
    data = {f"{kind}-{key}": value for key, value in fields.items()}
    return client.post(f"/sim/runs/{run_id}/act/{kind}", data=data)


def count_actions() -> int:
    return db.session.query(RunAction).count()


def test_trainee_sees_the_briefing_weights_and_starts_a_run(login_as, client, scenario_row):
    login_as("trainee")
    page = text(client.get("/sim/s/mini"))
    assert "评分方法" in page and "规定动作按时完成" in page
    run_id = start(client)
    desk = text(client.get(f"/sim/runs/{run_id}"))
    assert "模拟时间：" in desk and "第1天" in desk and "08:30" in desk
    assert "甲某" in desk or "贷款组合" in desk


def test_a_bad_time_is_answered_in_chinese_and_nothing_is_written(login_as, client, scenario_row):
    login_as("trainee")
    run_id = start(client)
    response = act(client, run_id, "check_account", loan="N2", time="25:99")
    assert response.status_code == 400
    assert "请输入时刻，例如 10:30。" in text(response)
    response = act(client, run_id, "check_account", loan="N2", time="07:00")
    assert response.status_code == 422
    assert "模拟时钟已经是 08:30，请选择更晚的时刻。" in text(response)
    response = act(client, run_id, "extension", loan="N2", time="09:00", months="一年")
    assert response.status_code == 400
    assert count_actions() == 0


def test_a_call_before_ten_is_refused_but_recorded(login_as, client, scenario_row):
    login_as("trainee")
    run_id = start(client)
    response = act(client, run_id, "collect", loan="N2", time="09:15", method="call")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "被拒绝：在允许时间之前打催收电话。这次尝试已被记录。" in page
    action = db.session.query(RunAction).one()
    assert (action.refused, action.breach) == (True, "early_call")


def test_full_width_colons_are_accepted_as_a_chinese_keyboard_types_them(
    login_as, client, scenario_row
):
    login_as("trainee")
    run_id = start(client)
    response = act(client, run_id, "check_account", loan="N2", time="10：30")
    assert response.status_code == 302
    assert db.session.query(RunAction).one().sim_minute == 630


def test_another_trainees_run_looks_like_no_run(login_as, client, make_user, scenario_row):
    owner = make_user()
    run = services.start_run(owner, scenario_row, seed=1)
    db.session.commit()
    login_as("trainee")
    assert client.get(f"/sim/runs/{run.id}").status_code == 404
    assert act(client, run.id, "check_account", loan="N2", time="09:00").status_code == 404


def test_the_trainee_plays_to_the_end_and_reads_the_debrief_a_trainer_replays_it(
    login_as, client, login, make_user, scenario_row
):
    trainee = login_as("trainee")
    run_id = start(client)
    act(client, run_id, "remind", loan="N2", time="09:00", channel="sms")
    for _ in range(20):
        response = client.post(f"/sim/runs/{run_id}/advance", data={"mode": "day"})
        if "debrief" in response.headers["Location"]:
            break
    page = text(client.get(f"/sim/runs/{run_id}/debrief"))
    assert "得分：32.50 / 100" in page
    assert "放款后首次现场检查" in page and "漏做" in page
    assert "你没有作出反应" in page
    client.post("/logout")
    login(make_user(roles={"trainer"}))
    runs = text(client.get("/sim/review/"))
    assert trainee.name in runs
    step = text(client.get(f"/sim/review/{run_id}/replay?step=1"))
    assert "第 1 步" in step and "发送还款提醒" in step
    assert client.get(f"/sim/review/{run_id}").status_code == 200


def test_a_trainer_edits_a_scenario_a_bad_one_names_line_and_field_and_saves_nothing(
    login_as, client, scenario_row
):
    login_as("trainer")
    versions = db.session.query(ScenarioVersion).count()
    bad = MINI.replace("installment: 1000", "installment: 很多")
    response = client.post(
        "/sim/author/mini",
        data={
            "source": bad,
            "seed": "1",
            "intent": "save",
            "base_version": str(scenario_row.current_version_id),
        },
    )
    assert response.status_code == 422
    page = text(response)
    assert re.search(r"浏览器:\d+: loans\[1\]\.installment: 应为 1 到 10000000 之间的数字。", page)
    assert db.session.query(ScenarioVersion).count() == versions
    preview = client.post(
        "/sim/author/mini", data={"source": MINI, "seed": "2", "intent": "preview"}
    )
    assert "试运行" in text(preview) and "学员什么都不做时的时间线" in text(preview)
    good = MINI.replace("title: 小测试", "title: 小测试（改）")
    response = client.post(
        "/sim/author/mini",
        data={
            "source": good,
            "seed": "1",
            "intent": "save",
            "base_version": str(scenario_row.current_version_id),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert scenario_row.title == "小测试（改）" and scenario_row.edited_in_browser
    assert scenario_row.current_version.number == 2


def test_a_run_keeps_the_version_it_started_on(login_as, client, scenario_row, make_user):
    run = services.start_run(make_user(), scenario_row, seed=1)
    db.session.commit()
    login_as("trainer")
    client.post(
        "/sim/author/mini",
        data={
            "source": MINI.replace("balance: 500", "balance: 5000"),
            "seed": "1",
            "intent": "save",
            "base_version": str(scenario_row.current_version_id),
        },
    )
    db.session.expire_all()
    assert db.session.get(Run, run.id).version.number == 1
    assert services.scenario_for(db.session.get(Run, run.id)).loan("N2").opening_balance < 1000


def test_sync_loads_the_shipped_scenarios_and_reports_bad_files(app, tmp_path, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["simulator", "sync"])
    assert result.exit_code == 0, result.output
    assert "created   calm-portfolio" in result.output
    again = runner.invoke(args=["simulator", "sync"])
    assert "3 unchanged" in again.output
    (tmp_path / "bad.yaml").write_text(MINI.replace("days: 10", "days: 500"), encoding="utf-8")
    result = runner.invoke(args=["simulator", "check", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 1
    assert "bad.yaml:4: days: 应为 1 到 120 之间的整数。" in result.output
