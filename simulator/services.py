"""Runs: start or resume, act at a chosen simulated time, move the clock, finish and score.

Services take typed values, check the rules, flush and raise DomainError; views commit.
"""

from __future__ import annotations

import random
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select

from core.domain import N_, Conflict, DomainError, NotFound
from core.extensions import db
from core.models import User
from simulator import engine
from simulator.engine import Action, Desk
from simulator.models import Run, RunAction
from simulator.models import Scenario as ScenarioRow
from simulator.rules import breach_of, clock_text
from simulator.scenario import ACTION_KINDS, DAY, Scenario
from simulator.scenario_schema import parse_scenario
from simulator.scoring import Report, score_run
from simulator.variation import resolve

REFUSING = ("early_call", "quiet_day_call", "visit_out_of_hours")
GIFT_BREACH = {"accept": "gift_accepted", "decline": "gift_not_reported", "decline_report": None}
SEED_MAX = 999_999


@lru_cache(maxsize=64)
def resolved_scenario(source: str, seed: int) -> Scenario:
    """The scenario a source plays with a seed (cached: runs replay it often)."""
    return resolve(parse_scenario(source), seed)


def scenario_for(run: Run) -> Scenario:
    """The scenario exactly as this run plays it (its version and seed)."""
    return resolved_scenario(run.version.source, run.seed)


def actions_of(run: Run) -> list[Action]:
    return [
        Action(a.seq, a.kind, a.sim_minute, a.loan, dict(a.data or {}), a.refused, a.breach)
        for a in run.actions
    ]


def desk_of(run: Run, steps: int | None = None) -> Desk:
    """The desk now, or after the first ``steps`` actions (a trainer's replay)."""
    actions = actions_of(run)
    if steps is not None:
        actions = actions[:steps]
    return engine.replay(scenario_for(run), actions)


def report_of(run: Run) -> Report:
    scenario = scenario_for(run)
    return score_run(scenario, engine.full_log(scenario, actions_of(run)))


def playable(slug: str) -> ScenarioRow:
    row = db.session.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))
    if row is None or not row.active or row.current_version is None:
        raise NotFound(N_("This scenario does not exist or is not open for practice."))
    return row


def active_run(user: User, row: ScenarioRow) -> Run | None:
    return db.session.scalar(
        select(Run).where(Run.user_id == user.id, Run.scenario_id == row.id, Run.status == "active")
    )


def start_run(user: User, row: ScenarioRow, seed: int | None = None) -> Run:
    """Resume the trainee's run of this scenario, or start one (a random seed unless given)."""
    run = active_run(user, row)
    if run is not None:
        return run
    if seed is not None and not 1 <= seed <= SEED_MAX:
        raise DomainError(N_("The practice number must be from 1 to %(max)s."), max=SEED_MAX)
    run = Run(
        user=user,
        scenario=row,
        version=row.current_version,
        seed=seed or random.SystemRandom().randint(1, SEED_MAX),
    )
    db.session.add(run)
    db.session.flush()
    return run


def _record(run: Run, kind, minute, loan=None, data=None, refused=False, breach=None, now=None):
    action = RunAction(
        run=run,
        seq=len(run.actions) + 1,
        kind=kind,
        loan=loan,
        sim_minute=minute,
        data=data or {},
        refused=refused,
        breach=breach,
    )
    if now is not None:
        action.real_time = now
    db.session.add(action)
    db.session.flush()
    return action


def _open(run: Run) -> None:
    if run.status != "active":
        raise Conflict(N_("This run is finished; open its debrief instead."))


def act(run: Run, kind: str, loan: str, minute: int, data: dict, now: datetime) -> RunAction:
    """Record one action at a simulated minute of today; refused when the etiquette forbids it
    then (recorded all the same: the attempt is what gets scored)."""
    _open(run)
    scenario = scenario_for(run)
    desk = desk_of(run)
    if kind not in ACTION_KINDS:
        raise DomainError(N_("Unknown action."))
    if loan not in scenario.loan_index:
        raise DomainError(N_("Choose one of the loans in your portfolio."))
    if minute // DAY != desk.clock // DAY or minute >= scenario.end:
        raise DomainError(N_("Choose a time of the current simulated day."))
    if minute < desk.clock:
        raise DomainError(
            N_("It is already %(now)s on the simulated clock; choose a later time."),
            now=clock_text(desk.clock),
        )
    if kind == "schedule_check" and not desk.clock <= int(data["at"]) < scenario.end:
        raise DomainError(N_("Schedule the check between now and the scenario's last day."))
    if kind == "gift" and loan not in desk.pending_gift:
        raise DomainError(N_("Nobody offered you anything on this loan today."))
    if kind == "handover" and loan in desk.handed_over:
        raise DomainError(N_("This loan was already handed over to asset preservation."))
    breach = breach_of(scenario.rules, kind, data, minute)
    if kind == "gift":
        breach = GIFT_BREACH[data["choice"]]
    return _record(run, kind, minute, loan, data, breach in REFUSING, breach, now)


def advance(run: Run, mode: str, now: datetime) -> RunAction:
    """Move the clock to the next morning, or to the next event; at the end the run finishes."""
    _open(run)
    scenario, desk = scenario_for(run), desk_of(run)
    if mode == "day":
        target = (desk.clock // DAY + 1) * DAY + scenario.rules.day_starts
    else:
        target = engine.next_stop(scenario, actions_of(run), desk.clock)
    target = min(target, scenario.end)
    action = _record(run, "advance", target, data={"mode": mode}, now=now)
    if target >= scenario.end:
        finish(run, now)
    return action


def finish(run: Run, now: datetime) -> Run:
    """End the run (early or at the last day) and store its score; obligations still ahead
    count as missed."""
    _open(run)
    clock = desk_of(run).clock
    _record(run, "finish", clock, now=now)
    report = report_of(run)
    run.status = "finished"
    run.finished_at = now
    run.score = report.total
    run.report = report.to_dict()
    db.session.flush()
    return run


def preview_of(row: ScenarioRow, seed: int = 1) -> Scenario:
    """The scenario of the current version as a given practice number would play it."""
    return resolved_scenario(row.current_version.source, seed)
