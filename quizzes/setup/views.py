"""Trainer pages that set up quizzes: the quiz list, settings, question slots."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from core.errors import DomainError
from core.extensions import db
from core.permissions import require_permission
from quizzes.blueprint import bp
from quizzes.marking.services import grading_queue
from quizzes.models import Attempt, QuestionCategory, Quiz
from quizzes.setup import services
from quizzes.setup.forms import AddQuestionsForm, QuizSettingsForm


@bp.get("/manage")
@require_permission("quiz.author")
def quiz_manage():
    counts = dict(
        db.session.execute(
            select(Attempt.quiz_id, func.count(Attempt.id)).group_by(Attempt.quiz_id)
        ).all()
    )
    quizzes = db.session.scalars(select(Quiz).order_by(Quiz.id)).all()
    waiting = len(grading_queue())
    return render_template(
        "quizzes/setup/manage.html", quizzes=quizzes, counts=counts, waiting=waiting
    )


def _settings_page(form, quiz=None):
    add_form = AddQuestionsForm(prefix="add")
    add_form.category_id.choices = _category_choices()
    return render_template("quizzes/setup/quiz_form.html", form=form, quiz=quiz, add_form=add_form)


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
