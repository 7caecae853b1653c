"""Routes of the assessment area: cohort set-up, enrolment, stages, evaluations and KPIs.

The scoreboard, elimination, exports and the trainee's standing are in ``views_board``.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from assessment import forms, roster, score_entries, services, specs
from assessment.access import managed_cohorts_query, managed_or_404
from assessment.board import build_board
from assessment.forms import with_ids
from assessment.kpi_import import import_kpis
from assessment.models import Cohort, Component, Enrolment, Stage
from assessment.scoring import KIND_LABELS
from core.actions import on_domain_error
from core.extensions import db
from core.models import User, UserRole
from core.permissions import require_permission

bp = Blueprint("assessment", __name__, url_prefix="/cohorts")

# The set-up page's fixed forms and the id prefix of their fields (stage and component forms
# use their section name, e.g. "stage-3", "add-3").
SETUP_FORM_IDS = {"settings": "s", "enrol": "e", "roster": "r"}


def _other_managers(me: User) -> list[User]:
    """Everyone holding the manager role but ``me``: the managers one may add to a cohort."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == "manager", User.id != me.id)
            .order_by(User.username)
        )
    )


def _chosen_managers(me: User, form: forms.CohortForm) -> list[User]:
    # Whoever saves a cohort stays its manager (or they would lock themselves out).
    return [me, *(db.session.get(User, user_id) for user_id in form.managers.data or [])]


def _cohort_list_page(form: forms.CohortForm) -> str:
    counts = dict(
        db.session.execute(
            select(Enrolment.cohort_id, func.count(Enrolment.id)).group_by(Enrolment.cohort_id)
        ).all()
    )
    cohorts = list(db.session.scalars(managed_cohorts_query(current_user.id)))
    return render_template(
        "assessment/cohorts.html", cohorts=cohorts, counts=counts, form=with_ids(form, "c")
    )


@bp.get("/")
@require_permission("scoreboard.view")
def cohort_list():
    me = current_user._get_current_object()
    return _cohort_list_page(forms.cohort_form(_other_managers(me), submitted=False))


@bp.post("/")
@require_permission("cohort.manage")
def cohort_create():
    me = current_user._get_current_object()
    form = forms.cohort_form(_other_managers(me), submitted=True)

    def page():
        return _cohort_list_page(form)

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page, field=form.name)
    cohort = services.save_cohort(
        None,
        form.name.data,
        form.start_date.data,
        form.visibility.data,
        _chosen_managers(me, form),
        by=me,
    )
    db.session.commit()
    flash(_("Cohort %(name)s created. Now add trainees and stages.", name=cohort.name), "success")
    return redirect(url_for("assessment.setup", cohort_id=cohort.id))


def _setup_page(cohort: Cohort, *, failed=None, section: str = "") -> str:
    """The set-up page; ``failed`` is the submitted form of ``section``, shown with its input
    and errors, while every other form shows what is stored."""
    me = current_user._get_current_object()
    page_forms = {
        "settings": forms.cohort_form(_other_managers(me), cohort, submitted=False),
        "enrol": forms.EnrolForm(formdata=None),
        "roster": forms.RosterForm(formdata=None),
    }
    page_forms = {key: with_ids(form, SETUP_FORM_IDS[key]) for key, form in page_forms.items()}
    page_forms["new-stage"] = forms.stage_form(None)
    for stage in cohort.stages:
        page_forms[f"stage-{stage.id}"] = forms.stage_form(stage, f"stage-{stage.id}")
        page_forms[f"add-{stage.id}"] = forms.component_form(stage.id)
    if failed is not None:
        page_forms[section] = with_ids(failed, SETUP_FORM_IDS.get(section, section))
    return render_template(
        "assessment/setup.html",
        cohort=cohort,
        kind_labels=KIND_LABELS,
        board=build_board(cohort),
        specs=specs,
        quizzes=services.reference_choices("quiz"),
        cases=services.reference_choices("case"),
        scenarios=services.reference_choices("simulator"),
        forms=page_forms,
        section=section,
    )


def _back_to_setup(cohort_id: int, anchor: str | None = None):
    return redirect(url_for("assessment.setup", cohort_id=cohort_id, _anchor=anchor))


@bp.get("/<int:cohort_id>/setup")
@require_permission("cohort.manage")
def setup(cohort_id: int):
    return _setup_page(managed_or_404(Cohort, cohort_id))


@bp.post("/<int:cohort_id>/settings")
@require_permission("cohort.manage")
def settings(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    me = current_user._get_current_object()
    form = forms.cohort_form(_other_managers(me), cohort, submitted=True)

    def page():
        return _setup_page(cohort, failed=form, section="settings")

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page, field=form.name)
    services.save_cohort(
        cohort,
        form.name.data,
        form.start_date.data,
        form.visibility.data,
        _chosen_managers(me, form),
        by=me,
    )
    db.session.commit()
    flash(_("Cohort settings saved."), "success")
    return _back_to_setup(cohort.id)


@bp.post("/<int:cohort_id>/enrol")
@require_permission("cohort.manage")
def enrol(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    form = forms.EnrolForm()

    def page():
        return _setup_page(cohort, failed=form, section="enrol")

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page, field=form.employee_number)
    _enrolment, password = services.enrol(
        cohort,
        name=form.name.data or "",
        employee_number=form.employee_number.data,
        branch=form.branch.data or "",
        hire_date=form.hire_date.data,
        by=current_user,
    )
    db.session.commit()
    if password:
        number = form.employee_number.data.strip()
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
    return _back_to_setup(cohort.id, "trainees")


