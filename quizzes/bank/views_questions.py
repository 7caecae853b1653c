"""Question pages of the bank: new, detail with preview and trial, edit, versions, archive."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.extensions import db
from core.permissions import require_permission
from quizzes.bank import services as bank
from quizzes.bank.forms import TYPE_LABELS, ActionForm, QuestionForm, pretty_json
from quizzes.bank.preview import present_spec, response_from_form, try_result, version_diff
from quizzes.bank.validation import TYPE_TEMPLATES, TYPES
from quizzes.bank.views import int_arg, percent
from quizzes.blueprint import bp
from quizzes.grading import right_answer_summary


def _submitted(form: QuestionForm, qtype: str) -> bool:
    """Validate the fields, and when they fail still check the answers, so every mistake shows."""
    if form.validate_on_submit():
        return True
    if request.method == "POST" and form.type_data.data:
        form.to_spec(qtype)
    return False


def _editor_context(form: QuestionForm, qtype: str, **extra) -> dict:
    return {
        "form": form,
        "qtype": qtype,
        "type_labels": TYPE_LABELS,
        "category_paths": [c.path for c, _depth in bank.flat_categories()],
        "example": pretty_json(TYPE_TEMPLATES[qtype]),
        "right_answer": right_answer_summary,
        **extra,
    }


@bp.route("/bank/questions/new", methods=["GET", "POST"])
@require_permission("quiz.author")
def new_question():
    qtype = request.args.get("type", "single")
    if qtype not in TYPES:
        abort(404)
    form = QuestionForm()
    if request.method == "GET":
        category_id = int_arg("category")
        category = db.session.get(bank.QuestionCategory, category_id) if category_id else None
        form.fill_new(qtype, category.path if category else "")
    elif _submitted(form, qtype) and (spec := form.to_spec(qtype)) is not None:
        category = bank.ensure_category(form.category.data)
        question = bank.create_question(
            spec, category, user_id=current_user.id, note=form.change_note.data or ""
        )
        db.session.commit()
        flash(_("Question saved."), "success")
        return redirect(url_for("quizzes.question_detail", question_id=question.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "quizzes/bank/question_form.html", **_editor_context(form, qtype)
    ), status


def _detail(question, version, tried=None, response=None):
    previous = next((v for v in question.versions if v.number == version.number - 1), None)
    return render_template(
        "quizzes/bank/question_detail.html",
        question=question,
        version=version,
        diff=version_diff(previous.spec, version.spec) if previous else None,
        q=present_spec(version.spec, question.id, response),
        tried=tried,
        attempts=bank.question_attempt_count(question.id),
        type_labels=TYPE_LABELS,
        action_form=ActionForm(),
        right_answer=right_answer_summary,
        percent=percent,
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
    values = request.form.getlist(f"q{question.id}")
    response = response_from_form(version.spec, values, request.form.get("order", ""))
    return _detail(question, version, try_result(version.spec, response), response)


@bp.route("/bank/questions/<int:question_id>/edit", methods=["GET", "POST"])
@require_permission("quiz.author")
def edit_question(question_id: int):
    question = bank.get_question(question_id)
    form = QuestionForm()
    conflict = None
    if request.method == "GET":
        form.fill_from_spec(question.latest.spec, question.category.path)
        form.base.data = bank.edit_token(question)
    elif _submitted(form, question.type) and (spec := form.to_spec(question.type)) is not None:
        try:
            bank.check_edit_token(question, form.base.data)
        except bank.EditConflict as error:
            conflict = error.message
            form.base.data = bank.edit_token(question)  # saving again overwrites on purpose
            return _edit_page(form, question, conflict), error.status_code
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
    return _edit_page(form, question, conflict), 422 if request.method == "POST" else 200


def _edit_page(form: QuestionForm, question, conflict: str | None) -> str:
    attempts = bank.question_attempt_count(question.id)
    context = _editor_context(
        form, question.type, question=question, attempts=attempts, conflict=conflict
    )
    return render_template("quizzes/bank/question_form.html", **context)


@bp.post("/bank/questions/<int:question_id>/archive")
@require_permission("quiz.author")
def archive_question(question_id: int):
    question = bank.get_question(question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    archived = request.form.get("archived", "1") == "1"
    bank.set_archived(question, archived)
    db.session.commit()
    flash(_("Question archived.") if archived else _("Question restored."), "success")
    return redirect(url_for("quizzes.question_detail", question_id=question.id))
