"""The trainee's routes: scenarios, the desk, actions, the clock and the debrief."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core import clock
from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission
from simulator import desk_view, engine, presenting, services
from simulator.access import own_run_or_404
from simulator.forms import ACTION_FORMS, AdvanceForm, StartForm, minutes_of
from simulator.labels import (
    ACTION_LABELS,
    BREACH_LABELS,
    COMPONENT_LABELS,
    ROUTINE_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
)
from simulator.models import Run
from simulator.models import Scenario as ScenarioRow
from simulator.scenario import DAY

bp = Blueprint("simulator", __name__, url_prefix="/sim")


@bp.context_processor
def simulator_labels():
    return {
        "tier_labels": TIER_LABELS,
        "routine_labels": ROUTINE_LABELS,
        "status_labels": STATUS_LABELS,
        "breach_labels": BREACH_LABELS,
    }


@bp.get("/")
@require_permission("simulator.play")
def scenario_list():
    rows = db.session.scalars(
        select(ScenarioRow)
        .where(ScenarioRow.active.is_(True), ScenarioRow.current_version_id.is_not(None))
        .order_by(ScenarioRow.difficulty, ScenarioRow.title)
    ).all()
    runs = db.session.scalars(
        select(Run).where(Run.user_id == current_user.id).order_by(Run.started_at.desc())
    ).all()
    return render_template("simulator/scenarios.html", scenarios=rows, runs=runs)


@bp.get("/s/<slug>")
@require_permission("simulator.play")
def scenario_page(slug: str):
    row = services.playable(slug)
    scenario = services.preview_of(row)
    runs = db.session.scalars(
        select(Run)
        .where(Run.user_id == current_user.id, Run.scenario_id == row.id)
        .order_by(Run.started_at.desc())
    ).all()
    return render_template(
        "simulator/scenario.html",
        row=row,
        sc=scenario,
        form=StartForm(),
        runs=runs,
        active=services.active_run(current_user, row),
        component_labels=COMPONENT_LABELS,
        breach_labels=BREACH_LABELS,
    )


@bp.post("/s/<slug>/start")
@require_permission("simulator.play")
def start(slug: str):
    row = services.playable(slug)
    form = StartForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("simulator.scenario_page", slug=slug))
    on_domain_error(lambda: redirect(url_for("simulator.scenario_page", slug=slug)))
    run = services.start_run(current_user, row, form.seed.data)
    db.session.commit()
    return redirect(url_for("simulator.desk", run_id=run.id))


def action_form(kind: str, sc, desk, bind: bool = True):
    """The form of one action, prefixed so that all of them fit on the desk page; bind=False
    gives a blank form even while another form's POST is being answered."""
    form_class = ACTION_FORMS[kind]
    form = form_class(prefix=kind) if bind else form_class(prefix=kind, formdata=None)
    loans = sc.loans
    if kind == "gift":
        loans = [loan for loan in sc.loans if loan.id in desk.pending_gift]
    form.loan.choices = [(loan.id, f"{loan.id} {loan.borrower}") for loan in loans]
    if not bind or not form.is_submitted():
        form.time.data = presenting.clock_text(desk.clock)
        if kind == "schedule_check":
            form.day.data = sc.date_of(desk.clock + DAY)
            form.at.data = "10:00"
    return form


def render_desk(run, sc=None, desk=None, forms=None, open_kind=None):
    sc = sc or services.scenario_for(run)
    desk = desk or services.desk_of(run)
    forms = forms or {}
    all_forms = {
        kind: forms.get(kind) or action_form(kind, sc, desk, bind=False) for kind in ACTION_FORMS
    }
    if not desk.pending_gift:
        all_forms.pop("gift")
    return render_template(
        "simulator/desk.html",
        run=run,
        sc=sc,
        desk=desk,
        now=presenting.when(sc, desk.clock),
        quiet_today=desk.clock // DAY in sc.rules.quiet_days,
        portfolio=desk_view.portfolio(sc, desk),
        calendar=desk_view.calendar(sc, desk),
        inbox=desk_view.inbox(sc, desk),
        recent=presenting.timeline(sc, [e for e in desk.log if e.actor == "trainee"])[-8:],
        forms=all_forms,
        open_kind=open_kind,
        action_labels=ACTION_LABELS,
        advance=AdvanceForm(),
    )


@bp.get("/runs/<int:run_id>")
@require_permission("simulator.play")
def desk(run_id: int):
    run = own_run_or_404(run_id, current_user)
    if run.status != "active":
        return redirect(url_for("simulator.debrief", run_id=run.id))
    return render_desk(run)


