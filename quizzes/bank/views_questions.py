"""Question pages of the bank: new, detail with preview and trial, edit, versions, archive."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission
from quizzes.bank import services as bank
from quizzes.bank.forms import ArchiveForm, QuestionForm, TryForm, pretty_json
from quizzes.bank.preview import present_spec, response_from_form, try_result, version_diff
from quizzes.blueprint import bp
from quizzes.question_types import TYPES, question_type
from quizzes.translation import type_labels


def _submitted(form: QuestionForm, qtype: str) -> bool:
    """Validate the fields, and when they fail still check the answers, so every mistake shows."""
    if form.validate_on_submit():
        return True
    if request.method == "POST" and form.type_data.data:
        form.to_spec(qtype)
    return False


def _editor(form: QuestionForm, qtype: str, question=None, conflict: bool = False) -> str:
    return render_template(
        "quizzes/bank/question_form.html",
        form=form,
        qtype=qtype,
        type_labels=type_labels(),
        category_paths=[c.path for c, _depth in bank.flat_categories()],
        example=pretty_json(question_type(qtype).template),
        question=question,
        attempts=bank.question_attempt_count(question.id) if question else 0,
        conflict=conflict,
    )


@bp.route("/bank/questions/new", methods=["GET", "POST"])
@require_permission("quiz.author")
def new_question():
    qtype = request.args.get("type", "single")
    if qtype not in TYPES:
        abort(404)
    form = QuestionForm()
    if request.method == "GET":
        category = bank.find_category(request.args.get("category", type=int))
        form.fill_new(qtype, category.path if category else "")
    elif _submitted(form, qtype) and (spec := form.to_spec(qtype)) is not None:
        on_domain_error(lambda: _editor(form, qtype), field=form.category)
        category = bank.ensure_category(form.category.data)
        question = bank.create_question(
            spec, category, user_id=current_user.id, note=form.change_note.data or ""
        )
        db.session.commit()
        flash(_("Question saved."), "success")
        return redirect(url_for("quizzes.question_detail", question_id=question.id))
    return _editor(form, qtype), 422 if request.method == "POST" else 200


def _detail(question, version, tried=None, response=None, try_form=None) -> str:
    previous = next((v for v in question.versions if v.number == version.number - 1), None)
    return render_template(
        "quizzes/bank/question_detail.html",
        question=question,
        version=version,
        diff=version_diff(previous.spec, version.spec) if previous else None,
        q=present_spec(version.spec, question.id, response),
        tried=tried,
        attempts=bank.question_attempt_count(question.id),
        type_labels=type_labels(),
        archive_form=ArchiveForm(archived="0" if question.archived else "1"),
        try_form=try_form or TryForm.for_question(question.id),
    )


@bp.get("/bank/questions/<int:question_id>")
@require_permission("quiz.author")
def question_detail(question_id: int):
    question = bank.get_question(question_id)
    return _detail(question, question.latest)


@bp.get("/bank/questions/<int:question_id>/versions/<int:number>")
@require_permission("quiz.author")
def question_version(question_id: int, number: int):
    question = bank.get_question(question_id)
    return _detail(question, bank.get_version(question, number))


@bp.post("/bank/questions/<int:question_id>/versions/<int:number>/try")
@require_permission("quiz.author")
def try_question(question_id: int, number: int):
    """Grade a trial answer, as the trainee's review would; nothing is stored."""
    question = bank.get_question(question_id)
    version = bank.get_version(question, number)
    form = TryForm.for_question(question.id)
    if not form.validate_on_submit():
        abort(400)
    response = response_from_form(version.spec, form.answers(question.id), form.order.data or "")
    return _detail(question, version, try_result(version.spec, response), response, form)


@bp.route("/bank/questions/<int:question_id>/edit", methods=["GET", "POST"])
@require_permission("quiz.author")
def edit_question(question_id: int):
    question = bank.get_question(question_id)
    form = QuestionForm()
    if request.method == "GET":
        form.fill_from_spec(question.latest.spec, question.category.path)
        form.base.data = bank.edit_token(question)
    elif _submitted(form, question.type) and (spec := form.to_spec(question.type)) is not None:
        if bank.saved_meanwhile(question, form.base.data):
            # Not an error page: the editor comes back with the trainer's changes and the
            # current version's token, so that saving again overwrites on purpose.
            form.base.data = bank.edit_token(question)
            return _editor(form, question.type, question, conflict=True), 409
        on_domain_error(lambda: _editor(form, question.type, question), field=form.category)
        category = bank.ensure_category(form.category.data)
        before = question.latest.number
        version = bank.update_question(
            question, spec, category, user_id=current_user.id, note=form.change_note.data or ""
        )
        db.session.commit()
        if version.number > before:
            flash(
                _(
                    "Saved as version %(number)d; earlier attempts keep theirs.",
                    number=version.number,
                ),
                "success",
            )
        else:
            flash(_("Question saved."), "success")
        return redirect(url_for("quizzes.question_detail", question_id=question.id))
    return _editor(form, question.type, question), 422 if request.method == "POST" else 200


@bp.post("/bank/questions/<int:question_id>/archive")
@require_permission("quiz.author")
def archive_question(question_id: int):
    question = bank.get_question(question_id)
    form = ArchiveForm()
    if not form.validate_on_submit():
        abort(400)
    bank.set_archived(question, form.archive())
    db.session.commit()
    flash(_("Question archived.") if form.archive() else _("Question restored."), "success")
    return redirect(url_for("quizzes.question_detail", question_id=question.id))
