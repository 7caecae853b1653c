"""Runs in the database: start or resume, actions at a simulated time, the end and the score."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.domain import DomainError
from core.extensions import db
from simulator import results, services
from simulator.models import Run, RunAction
from tests.simulator.factories import make_scenario
from tests.simulator.samples import at

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def scenario_row(db_session):
    return make_scenario()


def play(run, *steps):
    for kind, loan, day, time, data in steps:
        services.act(run, kind, loan, at(day, time), data, NOW)


def test_starting_twice_resumes_the_same_run(make_user, scenario_row):
    trainee = make_user()
    first = services.start_run(trainee, scenario_row, seed=5)
    db.session.commit()
    assert services.start_run(trainee, scenario_row) is first
    assert first.seed == 5 and first.version is scenario_row.current_version


def test_a_run_survives_a_new_session_because_the_desk_is_rebuilt_from_the_log(
    make_user, scenario_row
):
    run = services.start_run(make_user(), scenario_row, seed=3)
    services.act(run, "check_account", "N2", at(0, "09:00"), {}, NOW)
    db.session.commit()
    run_id = run.id
    db.session.expunge_all()
    again = db.session.get(Run, run_id)
    desk = services.desk_of(again)
    assert desk.clock == at(0, "09:00")
    assert "N2" in desk.seen


def test_a_refused_call_is_recorded_with_its_breach(make_user, scenario_row):
    run = services.start_run(make_user(), scenario_row, seed=1)
    action = services.act(run, "collect", "N2", at(0, "09:00"), {"method": "call"}, NOW)
    assert (action.refused, action.breach) == (True, "early_call")
    assert action.real_time == NOW and action.sim_minute == at(0, "09:00")


@pytest.mark.parametrize(
    ("loan", "minute", "message"),
    [
        ("N2", at(0, "08:00"), "It is already 08:30 on the simulated clock"),
        ("N2", at(1, "09:00"), "Choose a time of the current simulated day."),
        ("X9", at(0, "09:00"), "Choose one of the loans in your portfolio."),
    ],
)
def test_impossible_actions_are_refused_before_anything_is_written(
    make_user, scenario_row, loan, minute, message
):
    run = services.start_run(make_user(), scenario_row, seed=1)
    with pytest.raises(DomainError) as caught:
        services.act(run, "check_account", loan, minute, {}, NOW)
    assert caught.value.message.startswith(message)
    assert db.session.query(RunAction).count() == 0


def test_answering_a_gift_nobody_offered_is_refused(make_user, scenario_row):
    run = services.start_run(make_user(), scenario_row, seed=1)
    with pytest.raises(DomainError):
        services.act(run, "gift", "N1", at(0, "09:00"), {"choice": "decline_report"}, NOW)


def test_advancing_past_the_last_day_finishes_and_stores_the_score(make_user, scenario_row):
    run = services.start_run(make_user(), scenario_row, seed=1)
    for _ in range(20):
        if run.status == "finished":
            break
        services.advance(run, "event", NOW)
    assert run.status == "finished"
    assert run.score == Decimal("20.00")  # nothing done: only the conduct part (see scoring)
    assert run.report["components"]["conduct"] == "100"
    with pytest.raises(DomainError):
        services.advance(run, "day", NOW)


def test_finishing_early_counts_what_was_still_ahead_as_missed(make_user, scenario_row):
    run = services.start_run(make_user(), scenario_row, seed=1)
    play(run, ("check_account", "N1", 0, "09:00", {}))
    services.finish(run, NOW)
    assert run.score == Decimal("20.00")


def finished_run(user, row, steps, finished_at):
    run = services.start_run(user, row, seed=1)
    play(run, *steps)
    services.finish(run, finished_at)
    db.session.commit()
    return run


def test_results_give_the_best_or_latest_run_before_the_deadline(make_user, scenario_row):
    trainee, idle = make_user(), make_user()
    good = [("remind", "N2", 0, "09:00", {"channel": "sms"})]
    finished_run(trainee, scenario_row, good, NOW)
    finished_run(trainee, scenario_row, [], NOW + timedelta(days=1))
    ids = [trainee.id, idle.id]
    best = results.simulator_scores(scenario_row.id, ids, policy="best")
    latest = results.simulator_scores(scenario_row.id, ids, policy="latest")
    early = results.simulator_scores(
        scenario_row.id, ids, deadline=NOW + timedelta(hours=1), policy="latest"
    )
    assert best[trainee.id] > latest[trainee.id] == Decimal("20.00")
    assert early[trainee.id] == best[trainee.id]
    assert best[idle.id] is None
    assert results.scenario_choices() == [(scenario_row.id, "小测试")]
