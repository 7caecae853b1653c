"""Routes for trainers grading case answers and moderating discussions."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from case_library import attempts
from case_library.forms import PostVisibilityForm
from case_library.forms_answers import GradeForm, rubric_field
from case_library.views import bp
from core.actions import on_domain_error
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


def render_grade_page(attempt, form: GradeForm) -> str:
    return render_template(
        "case_library/grade.html",
        attempt=attempt,
        version=attempt.version,
        form=form,
        rubric_field=rubric_field,
    )


@bp.get("/attempts/<int:attempt_id>/grade")
@require_permission("case.grade")
def grade_form(attempt_id: int):
    attempt = attempts.attempt_or_404(attempt_id)
    form = GradeForm(
        attempt.version.tasks, earlier=attempt.rubric_choices, data={"comments": attempt.comments}
    )
    return render_grade_page(attempt, form)


@bp.post("/attempts/<int:attempt_id>/grade")
@require_permission("case.grade")
def grade(attempt_id: int):
    attempt = attempts.attempt_or_404(attempt_id)
    form = GradeForm(attempt.version.tasks)
    if not form.validate_on_submit():
        if form.rubric_error:
            flash(form.rubric_error, "error")
        return render_grade_page(attempt, form), 422
    on_domain_error(lambda: render_grade_page(attempt, form), field=form.comments)
    attempts.grade_attempt(attempt, current_user, form.choices, form.comments.data)
    db.session.commit()
    flash(_("The grade was saved; the trainee can now see it."), "success")
    return redirect(url_for("case_library.grading_queue"))


@bp.post("/posts/<int:post_id>/hide")
@require_permission("case.grade")
def hide_post(post_id: int):
    post = attempts.post_or_404(post_id)
    attempts.set_post_hidden(post, PostVisibilityForm().hide)
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