@bp.get("/runs/<int:run_id>/loans/<loan_id>")
@require_permission("simulator.play")
def loan_page(run_id: int, loan_id: str):
    run = own_run_or_404(run_id, current_user)
    sc, desk = services.scenario_for(run), services.desk_of(run)
    if loan_id not in sc.loan_index:
        abort(404)
    entries = [e for e in desk.log if e.loan == loan_id and e.actor == "trainee"]
    return render_template(
        "simulator/loan.html",
        run=run,
        sc=sc,
        loan=sc.loan(loan_id),
        desk=desk,
        now=presenting.when(sc, desk.clock),
        dues=[
            (presenting.day_label(sc, d), d < desk.clock // DAY) for d in sc.loan(loan_id).due_days
        ],
        disbursed=presenting.day_label(sc, sc.loan(loan_id).disbursed_day),
        account=desk_view.account(sc, desk, loan_id),
        history=presenting.timeline(sc, entries),
    )


@bp.post("/runs/<int:run_id>/act/<kind>")
@require_permission("simulator.play")
def act(run_id: int, kind: str):
    run = own_run_or_404(run_id, current_user)
    if kind not in ACTION_FORMS:
        abort(404)
    if run.status != "active":
        flash(_("This run is finished; here is its debrief."), "error")
        return redirect(url_for("simulator.debrief", run_id=run.id))
    sc, desk = services.scenario_for(run), services.desk_of(run)
    form = action_form(kind, sc, desk)

    def page():
        return render_desk(run, sc, desk, {kind: form}, open_kind=kind)

    if not form.validate_on_submit():
        flash(_("The action was not recorded; please check the form."), "error")
        return page(), 400
    on_domain_error(page, field=form.time)
    minute = desk.clock // DAY * DAY + minutes_of(form.time.data)
    data = form.payload()
    if kind == "schedule_check":
        data = {
            "at": (form.day.data - sc.start).days * DAY + minutes_of(form.at.data),
            "note": data.get("note", ""),
        }
    action = services.act(run, kind, form.loan.data, minute, data, clock.now_utc())
    db.session.commit()
    if action.refused:
        flash(
            _("Refused: %(rule)s. The attempt was recorded.", rule=BREACH_LABELS[action.breach]),
            "error",
        )
    else:
        flash(_("Done: %(action)s.", action=ACTION_LABELS[kind]), "success")
    return redirect(url_for("simulator.desk", run_id=run.id, _anchor="inbox"))


@bp.post("/runs/<int:run_id>/advance")
@require_permission("simulator.play")
def advance(run_id: int):
    run = own_run_or_404(run_id, current_user)
    form = AdvanceForm()
    if not form.validate_on_submit():
        flash(_("Choose the next day or the next event."), "error")
        return redirect(url_for("simulator.desk", run_id=run.id))
    on_domain_error(lambda: redirect(url_for("simulator.debrief", run_id=run.id)))
    services.advance(run, form.mode.data, clock.now_utc())
    db.session.commit()
    if run.status == "finished":
        flash(_("The last simulated day is over. Here is your debrief."), "success")
        return redirect(url_for("simulator.debrief", run_id=run.id))
    return redirect(url_for("simulator.desk", run_id=run.id))


@bp.post("/runs/<int:run_id>/finish")
@require_permission("simulator.play")
def finish(run_id: int):
    run = own_run_or_404(run_id, current_user)
    on_domain_error(lambda: redirect(url_for("simulator.debrief", run_id=run.id)))
    services.finish(run, clock.now_utc())
    db.session.commit()
    flash(_("Run finished. Here is your debrief."), "success")
    return redirect(url_for("simulator.debrief", run_id=run.id))


def debrief_context(run) -> dict:
    sc = services.scenario_for(run)
    actions = services.actions_of(run)
    log = engine.full_log(sc, actions)
    report = services.report_of(run)
    return {
        "run": run,
        "sc": sc,
        "report": report,
        "timeline": presenting.timeline(sc, log),
        "when": lambda m: presenting.when(sc, m),
        "duration": presenting.duration,
        "borrower": lambda loan: presenting.borrower(sc, loan),
        "component_labels": COMPONENT_LABELS,
    }


@bp.get("/runs/<int:run_id>/debrief")
@require_permission("simulator.play")
def debrief(run_id: int):
    run = own_run_or_404(run_id, current_user)
    if run.status != "finished":
        flash(_("The debrief is ready when the run is finished."), "error")
        return redirect(url_for("simulator.desk", run_id=run.id))
    return render_template("simulator/debrief.html", **debrief_context(run))
