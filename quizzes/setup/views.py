"""Trainer pages that set up quizzes: the quiz list, settings, question slots."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission
from quizzes.blueprint import bp
from quizzes.marking.services import grading_queue
from quizzes.models import Attempt, QuestionCategory, Quiz
from quizzes.setup import services
from quizzes.setup.forms import AddQuestionsForm, QuizSettingsForm, RemoveSlotForm


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


def _add_form() -> AddQuestionsForm:
    form = AddQuestionsForm(prefix="add")
    rows = db.session.execute(select(QuestionCategory.id, QuestionCategory.path).order_by("path"))
    form.category_id.choices = [(0, "—")] + [(cid, path) for cid, path in rows]
    return form


def _settings_page(form: QuizSettingsForm, quiz: Quiz | None = None) -> str:
    return render_template(
        "quizzes/setup/quiz_form.html",
        form=form,
        quiz=quiz,
        add_form=_add_form(),
        remove_form=RemoveSlotForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@require_permission("quiz.author")
def quiz_new():
    form = QuizSettingsForm()
    if form.validate_on_submit():
        on_domain_error(lambda: _settings_page(form), field=form.title)
        quiz = services.save_settings(None, form.settings(), current_user)
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
        on_domain_error(lambda: _settings_page(form, quiz), field=form.title)
        services.save_settings(quiz, form.settings())
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("quizzes.quiz_edit", quiz_id=quiz.id))
    return _settings_page(form, quiz), 422 if form.errors else 200


def _slots_of(quiz_id: int):
    return redirect(url_for("quizzes.quiz_edit", quiz_id=quiz_id) + "#slots")


@bp.post("/<int:quiz_id>/slots")
@require_permission("quiz.author")
def quiz_add_slots(quiz_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    form = _add_form()
    if not form.validate_on_submit():
        flash(_("Check the numbers you entered."), "error")
        return _slots_of(quiz.id)
    on_domain_error(lambda: _slots_of(quiz.id))
    if form.question_id.data:
        services.add_fixed_question(quiz, form.question_id.data, form.mark.data)
        message = _("Question added.")
    elif form.category_id.data:
        count = form.count.data or 1
        services.add_random_questions(quiz, form.category_id.data, count, form.mark.data)
        message = _("Random questions added.")
    else:
        flash(_("Give a question number or choose a category."), "error")
        return _slots_of(quiz.id)
    db.session.commit()
    flash(message, "success")
    return _slots_of(quiz.id)


@bp.post("/<int:quiz_id>/slots/<int:slot_id>/delete")
@require_permission("quiz.author")
def quiz_remove_slot(quiz_id: int, slot_id: int):
    quiz = services.get_quiz_or_404(quiz_id)
    if not RemoveSlotForm().validate_on_submit():
        abort(400)
    services.remove_slot(quiz, slot_id)
    db.session.commit()
    flash(_("Question removed from the quiz."), "success")
    return _slots_of(quiz.id)
