"""Routes: the scoreboard, elimination preview/confirm/override, decision log, exports,
monthly snapshots and the trainee's own standing."""

from decimal import Decimal

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from assessment import (
    board_cache,
    charts,
    decisions,
    exports,
    forms,
    forms_decisions,
    specs,
    whatif,
)
from assessment.access import managed_or_404
from assessment.board import build_board, still_needed
from assessment.lawful import confirming
from assessment.lawful import preview_forms as lawful_confirm
from assessment.models import BoardSnapshot, Cohort, Enrolment, Stage
from assessment.scoring import present, present_str
from assessment.standing import standing_context
from assessment.views import bp
from core.actions import on_domain_error
from core.errors import describe
from core.extensions import db
from core.permissions import require_permission

PAGE_SIZE = 100  # table rows per page; ranks, charts and exports always cover everyone


def _stage_tab(board) -> int:
    text = request.args.get("stage", "")
    if text.isdigit() and int(text) < len(board.stages):
        return int(text)
    return board.current


def chart_band(board, stage) -> tuple[Decimal, Decimal, Decimal] | None:
    """(cut line, low, high) of the stage's measurement band: as recorded with its decision,
    or of the preview while undecided; None when there is no band to draw."""
    decided = decisions.elimination_decision(stage)
    if decided is not None:
        found = (decided.snapshot or {}).get("measurement") or {}
        if not found.get("shown"):
            return None
        return Decimal(found["line"]), Decimal(found["low"]), Decimal(found["high"])
    result = _outlook(board, stage)
    if result is None:
        return None
    found = decisions.band_for(board, stage, result)
    return (found.line, found.low, found.high) if found.shown else None


def board_charts(board, index: int, rows) -> dict:
    stage = board.stages[index]
    scored = [r.cells[index].cumulative for r in rows if r.cells[index].active]
    cut_line = (stage.rule or {}).get("below_score")
    cut_line = Decimal(cut_line) if cut_line else None
    band = chart_band(board, stage)
    shade = None
    if band is not None:
        cut_line = present(band[0])
        label = _(
            "Within measurement error: %(low)s – %(high)s",
            low=present_str(band[1]),
            high=present_str(band[2]),
        )
        shade = (band[1], band[2], label)
    series = [
        (r.name, [c.cumulative if c.active else None for c in r.cells])
        for r in rows
        if r.cells[index].active
    ]
    sums = [[] for _ in stage.components]
    for r in rows:
        if r.cells[index].active:
            for position, res in enumerate(r.cells[index].score.results):
                if res.status == "scored":
                    sums[position].append(res.normalized)
    averages = [
        (component.name, sum(values) / len(values) if values else None)
        for component, values in zip(stage.components, sums, strict=True)
    ]
    return {
        "histogram": charts.histogram(
            [s for s in scored if s is not None],
            _("Distribution of cumulative scores, %(stage)s", stage=stage.name),
            axis=_("Cumulative score (trainees)"),
            bar_title=_("%(band)s: %(count)d trainees"),  # formatted per bar by charts
            cut_line=cut_line,
            band=shade,
        ),
        "trajectories": charts.trajectories(
            series, [s.name for s in board.stages], _("Trajectories across stages")
        ),
        "components": charts.component_bars(
            averages,
            _("Component averages, %(stage)s", stage=stage.name),
            empty=_("No scores yet"),
        ),
    }


def _outlook(data, stage):
    """What the rule would do now (for the board's notice), or None when no preview can be
    made yet (no rule, trainees without a score, nobody left)."""
    if decisions.preview_blocker(data, stage) is not None:
        return None
    return decisions.preview(data, stage)


