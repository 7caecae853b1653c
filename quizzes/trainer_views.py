"""Trainer pages: quiz settings and questions, essay grading queue, regrade, item analysis."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core import clock
from core.errors import DomainError, NotFound
from core.extensions import db
from core.permissions import require_permission
from quizzes import services
from quizzes.forms import AddQuestionsForm, EssayGradeForm, QuizSettingsForm
from quizzes.grading_methods import ATTEMPT_SELECTIONS
from quizzes.models import Attempt, QuestionCategory, Quiz
from quizzes.presenting import response_text, review_item
from quizzes.stats_services import quiz_report, report_json
from quizzes.views import bp


@bp.get("/manage")
@require_permission("quiz.author")
def quiz_manage():
    counts = dict(
        db.session.execute(
            select(Attempt.quiz_id, func.count(Attempt.id)).group_by(Attempt.quiz_id)
        ).all()
    )
    quizzes = db.session.scalars(select(Quiz).order_by(Quiz.id)).all()
    waiting = len(services.grading_queue())
    return render_template(
        "quizzes/quiz_manage.html", quizzes=quizzes, counts=counts, waiting=waiting
    )


def _settings_page(form, quiz=None):
    add_form = AddQuestionsForm(prefix="add")
    add_form.category_id.choices = _category_choices()
    return render_template("quizzes/quiz_form.html", form=form, quiz=quiz, add_form=add_form)


def _category_choices():
    rows = db.session.execute(select(QuestionCategory.id, QuestionCategory.path).order_by("path"))
    return [(0, "—")] + [(cid, path) for cid, path in rows]


@bp.route("/new", methods=["GET", "POST"])
@require_permission("quiz.author")
def quiz_new():
    form = QuizSettingsForm()
    if form.validate_on_submit():
        try:
            quiz = services.save_settings(None, form.settings(), current_user)
        except DomainError as error:
            db.session.rollback()
            form.title.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Quiz created. Now add its questions."), "success")
            return redirect(url_for("quizzes.quiz_edit", quiz_id=quiz.id))
    return _settings_page(form), 422 if form.errors else 200


@bp.route("/<int:quiz_id>/edit", methods=["GET", "POST"])
@require_permission("quiz.author")
def quiz_edit(quiz_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    form = QuizSettingsForm()
    if request.method == "GET":
        form.fill_from(quiz)
    elif form.validate_on_submit():
        try:
            services.save_settings(quiz, form.settings())
        except DomainError as error:
            db.session.rollback()
            form.title.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Settings saved."), "success")
            return redirect(url_for("quizzes.quiz_edit", quiz_id=quiz.id))
    return _settings_page(form, quiz), 422 if form.errors else 200


@bp.post("/<int:quiz_id>/slots")
@require_permission("quiz.author")
def quiz_add_slots(quiz_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    form = AddQuestionsForm(prefix="add")
    form.category_id.choices = _category_choices()
    try:
        if not form.validate_on_submit():
            flash(_("Check the numbers you entered."), "error")
        elif form.question_id.data:
            services.add_fixed_question(quiz, form.question_id.data, form.mark.data)
            db.session.commit()
            flash(_("Question added."), "success")
        elif form.category_id.data:
            count = form.count.data or 1
            services.add_random_questions(quiz, form.category_id.data, count, form.mark.data)
            db.session.commit()
            flash(_("Random questions added."), "success")
        else:
            flash(_("Give a question number or choose a category."), "error")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("quizzes.quiz_edit", quiz_id=quiz.id) + "#slots")


@bp.post("/<int:quiz_id>/slots/<int:slot_id>/delete")
@require_permission("quiz.author")
def quiz_remove_slot(quiz_id: int, slot_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    services.remove_slot(quiz, slot_id)
    db.session.commit()
    flash(_("Question removed from the quiz."), "success")
    return redirect(url_for("quizzes.quiz_edit", quiz_id=quiz.id) + "#slots")


@bp.get("/grading")
@require_permission("quiz.grade")
def grading_queue():
    quiz_id = request.args.get("quiz", type=int)
    items = services.grading_queue(quiz_id)
    return render_template("quizzes/grading_queue.html", items=items, response_text=response_text)


@bp.route("/grading/<int:item_id>", methods=["GET", "POST"])
@require_permission("quiz.grade")
def grading_item(item_id: int):
    item = services.get_item_or_404(item_id)
    form = EssayGradeForm()
    if form.validate_on_submit():
        levels = [
            request.form.get(f"level-{n}", type=int)
            for n in range(len(item.spec.get("rubric") or []))
        ]
        try:
            services.grade_essay(
                item,
                current_user,
                clock.now_utc(),
                levels=levels,
                mark=form.mark.data,
                comment=form.comment.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            form.mark.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Grade saved."), "success")
            nxt = services.grading_queue()
            if nxt:
                return redirect(url_for("quizzes.grading_item", item_id=nxt[0].id))
            return redirect(url_for("quizzes.grading_queue"))
    elif request.method == "GET":
        form.comment.data = item.grader_comment
        form.mark.data = "" if item.awarded is None else str(item.awarded)
    return render_template(
        "quizzes/grading_item.html", item=item, form=form, answer=response_text(item)
    ), (422 if form.errors else 200)


@bp.route("/<int:quiz_id>/regrade", methods=["GET", "POST"])
@require_permission("quiz.grade")
def quiz_regrade(quiz_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    if request.method == "POST":
        changes = services.apply_regrade(quiz, current_user, clock.now_utc())
        db.session.commit()
        flash(_("Regrade applied to %(n)d answers.", n=len(changes)), "success")
        return redirect(url_for("quizzes.quiz_regrade", quiz_id=quiz.id))
    return render_template(
        "quizzes/grading_regrade.html",
        quiz=quiz,
        changes=services.regrade_preview(quiz),
        log=services.regrade_log(quiz),
    )


def _which() -> str:
    which = request.args.get("which", "first")
    return which if which in ATTEMPT_SELECTIONS else "first"


@bp.get("/<int:quiz_id>/statistics")
@require_permission("quiz.statistics")
def statistics(quiz_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    which = _which()
    report, questions = quiz_report(quiz, which)
    return render_template(
        "quizzes/statistics.html",
        quiz=quiz,
        which=which,
        selections=ATTEMPT_SELECTIONS,
        report=report,
        questions=questions,
    )


@bp.get("/<int:quiz_id>/statistics.json")
@require_permission("quiz.statistics")
def statistics_json(quiz_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    which = _which()
    report, questions = quiz_report(quiz, which)
    return jsonify(report_json(quiz, report, questions) | {"which": which})


@bp.get("/<int:quiz_id>/results")
@require_permission("quiz.grade")
def quiz_results(quiz_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.quiz_id == quiz.id)
        .order_by(Attempt.user_id, Attempt.number)
        .options(selectinload(Attempt.user))
    ).all()
    return render_template("quizzes/quiz_results.html", quiz=quiz, attempts=attempts)


@bp.get("/attempts/<int:attempt_id>/inspect")
@require_permission("quiz.grade")
def attempt_inspect(attempt_id: int):
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound(_("This attempt does not exist."))
    show = {"score": True, "answers": True, "feedback": True}
    items = [
        dict(review_item(item, show), answer_text=response_text(item), item_id=item.id)
        for item in attempt.items
    ]
    return render_template(
        "quizzes/attempt_review.html",
        attempt=attempt,
        quiz=attempt.quiz,
        items=items,
        show=show,
        trainer_view=True,
    )
