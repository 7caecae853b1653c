"""Routes of the case library for trainees: browse, study, solve, discuss."""

from decimal import Decimal, InvalidOperation

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from case_library import attempts, labels
from case_library.forms import PostForm
from case_library.forms_answers import AnswerSheet, answer_field
from case_library.library import LibraryFilter, facet_values, prepare_exhibit, published_cases
from core.actions import on_domain_error
from core.extensions import db
from core.permissions import has_permission, require_permission

bp = Blueprint("case_library", __name__, url_prefix="/cases")


@bp.app_context_processor
def case_labels():
    return {"case_labels": labels, "task_kind_labels": labels.TASK_KIND_LABELS}


@bp.app_template_filter("case_points")
def case_points(value) -> str:
    """12.50 -> 12.5, 40.00 -> 40: points without noise."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@bp.get("/")
@require_permission("case.read")
def library():
    flt = LibraryFilter.from_args(request.args)
    cases = published_cases(flt)
    mine = {}
    if has_permission(current_user, "case.attempt"):
        mine = attempts.own_attempts(current_user)
    return render_template(
        "case_library/library.html", cases=cases, flt=flt, facets=facet_values(), mine=mine
    )


def render_case(case, version, *, preview=False, sheet=None, post_form=None, retake=False):
    """The case page: narrative, exhibits, then the task form or the trainee's results.

    `sheet` and `post_form` re-show what was sent; `retake` asks for a fresh task form when the
    case allows another attempt."""
    attempt, history = None, []
    can_attempt = not preview and has_permission(current_user, "case.attempt")
    if can_attempt:
        history = attempts.attempt_history(case, current_user)
        attempt = history[-1] if history else None
    can_again = can_attempt and attempts.can_start_again(case, attempt)
    show_form = can_attempt and (attempt is None or (retake and can_again))
    can_discuss = not preview and attempts.can_discuss(case, current_user)
    return render_template(
        "case_library/case.html",
        case=case,
        version=version,
        exhibits=[prepare_exhibit(e) for e in version.exhibits],
        preview=preview,
        can_attempt=can_attempt,
        attempt=attempt,
        history=history,
        show_form=show_form,
        can_again=can_again,
        attempts_left=attempts.attempts_left(case, attempt),
        counted=attempts.counted_attempt(current_user.id, case.id) if history else None,
        percent=attempts.attempt_percent(attempt),
        attempt_percent=attempts.attempt_percent,
        sheet=sheet or AnswerSheet(version.tasks, formdata=None),
        answer_field=answer_field,
        seed=f"{current_user.id}",
        display_order=attempts.display_order,
        can_discuss=can_discuss,
        can_moderate=attempts.can_moderate(current_user),
        posts=attempts.visible_posts(case, current_user) if can_discuss else [],
        post_form=post_form or PostForm(formdata=None),
    )


@bp.get("/<slug>")
@require_permission("case.read")
def case_page(slug: str):
    case = attempts.published_case_or_404(slug)
    return render_case(case, case.published_version, retake=request.args.get("retake") == "1")


@bp.post("/<slug>/attempt")
@require_permission("case.attempt")
def submit_attempt(slug: str):
    case = attempts.published_case_or_404(slug)
    sheet = AnswerSheet(case.published_version.tasks)
    if not sheet.validate_on_submit():
        flash(_("Some answers need attention; nothing was lost."), "error")
        return render_case(case, case.published_version, sheet=sheet, retake=True), 422
    on_domain_error(
        lambda: redirect(url_for("case_library.case_page", slug=slug, _anchor="result"))
    )
    attempt = attempts.submit_attempt(case, current_user, sheet.answers)
    db.session.commit()
    if attempt.status == "graded":
        flash(_("Your answers were submitted and scored."), "success")
    else:
        flash(_("Your answers were submitted. A trainer will grade the written part."), "success")
    return redirect(url_for("case_library.case_page", slug=slug, _anchor="result"))


@bp.post("/<slug>/posts")
@require_permission("case.read")
def add_post(slug: str):
    case = attempts.published_case_or_404(slug)
    form = PostForm()

    def page():
        return render_case(case, case.published_version, post_form=form)

    if not form.validate_on_submit():
        return page(), 422
    on_domain_error(page)
    attempts.add_post(case, current_user, form.body.data)
    db.session.commit()
    flash(_("Your post was published."), "success")
    return redirect(url_for("case_library.case_page", slug=slug, _anchor="discussion"))
