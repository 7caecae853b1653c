"""Demo practice runs: the demo cohort's trainees (cohort.t01–t40, created by the assessment
demo) each play the first scenario once, some diligently, some not, so the practical-drill
stage of the demo board has simulator scores. A simple player stands in for each trainee:
with its diligence it does each routine action on time, otherwise late or never."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from core.models import User
from simulator import authoring, services
from simulator.models import Run, RunAction
from simulator.rules import breach_of
from simulator.scenario import DAY, Scenario

SCENARIO = "calm-portfolio"
PLAYED_FROM = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)  # inside the drill stage (April–June)
REFUSED = services.REFUSING


def _steps(sc: Scenario, diligence: float, rng: random.Random) -> list[tuple]:
    """(minute, kind, loan, data) a trainee of this diligence does in the scenario."""
    rules, steps = sc.rules, []

    def on_time() -> bool:
        return rng.random() < diligence

    def add(day, time, kind, loan, data=None):
        if 0 <= day < sc.days:
            steps.append((day * DAY + time, kind, loan, data or {}))

    for loan in sc.loans:
        if loan.last_check_day is None:
            day = loan.disbursed_day + (2 if on_time() else rules.first_check_days + 2)
            add(max(day, 0), 14 * 60, "onsite_check", loan.id, {"funds_use": "as_agreed"})
        else:
            due = loan.last_check_day + rules.check_every_days
            add(due - 1 if on_time() else due + 2, 15 * 60, "onsite_check", loan.id)
        for day in loan.due_days:
            if on_time():
                add(
                    day - rules.reminder_days_before,
                    10 * 60 + 30,
                    "remind",
                    loan.id,
                    {"channel": "sms"},
                )
            if on_time():
                add(day, 9 * 60, "check_account", loan.id)
    for event in sc.events:
        if event.warning and event.reactions:
            delay = 20 * 60 if on_time() else 80 * 60
            minute = min(event.minute + delay, sc.end - 1)
            add(minute // DAY, max(minute % DAY, 11 * 60), event.reactions[0], event.loan)
    for expected in (*sc.classifications, *sc.escalations):
        if on_time():
            data = (
                {"tier": expected.what}
                if expected.what in ("pass", "special_mention", "substandard", "doubtful", "loss")
                else {}
            )
            kind = "classify" if data else expected.what
            add(expected.by_day - 1, 16 * 60, kind, expected.loan, data)
    if not on_time():
        add(rng.randrange(sc.days), 9 * 60, "collect", sc.loans[0].id, {"method": "call"})
    return sorted(steps, key=lambda step: step[0])


def play(user: User, row, seed: int, diligence: float, finished_at: datetime) -> Run:
    """Store one finished run as if the trainee had played it."""
    run = Run(
        user=user,
        scenario=row,
        version=row.current_version,
        seed=seed,
        started_at=finished_at - timedelta(minutes=40),
    )
    db.session.add(run)
    sc = services.resolved_scenario(row.current_version.source, seed)
    rng = random.Random(f"{user.username}#{seed}")
    for seq, (minute, kind, loan, data) in enumerate(_steps(sc, diligence, rng), start=1):
        breach = breach_of(sc.rules, kind, data, minute)
        db.session.add(
            RunAction(
                run=run,
                seq=seq,
                kind=kind,
                loan=loan,
                sim_minute=minute,
                data=data,
                refused=breach in REFUSED,
                breach=breach,
                real_time=run.started_at + timedelta(seconds=30 * seq),
            )
        )
    db.session.flush()
    services.finish(run, finished_at)
    return run


def load_demo_runs() -> str:
    row = authoring.by_slug(SCENARIO)
    if row is None or row.current_version is None:
        return "scenario missing; no demo runs"
    users = db.session.scalars(
        select(User).where(User.username.like("cohort.t%")).order_by(User.username)
    ).all()
    played = set(db.session.scalars(select(Run.user_id).where(Run.scenario_id == row.id)))
    count = 0
    for number, user in enumerate(users, start=1):
        if user.id in played:
            continue
        diligence = random.Random(user.username).uniform(0.35, 0.98)
        play(user, row, number, diligence, PLAYED_FROM + timedelta(days=number % 20, hours=number))
        count += 1
    db.session.flush()
    return f"{count} demo runs played" if count else "demo runs already present"
