"""Routes for the second trainer: submit, approve or return a case; keep the watchlist."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from case_library import review
from case_library import watchlist as watchlist_service
from case_library.forms import WATCHLIST_KIND_LABELS, ApproveForm, ReturnForm, WatchlistForm
from case_library.models import WATCHLIST_KINDS, Case, WatchlistEntry
from case_library.services import case_or_404
from case_library.views import bp
from case_library.views_authoring import render_author_case
from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission


def redirect_to_case(case: Case):
    return redirect(url_for("case_library.author_case", case_id=case.id))


@bp.post("/author/<int:case_id>/submit")
@require_permission("case.author")
def submit(case_id: int):
    case = case_or_404(case_id)
    # A blocked gate (the usual refusal) is explained on the check page, spot by spot.
    on_domain_error(lambda: redirect(url_for("case_library.check", case_id=case.id)))
    review.submit_for_review(case, current_user)
    db.session.commit()
    flash(_("Submitted for review. A second trainer must approve it."), "success")
    return redirect_to_case(case)


@bp.get("/review")
@require_permission("case.review")
def review_queue():
    cases = db.session.scalars(select(Case).where(Case.status == "in_review").order_by(Case.id))
    return render_template("case_library/review_queue.html", cases=list(cases))


@bp.post("/author/<int:case_id>/approve")
@require_permission("case.review")
def approve(case_id: int):
    case = case_or_404(case_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        return render_author_case(case, approve_form=form), 422
    on_domain_error(lambda: redirect_to_case(case))
    review.approve(case, current_user, form.comment.data or "")
    db.session.commit()
    flash(_("The case is published."), "success")
    return redirect_to_case(case)


@bp.post("/author/<int:case_id>/return")
@require_permission("case.review")
def return_case(case_id: int):
    case = case_or_404(case_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return render_author_case(case, return_form=form), 422
    on_domain_error(lambda: redirect_to_case(case))
    review.return_for_changes(case, current_user, form.comment.data)
    db.session.commit()
    flash(_("The case was returned to its author."), "success")
    return redirect_to_case(case)


@bp.route("/watchlist", methods=["GET", "POST"])
@require_permission("case.review")
def watchlist():
    form = WatchlistForm()

    def page():
        entries = db.session.scalars(
            select(WatchlistEntry).order_by(WatchlistEntry.kind, WatchlistEntry.term)
        ).all()
        return render_template(
            "case_library/watchlist.html",
            form=form,
            entries=entries,
            kinds=WATCHLIST_KINDS,
            kind_labels=WATCHLIST_KIND_LABELS,
        )

    if form.validate_on_submit():
        on_domain_error(page, field=form.terms)
        added = watchlist_service.add_watchlist_terms(
            form.kind.data, form.term_list(), current_user
        )
        db.session.commit()
        flash(_("%(n)d entries added.", n=added), "success")
        return redirect(url_for("case_library.watchlist"))
    return page(), 422 if form.is_submitted() else 200


@bp.post("/watchlist/<int:entry_id>/delete")
@require_permission("case.review")
def watchlist_delete(entry_id: int):
    watchlist_service.remove_watchlist_entry(entry_id)
    db.session.commit()
    flash(_("The entry was removed."), "success")
    return redirect(url_for("case_library.watchlist"))