@bp.post("/<int:cohort_id>/unenrol/<int:user_id>")
@require_permission("cohort.manage")
def unenrol(cohort_id: int, user_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    on_domain_error(lambda: _setup_page(cohort))
    services.unenrol(cohort, user_id)
    db.session.commit()
    flash(_("Trainee removed from the cohort."), "success")
    return _back_to_setup(cohort.id, "trainees")


@bp.post("/<int:cohort_id>/roster")
@require_permission("cohort.manage")
def roster_import(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    form = forms.RosterForm()

    def page():
        return _setup_page(cohort, failed=form, section="roster")

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page)
    upload = form.file.data
    report = roster.import_roster(
        cohort,
        upload.filename,
        upload.read(roster.MAX_UPLOAD + 1),
        skip_bad=form.mode.data == "skip_bad",
        by=current_user,
    )
    db.session.commit()
    status = 200 if report.imported else 422
    return render_template("assessment/roster_result.html", cohort=cohort, report=report), status


@bp.post("/<int:cohort_id>/stages")
@require_permission("cohort.manage")
def stage_create(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    form = forms.StageForm()

    def page():
        return _setup_page(cohort, failed=form, section="new-stage")

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page)
    stage = services.save_stage(cohort, None, form.typed())
    db.session.commit()
    flash(_("Stage %(name)s added.", name=stage.name), "success")
    return _back_to_setup(cohort.id, f"stage-{stage.id}")


@bp.post("/stages/<int:stage_id>")
@require_permission("cohort.manage")
def stage_update(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    cohort, section = stage.cohort, f"stage-{stage.id}"
    form = forms.StageForm()

    def page():
        return _setup_page(cohort, failed=form, section=section)

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page)
    services.save_stage(cohort, stage, form.typed())
    db.session.commit()
    flash(_("Stage saved."), "success")
    return _back_to_setup(cohort.id, section)


@bp.post("/stages/<int:stage_id>/delete")
@require_permission("cohort.manage")
def stage_delete(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    cohort = stage.cohort
    on_domain_error(lambda: _setup_page(cohort))
    services.delete_stage(stage)
    db.session.commit()
    flash(_("Stage removed."), "success")
    return _back_to_setup(cohort.id)


@bp.post("/stages/<int:stage_id>/components")
@require_permission("cohort.manage")
def component_create(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    cohort, section = stage.cohort, f"add-{stage.id}"
    form = forms.ComponentForm()

    def page():
        return _setup_page(cohort, failed=form, section=section)

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page)
    services.add_component(stage, form.typed())
    db.session.commit()
    flash(_("Component added."), "success")
    return _back_to_setup(cohort.id, f"stage-{stage.id}")


@bp.post("/components/<int:component_id>/delete")
@require_permission("cohort.manage")
def component_delete(component_id: int):
    component = managed_or_404(Component, component_id)
    cohort = component.stage.cohort
    on_domain_error(lambda: _setup_page(cohort))
    services.delete_component(component)
    db.session.commit()
    flash(_("Component removed."), "success")
    return _back_to_setup(cohort.id)


def _entries_page(component: Component, month: str, *, sent=None, import_form=None) -> str:
    """The entry grid; ``sent`` (an EntryGrid) re-shows what a refused save sent."""
    context = score_entries.grid_context(component, current_user, month)
    if import_form is None:
        import_form = forms.KpiImportForm(formdata=None, month=context.get("month", ""))
    return render_template(
        "assessment/entries.html",
        sent=sent,
        import_form=with_ids(import_form, "kpi"),
        **context,
    )


@bp.get("/components/<int:component_id>/entries")
@require_permission("cohort.evaluate")
def entries(component_id: int):
    component = managed_or_404(Component, component_id)
    if component.kind not in score_entries.ENTRY_KINDS:
        abort(404)
    return _entries_page(component, request.args.get("month", ""))


@bp.post("/components/<int:component_id>/entries")
@require_permission("cohort.evaluate")
def entries_save(component_id: int):
    component = managed_or_404(Component, component_id)
    trainee_ids = [t.id for t in score_entries.trainees_in_race(component)]
    grid = forms.entry_grid(component, trainee_ids)
    on_domain_error(lambda: _entries_page(component, grid.month, sent=grid))
    saved = score_entries.save_grid(component, grid, current_user._get_current_object())
    db.session.commit()
    flash(_("%(n)d entries saved.", n=saved), "success")
    return redirect(url_for("assessment.entries", component_id=component.id, month=grid.month))


@bp.post("/components/<int:component_id>/kpi-import")
@require_permission("cohort.evaluate")
def kpi_import(component_id: int):
    component = managed_or_404(Component, component_id)
    form = forms.KpiImportForm()
    month = form.month.data or ""

    def page():
        return _entries_page(component, month, import_form=form)

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page)
    upload = form.file.data
    saved, errors = import_kpis(
        component,
        month,
        upload.filename,
        upload.read(roster.MAX_UPLOAD + 1),
        current_user._get_current_object(),
    )
    if errors:  # nothing was written: import_kpis saves only a file without bad lines
        flash(_("Nothing was imported. Fix these lines and upload the file again."), "error")
        return render_template(
            "assessment/kpi_import_errors.html", component=component, errors=errors, month=month
        ), 422
    db.session.commit()
    flash(_("%(n)d entries saved.", n=saved), "success")
    return redirect(url_for("assessment.entries", component_id=component.id, month=month))
