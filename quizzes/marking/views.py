"""Trainer pages for marking: the essay grading queue, regrades, a quiz's results, attempt details."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core import clock
from core.actions import on_domain_error
from core.domain import N_, NotFound
from core.extensions import db
from core.permissions import require_permission
from quizzes.blueprint import bp
from quizzes.marking import services
from quizzes.marking.forms import EssayGradeForm, RegradeForm
from quizzes.models import Attempt
from quizzes.setup.services import get_quiz_or_404
from quizzes.taking.presenting import response_text, review_item


@bp.get("/grading")
@require_permission("quiz.grade")
def grading_queue():
    quiz_id = request.args.get("quiz", type=int)
    items = services.grading_queue(quiz_id)
    return render_template("quizzes/marking/queue.html", items=items, response_text=response_text)


@bp.route("/grading/<int:item_id>", methods=["GET", "POST"])
@require_permission("quiz.grade")
def grading_item(item_id: int):
    item = services.get_item_or_404(item_id)
    form = EssayGradeForm.for_rubric(item.spec.get("rubric") or [])

    def page():
        answer = response_text(item)
        return render_template(
            "quizzes/marking/grade_essay.html", item=item, form=form, answer=answer
        )

    if form.validate_on_submit():
        on_domain_error(page, field=form.mark)
        services.grade_essay(
            item,
            current_user,
            clock.now_utc(),
            levels=form.levels(),
            mark=form.mark.data,
            comment=form.comment.data or "",
        )
        db.session.commit()
        flash(_("Grade saved."), "success")
        waiting = services.grading_queue()
        if waiting:
            return redirect(url_for("quizzes.grading_item", item_id=waiting[0].id))
        return redirect(url_for("quizzes.grading_queue"))
    if request.method == "GET":
        form.comment.data = item.grader_comment
        form.mark.data = "" if item.awarded is None else str(item.awarded)
        for field, level in zip(form.level_fields(), item.rubric_scores or [], strict=False):
            field.data = level
    return page(), 422 if form.errors else 200


@bp.route("/<int:quiz_id>/regrade", methods=["GET", "POST"])
@require_permission("quiz.grade")
def quiz_regrade(quiz_id: int):
    quiz = get_quiz_or_404(quiz_id)
    if request.method == "POST":
        if not RegradeForm().validate_on_submit():
            abort(400)
        changes = services.apply_regrade(quiz, current_user, clock.now_utc())
        db.session.commit()
        flash(_("Regrade applied to %(n)d answers.", n=len(changes)), "success")
        return redirect(url_for("quizzes.quiz_regrade", quiz_id=quiz.id))
    return render_template(
        "quizzes/marking/regrade.html",
        quiz=quiz,
        changes=services.regrade_preview(quiz),
        log=services.regrade_log(quiz),
    )


@bp.get("/<int:quiz_id>/results")
@require_permission("quiz.grade")
def quiz_results(quiz_id: int):
    quiz = get_quiz_or_404(quiz_id)
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.quiz_id == quiz.id)
        .order_by(Attempt.user_id, Attempt.number)
        .options(selectinload(Attempt.user))
    ).all()
    return render_template("quizzes/marking/results.html", quiz=quiz, attempts=attempts)


@bp.get("/attempts/<int:attempt_id>/inspect")
@require_permission("quiz.grade")
def attempt_inspect(attempt_id: int):
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound(N_("This attempt does not exist."))
    show = {"score": True, "answers": True, "feedback": True}
    items = [
        dict(review_item(item, show), answer_text=response_text(item), item_id=item.id)
        for item in attempt.items
    ]
    return render_template(
        "quizzes/taking/review.html",
        attempt=attempt,
        quiz=attempt.quiz,
        items=items,
        show=show,
        trainer_view=True,
    )
