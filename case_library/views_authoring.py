"""Routes for trainers: write cases, pass the publish gate, review, keep the watchlist."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from case_library import gate, services
from case_library import watchlist as watchlist_service
from case_library.labels import RISK_TYPES, module_titles
from case_library.models import WATCHLIST_KINDS, Case, CaseReview, CaseVersion, WatchlistEntry
from case_library.services import CaseInput, CaseInvalid, PublishBlocked
from case_library.views import bp, render_case
from core.errors import DomainError
from core.extensions import db
from core.permissions import has_permission, require_permission

MAX_EXHIBITS = 20


def _case_or_404(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        abort(404)
    return case


def _input_from_form(form) -> CaseInput:
    exhibits = []
    for n in range(MAX_EXHIBITS + 1):
        fields = {
            k: form.get(f"exhibit-{k}-{n}", "") for k in ("title", "kind", "caption", "source")
        }
        if form.get(f"exhibit-remove-{n}") or not any(
            fields[k].strip() for k in ("title", "caption", "source")
        ):
            continue
        exhibits.append(fields)
    return CaseInput(
        slug=form.get("slug", "").strip(),
        title=form.get("title", ""),
        summary=form.get("summary", ""),
        modules=form.getlist("modules"),
        risk_type=form.get("risk_type", ""),
        difficulty=form.get("difficulty", "1"),
        retakes=form.get("retakes", "0"),
        narrative=form.get("narrative", ""),
        exhibits=exhibits,
        tasks_yaml=form.get("tasks_yaml", ""),
        model_answer=form.get("model_answer", ""),
    )


def _render_form(data: CaseInput, case=None, errors=None, status=200):
    page = render_template(
        "case_library/edit.html",
        data=data,
        case=case,
        errors=errors or [],
        modules=module_titles(),
        risk_types=RISK_TYPES,
        max_exhibits=MAX_EXHIBITS,
    )
    return page, status


@bp.get("/author")
@require_permission("case.author")
def author_list():
    cases = db.session.scalars(select(Case).order_by(Case.updated_at.desc())).all()
    return render_template("case_library/author_list.html", cases=cases)


@bp.route("/author/new", methods=["GET", "POST"])
@require_permission("case.author")
def new_case():
    if request.method == "GET":
        return _render_form(CaseInput())
    data = _input_from_form(request.form)
    try:
        case = services.create_case(data, current_user)
    except CaseInvalid as error:
        return _render_form(data, errors=error.errors, status=422)
    db.session.commit()
    flash(_("The case was saved as a draft."), "success")
    return redirect(url_for("case_library.author_case", case_id=case.id))


@bp.route("/author/<int:case_id>/edit", methods=["GET", "POST"])
@require_permission("case.author")
def edit_case(case_id: int):
    case = _case_or_404(case_id)
    if request.method == "GET":
        if case.status == "in_review":
            flash(
                _("The case is under review; ask the reviewer to return it before editing."),
                "error",
            )
            return redirect(url_for("case_library.author_case", case_id=case.id))
        return _render_form(CaseInput.from_version(case, case.current_version), case)
    data = _input_from_form(request.form)
    try:
        version = services.update_case(case, data, current_user)
    except CaseInvalid as error:
        return _render_form(data, case, errors=error.errors, status=422)
    except DomainError as error:
        return _render_form(data, case, errors=[error.message], status=error.status_code)
    db.session.commit()
    if version is None:
        flash(_("Nothing changed; no new version was made."), "success")
    else:
        flash(_("Saved as version %(n)d (draft).", n=version.number), "success")
    return redirect(url_for("case_library.author_case", case_id=case.id))


@bp.get("/author/<int:case_id>")
@require_permission("case.author")
def author_case(case_id: int):
    case = _case_or_404(case_id)
    reviews = db.session.scalars(
        select(CaseReview).where(CaseReview.case_id == case.id).order_by(CaseReview.id.desc())
    ).all()
    findings = gate.gate_findings(case.current_version)
    return render_template(
        "case_library/author_case.html",
        case=case,
        reviews=reviews,
        finding_count=sum(len(f) for f in findings.values()),
        can_review=has_permission(current_user, "case.review"),
        reviewers_excluded={case.current_version.author_id, services.submitter_id(case)},
    )


@bp.get("/author/<int:case_id>/versions/<int:number>")
@require_permission("case.author")
def version_view(case_id: int, number: int):
    case = _case_or_404(case_id)
    version = db.session.scalar(
        select(CaseVersion).where(CaseVersion.case_id == case.id, CaseVersion.number == number)
    )
    if version is None:
        abort(404)
    return render_case(case, version, preview=True)


@bp.get("/author/<int:case_id>/check")
@require_permission("case.author")
def check(case_id: int):
    case = _case_or_404(case_id)
    version = case.current_version
    report = gate.version_report(version, gate.gate_findings(version))
    return render_template("case_library/check.html", case=case, version=version, report=report)


@bp.post("/author/<int:case_id>/submit")
@require_permission("case.author")
def submit(case_id: int):
    case = _case_or_404(case_id)
    try:
        services.submit_for_review(case, current_user)
    except PublishBlocked as error:
        flash(error.message, "error")
        return redirect(url_for("case_library.check", case_id=case.id))
    db.session.commit()
    flash(_("Submitted for review. A second trainer must approve it."), "success")
    return redirect(url_for("case_library.author_case", case_id=case.id))


@bp.post("/author/<int:case_id>/pseudonymize")
@require_permission("case.author")
def pseudonymize(case_id: int):
    case = _case_or_404(case_id)
    try:
        version, mapping, redacted = services.pseudonymize_case(case, current_user)
    except CaseInvalid as error:
        flash(_("Pseudonymizing would break the case: %(e)s", e="；".join(error.errors)), "error")
        return redirect(url_for("case_library.check", case_id=case.id))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("case_library.check", case_id=case.id))
    db.session.commit()
    message = _(
        "Replaced %(n)d items consistently; saved as version %(v)d.",
        n=len(mapping),
        v=version.number,
    )
    if redacted:
        numbers = "、".join(str(v.number) for v in sorted(redacted, key=lambda v: v.number))
        message += " " + _("Earlier versions %(numbers)s were redacted in place.", numbers=numbers)
    flash(message, "success")
    return redirect(url_for("case_library.check", case_id=case.id))


@bp.get("/review")
@require_permission("case.review")
def review_queue():
    cases = db.session.scalars(select(Case).where(Case.status == "in_review").order_by(Case.id))
    return render_template("case_library/review_queue.html", cases=list(cases))


@bp.post("/author/<int:case_id>/approve")
@require_permission("case.review")
def approve(case_id: int):
    case = _case_or_404(case_id)
    try:
        services.approve(case, current_user, request.form.get("comment", ""))
    except PublishBlocked as error:
        flash(error.message, "error")
        return redirect(url_for("case_library.check", case_id=case.id))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("case_library.author_case", case_id=case.id))
    db.session.commit()
    flash(_("The case is published."), "success")
    return redirect(url_for("case_library.author_case", case_id=case.id))


@bp.post("/author/<int:case_id>/return")
@require_permission("case.review")
def return_case(case_id: int):
    case = _case_or_404(case_id)
    try:
        services.return_for_changes(case, current_user, request.form.get("comment", ""))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("case_library.author_case", case_id=case.id))
    db.session.commit()
    flash(_("The case was returned to its author."), "success")
    return redirect(url_for("case_library.author_case", case_id=case.id))


@bp.route("/watchlist", methods=["GET", "POST"])
@require_permission("case.review")
def watchlist():
    status, terms, kind = 200, "", request.form.get("kind", "name")
    if request.method == "POST":
        terms = request.form.get("terms", "")
        try:
            added = watchlist_service.add_watchlist_terms(kind, terms, current_user)
        except DomainError as error:
            flash(error.message, "error")
            status = 422
        else:
            db.session.commit()
            flash(_("%(n)d entries added.", n=added), "success")
            return redirect(url_for("case_library.watchlist"))
    entries = db.session.scalars(
        select(WatchlistEntry).order_by(WatchlistEntry.kind, WatchlistEntry.term)
    ).all()
    page = render_template(
        "case_library/watchlist.html",
        entries=entries,
        kinds=WATCHLIST_KINDS,
        terms=terms,
        kind=kind,
    )
    return page, status


@bp.post("/watchlist/<int:entry_id>/delete")
@require_permission("case.review")
def watchlist_delete(entry_id: int):
    watchlist_service.remove_watchlist_entry(entry_id)
    db.session.commit()
    flash(_("The entry was removed."), "success")
    return redirect(url_for("case_library.watchlist"))
