"""Trainers write scenarios in the browser: the same checks as the files, and a dry run."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission
from simulator import authoring, presenting
from simulator.checker import ScenarioInvalid
from simulator.forms import ScenarioSourceForm
from simulator.labels import COMPONENT_LABELS, EVENT_LABELS
from simulator.models import Scenario as ScenarioRow
from simulator.scenario import DAY
from simulator.views import bp

TEMPLATE_PATH = "simulator/scenarios/README.md"


@bp.get("/author/")
@require_permission("simulator.author")
def author_list():
    rows = db.session.scalars(
        select(ScenarioRow).order_by(ScenarioRow.difficulty, ScenarioRow.title)
    ).all()
    return render_template("simulator/author_list.html", scenarios=rows)


def _preview(form) -> dict:
    """Problems (file, line, field) or the dry-run timeline of the text in the form."""
    filename = _("browser")
    try:
        sc, log = authoring.dry_run(form.source.data, form.seed.data or 1, filename)
    except ScenarioInvalid as error:
        return {"problems": [p.text(_) for p in error.problems]}
    return {
        "sc": sc,
        "events": [
            {
                "when": presenting.when(sc, e.minute),
                "loan": presenting.borrower(sc, e.loan),
                "type": EVENT_LABELS[e.type],
                "title": e.title,
                "notice": e.notice,
            }
            for e in sc.events
        ],
        "timeline": presenting.timeline(sc, log),
        "quiet": [presenting.day_label(sc, d) for d in sorted(sc.rules.quiet_days)],
        "component_labels": COMPONENT_LABELS,
        "days": sc.days,
        "last_day": presenting.day_label(sc, sc.end // DAY - 1),
    }


def _editor(row, form, status=200):
    preview = _preview(form) if form.source.data else None
    page = render_template(
        "simulator/author_edit.html", row=row, form=form, preview=preview, schema=TEMPLATE_PATH
    )
    return page, status


@bp.route("/author/new", methods=["GET", "POST"])
@require_permission("simulator.author")
def author_new():
    form = ScenarioSourceForm()
    return _save(None, form)


@bp.route("/author/<slug>", methods=["GET", "POST"])
@require_permission("simulator.author")
def author_edit(slug: str):
    row = authoring.by_slug(slug) or abort(404)
    form = ScenarioSourceForm()
    if not form.is_submitted():
        form.source.data = row.current_version.source if row.current_version else ""
        form.base_version.data = str(row.current_version_id or "")
    return _save(row, form)


def _save(row, form):
    if not form.validate_on_submit():
        return _editor(row, form, 400 if form.errors else 200)
    if request.form.get("intent") != "save":
        return _editor(row, form)
    if row is not None and form.base_version.data != str(row.current_version_id or ""):
        flash(
            _("Someone saved this scenario after you opened it; reload to see their version."),
            "error",
        )
        return _editor(row, form, 409)
    on_domain_error(lambda: _editor(row, form)[0], field=form.source)
    saved = authoring.save_version(
        row, form.source.data, by=current_user, filename=_("browser"), browser=True
    )
    db.session.commit()
    flash(_("Scenario %(title)s saved.", title=saved.title), "success")
    return redirect(url_for("simulator.author_edit", slug=saved.slug))
