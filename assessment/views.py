"""Routes of the assessment area: cohort set-up, enrolment, stages, evaluations and KPIs.

The scoreboard, elimination, exports and the trainee's standing are in ``views_board``.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from assessment import roster, services, specs
from assessment.access import managed_cohorts_query, managed_or_404
from assessment.board import build_board
from assessment.models import VISIBILITY, Cohort, Component, Enrolment, Stage
from assessment.specs import TIE_BREAKERS
from core.errors import DomainError
from core.extensions import db
from core.models import User, UserRole
from core.permissions import require_permission
from simulator.results import scenario_choices

bp = Blueprint("assessment", __name__, url_prefix="/cohorts")

MAX_UPLOAD = 2 * 1024 * 1024


def _managers():
    return list(
        db.session.scalars(
            select(User).join(UserRole).where(UserRole.role == "manager").order_by(User.username)
        )
    )


def _choices(kind: str) -> list:
    """Quizzes or cases to pick from, when that area offers its results functions yet."""
    try:
        if kind == "quiz":
            from quizzes.results import quiz_choices as choices
        else:
            from case_library.results import case_choices as choices
    except ImportError:
        return []
    return list(choices())


@bp.get("/")
@require_permission("scoreboard.view")
def cohort_list():
    counts = dict(
        db.session.execute(
            select(Enrolment.cohort_id, func.count(Enrolment.id)).group_by(Enrolment.cohort_id)
        ).all()
    )
    cohorts = list(db.session.scalars(managed_cohorts_query(current_user.id)))
    return render_template(
        "assessment/cohorts.html",
        cohorts=cohorts,
        counts=counts,
        managers=_managers(),
        visibility=VISIBILITY,
        form={},
    )


@bp.post("/")
@require_permission("cohort.manage")
def cohort_create():
    me = current_user._get_current_object()
    managers = [
        db.session.get(User, int(i)) for i in request.form.getlist("managers") if i.isdigit()
    ]
    try:
        cohort = services.save_cohort(
            None,
            request.form.get("name", ""),
            request.form.get("start_date", ""),
            request.form.get("visibility", "initials"),
            [me, *managers],
            by=me,
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        cohorts = list(db.session.scalars(managed_cohorts_query(current_user.id)))
        page = render_template(
            "assessment/cohorts.html",
            cohorts=cohorts,
            counts={},
            managers=_managers(),
            visibility=VISIBILITY,
            form=request.form,
        )
        return page, error.status_code
    db.session.commit()
    flash(_("Cohort %(name)s created. Now add trainees and stages.", name=cohort.name), "success")
    return redirect(url_for("assessment.setup", cohort_id=cohort.id))


def _setup_page(cohort: Cohort, status: int = 200, form=None, section: str = ""):
    board = build_board(cohort)
    page = render_template(
        "assessment/setup.html",
        cohort=cohort,
        board=board,
        managers=_managers(),
        visibility=VISIBILITY,
        tie_breakers=TIE_BREAKERS,
        specs=specs,
        quizzes=_choices("quiz"),
        scenarios=scenario_choices(),
        cases=_choices("case"),
        form=form or {},
        section=section,
    )
    return page, status


def _fail(cohort: Cohort, error: DomainError, section: str):
    db.session.rollback()
    flash(error.message, "error")
    return _setup_page(cohort, error.status_code, request.form, section)


@bp.get("/<int:cohort_id>/setup")
@require_permission("cohort.manage")
def setup(cohort_id: int):
    return _setup_page(managed_or_404(Cohort, cohort_id))


@bp.post("/<int:cohort_id>/settings")
@require_permission("cohort.manage")
def settings(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    me = current_user._get_current_object()
    managers = [
        db.session.get(User, int(i)) for i in request.form.getlist("managers") if i.isdigit()
    ]
    try:
        services.save_cohort(
            cohort,
            request.form.get("name", ""),
            request.form.get("start_date", ""),
            request.form.get("visibility", ""),
            # Whoever saves the settings stays a manager (or they would lock themselves out).
            [me, *managers],
            by=me,
        )
    except DomainError as error:
        return _fail(cohort, error, "settings")
    db.session.commit()
    flash(_("Cohort settings saved."), "success")
    return redirect(url_for("assessment.setup", cohort_id=cohort.id))


@bp.post("/<int:cohort_id>/enrol")
@require_permission("cohort.manage")
def enrol(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    try:
        hire = request.form.get("hire_date", "").strip()
        _enrolment, password = services.enrol(
            cohort,
            name=request.form.get("name", ""),
            employee_number=request.form.get("employee_number", ""),
            branch=request.form.get("branch", ""),
            hire_date=services.parse_date(hire, _("Hire date")) if hire else None,
        )
    except DomainError as error:
        return _fail(cohort, error, "trainees")
    db.session.commit()
    if password:
        number = request.form.get("employee_number", "").strip()
        flash(
            _(
                "Account %(user)s created with the initial password %(pw)s. It is shown only "
                "once: write it down.",
                user=number,
                pw=password,
            ),
            "warning",
        )
    else:
        flash(_("Trainee enrolled."), "success")
    return redirect(url_for("assessment.setup", cohort_id=cohort.id, _anchor="trainees"))


@bp.post("/<int:cohort_id>/unenrol/<int:user_id>")
@require_permission("cohort.manage")
def unenrol(cohort_id: int, user_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    try:
        services.unenrol(cohort, user_id)
    except DomainError as error:
        return _fail(cohort, error, "trainees")
    db.session.commit()
    flash(_("Trainee removed from the cohort."), "success")
    return redirect(url_for("assessment.setup", cohort_id=cohort.id, _anchor="trainees"))


@bp.post("/<int:cohort_id>/roster")
@require_permission("cohort.manage")
def roster_import(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _fail(cohort, roster.RosterFileError(_("Choose a roster file first.")), "trainees")
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _fail(cohort, roster.RosterFileError(_("The file is larger than 2 MB.")), "trainees")
    try:
        report = roster.import_roster(
            cohort, upload.filename, data, skip_bad=request.form.get("mode") == "skip_bad"
        )
    except DomainError as error:
        return _fail(cohort, error, "trainees")
    db.session.commit()
    status = 200 if report.imported else 422
    return render_template("assessment/roster_result.html", cohort=cohort, report=report), status


@bp.post("/<int:cohort_id>/stages")
@require_permission("cohort.manage")
def stage_create(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    try:
        stage = services.save_stage(cohort, None, request.form)
    except DomainError as error:
        return _fail(cohort, error, "new-stage")
    db.session.commit()
    flash(_("Stage %(name)s added.", name=stage.name), "success")
    return redirect(url_for("assessment.setup", cohort_id=cohort.id, _anchor=f"stage-{stage.id}"))


@bp.post("/stages/<int:stage_id>")
@require_permission("cohort.manage")
def stage_update(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    try:
        services.save_stage(stage.cohort, stage, request.form)
    except DomainError as error:
        return _fail(stage.cohort, error, f"stage-{stage.id}")
    db.session.commit()
    flash(_("Stage saved."), "success")
    return redirect(
        url_for("assessment.setup", cohort_id=stage.cohort_id, _anchor=f"stage-{stage.id}")
    )


@bp.post("/stages/<int:stage_id>/delete")
@require_permission("cohort.manage")
def stage_delete(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    cohort = stage.cohort
    try:
        services.delete_stage(stage)
    except DomainError as error:
        return _fail(cohort, error, "")
    db.session.commit()
    flash(_("Stage removed."), "success")
    return redirect(url_for("assessment.setup", cohort_id=cohort.id))


@bp.post("/stages/<int:stage_id>/components")
@require_permission("cohort.manage")
def component_create(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    try:
        services.add_component(stage, request.form)
    except DomainError as error:
        return _fail(stage.cohort, error, f"add-{stage.id}")
    db.session.commit()
    flash(_("Component added."), "success")
    return redirect(
        url_for("assessment.setup", cohort_id=stage.cohort_id, _anchor=f"stage-{stage.id}")
    )


@bp.post("/components/<int:component_id>/delete")
@require_permission("cohort.manage")
def component_delete(component_id: int):
    component = managed_or_404(Component, component_id)
    cohort = component.stage.cohort
    try:
        services.delete_component(component)
    except DomainError as error:
        return _fail(cohort, error, "")
    db.session.commit()
    flash(_("Component removed."), "success")
    return redirect(url_for("assessment.setup", cohort_id=cohort.id))


def _entries_page(component: Component, month: str, status: int = 200, form=None):
    from assessment.entries import entry_context

    context = entry_context(component, current_user, month)
    return render_template("assessment/entries.html", form=form, **context), status


@bp.get("/components/<int:component_id>/entries")
@require_permission("cohort.evaluate")
def entries(component_id: int):
    component = managed_or_404(Component, component_id)
    if component.kind not in ("evaluation", "kpi"):
        from flask import abort

        abort(404)
    return _entries_page(component, request.args.get("month", ""))


@bp.post("/components/<int:component_id>/entries")
@require_permission("cohort.evaluate")
def entries_save(component_id: int):
    from assessment.entries import parse_entries

    component = managed_or_404(Component, component_id)
    month = request.form.get("month", "")
    try:
        saved = parse_entries(component, request.form, current_user._get_current_object())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _entries_page(component, month, error.status_code, request.form)
    db.session.commit()
    flash(_("%(n)d entries saved.", n=saved), "success")
    return redirect(url_for("assessment.entries", component_id=component.id, month=month))


@bp.post("/components/<int:component_id>/kpi-import")
@require_permission("cohort.evaluate")
def kpi_import(component_id: int):
    from assessment.kpi_import import import_kpis

    component = managed_or_404(Component, component_id)
    month = request.form.get("month", "")
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise roster.RosterFileError(_("Choose a file first."))
        data = upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise roster.RosterFileError(_("The file is larger than 2 MB."))
        saved, errors = import_kpis(
            component, month, upload.filename, data, current_user._get_current_object()
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _entries_page(component, month, error.status_code)
    if errors:
        db.session.rollback()
        flash(_("Nothing was imported. Fix these lines and upload the file again."), "error")
        return render_template(
            "assessment/kpi_import_errors.html", component=component, errors=errors, month=month
        ), 422
    db.session.commit()
    flash(_("%(n)d entries saved.", n=saved), "success")
    return redirect(url_for("assessment.entries", component_id=component.id, month=month))
