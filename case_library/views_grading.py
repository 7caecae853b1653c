"""Routes for trainers grading case answers and moderating discussions."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from case_library import attempts
from case_library.attempts import AnswersInvalid
from case_library.views import bp
from core.extensions import db
from core.permissions import require_permission


@bp.get("/grading")
@require_permission("case.grade")
def grading_queue():
    return render_template(
        "case_library/grading_queue.html",
        queue=attempts.grading_queue(),
        graded=attempts.recently_graded(),
    )


def _render_grade(attempt, *, choices=None, comments=None, errors=None, status=200):
    page = render_template(
        "case_library/grade.html",
        attempt=attempt,
        version=attempt.version,
        choices=choices if choices is not None else attempt.rubric_choices or {},
        comments=comments if comments is not None else attempt.comments,
        errors=errors or {},
    )
    return page, status


@bp.get("/attempts/<int:attempt_id>/grade")
@require_permission("case.grade")
def grade_form(attempt_id: int):
    return _render_grade(attempts.attempt_or_404(attempt_id))


@bp.post("/attempts/<int:attempt_id>/grade")
@require_permission("case.grade")
def grade(attempt_id: int):
    attempt = attempts.attempt_or_404(attempt_id)
    form = {key: request.form.getlist(key) for key in request.form}
    comments = request.form.get("comments", "")
    try:
        choices = attempts.parse_rubric_choices(attempt.version.tasks, form)
    except AnswersInvalid as error:
        raw = {
            t["id"]: [
                int(v[0]) if (v := form.get(f"rubric-{t['id']}-{n}")) and v[0].isdigit() else None
                for n in range(len(t["rubric"]))
            ]
            for t in attempt.version.tasks
            if t["kind"] == "free_text"
        }
        flash(error.message, "error")
        return _render_grade(
            attempt, choices=raw, comments=comments, errors=error.errors, status=422
        )
    attempts.grade_attempt(attempt, current_user, choices, comments)
    db.session.commit()
    flash(_("The grade was saved; the trainee can now see it."), "success")
    return redirect(url_for("case_library.grading_queue"))


@bp.post("/posts/<int:post_id>/hide")
@require_permission("case.grade")
def hide_post(post_id: int):
    post = attempts.post_or_404(post_id)
    attempts.set_post_hidden(post, request.form.get("hidden", "1") == "1")
    db.session.commit()
    flash(_("The post is hidden.") if post.hidden else _("The post is visible again."), "success")
    return redirect(url_for("case_library.case_page", slug=post.case.slug) + "#discussion")


@bp.post("/posts/<int:post_id>/delete")
@require_permission("case.grade")
def delete_post(post_id: int):
    post = attempts.post_or_404(post_id)
    slug = post.case.slug
    attempts.delete_post(post)
    db.session.commit()
    flash(_("The post was deleted."), "success")
    return redirect(url_for("case_library.case_page", slug=slug) + "#discussion")