@bp.get("/<int:cohort_id>")
@require_permission("scoreboard.view")
def board(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    data = build_board(cohort)
    if not data.stages:
        return render_template("assessment/board.html", board=data, cohort=cohort, index=None)
    index = _stage_tab(data)
    branch = request.args.get("branch", "")
    rows = data.ranked(index, branch or None)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page_text = request.args.get("page", "1")
    page = min(pages, int(page_text)) if page_text.isdigit() and int(page_text) > 0 else 1
    decided = decisions.elimination_decision(data.stages[index])
    snapshots = db.session.scalars(
        select(BoardSnapshot)
        .where(BoardSnapshot.cohort_id == cohort.id)
        .order_by(BoardSnapshot.month.desc())
    ).all()
    return render_template(
        "assessment/board.html",
        board=data,
        cohort=cohort,
        index=index,
        stage=data.stages[index],
        rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(rows),
        page=page,
        pages=pages,
        branch=branch,
        charts=board_cache.derived(
            data.cache_key,
            ("charts", index, branch, str(get_locale())),
            lambda: board_charts(data, index, rows),
        ),
        rule_text=specs.rule_text(data.stages[index].rule),
        decided=decided,
        outlook=board_cache.derived(
            data.cache_key, ("outlook", index), lambda: _outlook(data, data.stages[index])
        )
        if decided is None
        else None,
        snapshots=snapshots,
        snapshot_form=forms.with_ids(
            forms_decisions.SnapshotForm(formdata=None, month=decisions.previous_month()), "snap"
        ),
    )


def _override_form(data, stage: Stage, index: int) -> forms_decisions.OverrideForm:
    """The override form (reading the request when it was sent), offering the trainees still
    in the race at the stage, with their cumulative score."""
    form = forms.with_ids(forms_decisions.OverrideForm(), "o")
    form.user_id.choices = [
        (row.user_id, _override_label(row, index))
        for row in data.ranked(index)
        if row.cells[index].active
    ]
    return form


def _override_label(row, index: int) -> str:
    parts = [row.name, present_str(row.cells[index].cumulative) or "—"]
    if row.eliminated_stage_id:
        parts.append(_("eliminated"))
    return " · ".join(parts)


def _elimination_page(
    stage: Stage,
    form: forms_decisions.OverrideForm | None = None,
    notes: dict | None = None,
    *,
    submitted: bool = False,
) -> str:
    data = build_board(stage.cohort)
    decided = decisions.elimination_decision(stage)
    preview, problem = None, None
    index = decisions.stage_index(data, stage)
    band = None
    if decided is None:
        blocker = decisions.preview_blocker(data, stage)
        if blocker is None:
            preview = decisions.preview(data, stage)
            band = decisions.band_for(data, stage, preview)
        else:
            problem = describe(blocker)
    return render_template(
        "assessment/elimination.html",
        stage=stage,
        cohort=stage.cohort,
        board=data,
        index=index,
        preview=preview,
        problem=problem,
        band=band,
        notes=notes or {},
        flagged=whatif.flagged_questions(stage) if decided is None else [],
        disagreements=decisions.disagreements_for(data, stage) if preview else [],
        decided=decided,
        rule_text=specs.rule_text(stage.rule),
        confirm_form=forms_decisions.ConfirmEliminationForm(
            formdata=None, token=decisions.preview_token(preview) if preview else ""
        ),
        form=form or _override_form(data, stage, index),
        people=lawful_confirm.people(stage, data, preview, submitted=submitted),
    )


@bp.get("/stages/<int:stage_id>/elimination")
@require_permission("elimination.decide")
def elimination(stage_id: int):
    return _elimination_page(managed_or_404(Stage, stage_id))


@bp.post("/stages/<int:stage_id>/elimination")
@require_permission("elimination.decide")
def elimination_confirm(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    form = forms_decisions.ConfirmEliminationForm()
    back = redirect(url_for("assessment.elimination", stage_id=stage.id))
    if not form.validate_on_submit():
        flash(_("The form expired or was sent from elsewhere. Reload the page and try again."))
        return back
    notes = forms_decisions.band_notes(request.form)
    # The page again with the notes and outcomes already chosen, so nothing costs retyping.
    on_domain_error(lambda: _elimination_page(stage, notes=notes, submitted=True))
    data = build_board(stage.cohort)
    choices = lawful_confirm.choices(stage, data)
    token = form.token.data or ""
    confirming.confirm_with_bases(data, stage, current_user, token, choices, notes)
    db.session.commit()
    flash(_("The elimination decision is recorded."), "success")
    return back


@bp.post("/stages/<int:stage_id>/override")
@require_permission("elimination.decide")
def override(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    data = build_board(stage.cohort)
    form = _override_form(data, stage, decisions.stage_index(data, stage))

    def page():
        return _elimination_page(stage, form)

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page)
    decisions.override(
        data, stage, current_user, form.user_id.data, form.action.data, form.reason.data
    )
    db.session.commit()
    flash(_("The override is recorded."), "success")
    return redirect(url_for("assessment.elimination", stage_id=stage.id))


@bp.get("/<int:cohort_id>/decisions")
@require_permission("scoreboard.view")
def decision_log(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    log = decisions.decision_log(cohort)
    outcomes = confirming.outcomes_by_decision([d.id for d in log])
    return render_template("assessment/decisions.html", cohort=cohort, log=log, outcomes=outcomes)


def _download(table, name: str, fmt: str) -> Response:
    if fmt == "csv":
        body, mime = exports.to_csv(table), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(table, name)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@bp.get("/<int:cohort_id>/export/board.<fmt>")
@require_permission("results.export")
def export_board(cohort_id: int, fmt: str):
    cohort = managed_or_404(Cohort, cohort_id)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    table = exports.board_table(decisions.board_dict(build_board(cohort)))
    return _download(table, f"board-{cohort.id}", fmt)


@bp.get("/<int:cohort_id>/export/decisions.<fmt>")
@require_permission("results.export")
def export_decisions(cohort_id: int, fmt: str):
    cohort = managed_or_404(Cohort, cohort_id)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    table = exports.decision_table(decisions.decision_log(cohort))
    return _download(table, f"decisions-{cohort.id}", fmt)


@bp.post("/<int:cohort_id>/snapshots")
@require_permission("cohort.manage")
def snapshot_create(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    form = forms_decisions.SnapshotForm()
    back = redirect(url_for("assessment.board", cohort_id=cohort.id))
    if not form.validate_on_submit():
        flash(_("The month must look like 2026-03."), "error")
        return back
    month = form.month.data or decisions.previous_month()
    on_domain_error(lambda: back)
    snap, created = decisions.freeze_month(cohort, month, current_user.name)
    db.session.commit()
    if created:
        flash(_("The board for %(month)s is frozen.", month=month), "success")
    else:
        flash(_("The board for %(month)s was already frozen; it stays as it was.", month=month))
    return redirect(url_for("assessment.snapshot", snapshot_id=snap.id))


@bp.get("/snapshots/<int:snapshot_id>")
@require_permission("scoreboard.view")
def snapshot(snapshot_id: int):
    snap = managed_or_404(BoardSnapshot, snapshot_id)
    cohort = db.session.get(Cohort, snap.cohort_id)
    table = exports.board_table(snap.data)
    return render_template("assessment/snapshot.html", snap=snap, cohort=cohort, table=table)


@bp.get("/mine")
@require_permission("standing.view_own")
def standing():
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.user_id == current_user.id).order_by(Enrolment.id.desc())
    ).all()
    cards = [standing_context(build_board(e.cohort), current_user.id) for e in enrolments]
    return render_template("assessment/standing.html", cards=cards, still_needed=still_needed)
