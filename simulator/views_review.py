"""Trainers look at runs: the list, any run's debrief, and a step-by-step replay."""

from flask import render_template, request
from sqlalchemy import func, select

from core.extensions import db
from core.permissions import require_permission
from simulator import desk_view, presenting, services
from simulator.access import run_or_404
from simulator.models import Run, RunAction
from simulator.views import bp, debrief_context


@bp.get("/review/")
@require_permission("simulator.review_runs")
def review_runs():
    counts = (
        select(RunAction.run_id, func.count(RunAction.id).label("n"))
        .group_by(RunAction.run_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Run, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.run_id == Run.id)
        .order_by(Run.started_at.desc())
        .limit(500)
    ).all()
    return render_template("simulator/review_runs.html", rows=rows)


@bp.get("/review/<int:run_id>")
@require_permission("simulator.review_runs")
def review_debrief(run_id: int):
    run = run_or_404(run_id)
    if run.status != "finished":
        return replay(run_id)
    return render_template("simulator/debrief.html", review=True, **debrief_context(run))


@bp.get("/review/<int:run_id>/replay")
@require_permission("simulator.review_runs")
def replay(run_id: int):
    run = run_or_404(run_id)
    total = len(run.actions)
    step = request.args.get("step", type=int)
    step = total if step is None else max(0, min(step, total))
    sc = services.scenario_for(run)
    desk = services.desk_of(run, steps=step)
    action = run.actions[step - 1] if step else None
    return render_template(
        "simulator/replay.html",
        run=run,
        sc=sc,
        step=step,
        total=total,
        action=action,
        action_text=presenting.timeline(sc, [e for e in desk.log if e.actor == "trainee"])[-1:]
        if step
        else [],
        now=presenting.when(sc, desk.clock),
        portfolio=desk_view.portfolio(sc, desk),
        inbox=desk_view.inbox(sc, desk),
    )
