"""Routes of the question bank (trainers): browse, preview, edit, version history, import, export."""

from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.errors import DomainError
from core.extensions import db
from core.permissions import require_permission
from quizzes import bank_categories
from quizzes import bank_services as bank
from quizzes.aiken import aiken_unexportable, export_aiken
from quizzes.bank_preview import present_spec, response_from_form, try_result, version_diff
from quizzes.bank_validation import TYPE_TEMPLATES, TYPES
from quizzes.forms_bank import (
    TYPE_LABELS,
    ActionForm,
    CategoryForm,
    ConfirmImportForm,
    ImportForm,
    QuestionForm,
    pretty_json,
)
from quizzes.gift import export_gift
from quizzes.grading import right_answer_summary
from quizzes.importing import ImportRejected, decode_upload, import_questions, read_questions
from quizzes.question_spec import fraction_to_percent
from quizzes.views import bp


def _percent(fraction) -> str:
    """ "0.3333333" -> "33.33333" for the answer key; unreadable values are shown as they are."""
    try:
        return fraction_to_percent(str(fraction))
    except ArithmeticError:
        return str(fraction)


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _bank_filter() -> bank.BankFilter:
    qtype = request.args.get("type", "")
    return bank.BankFilter(
        category_id=_int_arg("category"),
        include_subcategories=request.args.get("sub", "1") != "0",
        tag=request.args.get("tag", "").strip()[:60],
        qtype=qtype if qtype in TYPES else "",
        text=request.args.get("q", "").strip()[:200],
        archived=request.args.get("archived") == "1",
        page=_int_arg("page") or 1,
    )


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


@bp.get("/bank")
@require_permission("quiz.author")
def question_bank():
    criteria = _bank_filter()
    tree = bank.category_tree()
    return render_template(
        "quizzes/bank.html",
        criteria=criteria,
        result=bank.search_questions(criteria),
        tree=tree,
        tags=bank.all_tags(),
        type_labels=TYPE_LABELS,
        category_form=CategoryForm(),
        action_form=ActionForm(),
        categories=bank.flat_categories(tree),
        current_category=db.session.get(bank.QuestionCategory, criteria.category_id)
        if criteria.category_id
        else None,
        page_url=lambda n: url_for(
            "quizzes.question_bank", **{**request.args.to_dict(), "page": n}
        ),
    )


@bp.post("/bank/categories")
@require_permission("quiz.author")
def create_category():
    form = CategoryForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.path.errors) or _("Give the category a name."), "error")
        return redirect(url_for("quizzes.question_bank"))
    category = bank.ensure_category(form.path.data)
    db.session.commit()
    flash(_("Category %(path)s is ready.", path=category.path), "success")
    return redirect(url_for("quizzes.question_bank", category=category.id))


@bp.post("/bank/categories/<int:category_id>/rename")
@require_permission("quiz.author")
def rename_category(category_id: int):
    category = bank.get_category(category_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        bank_categories.rename_category(category, request.form.get("name", ""))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("quizzes.question_bank", category=category_id))
    db.session.commit()
    flash(_("Category renamed."), "success")
    return redirect(url_for("quizzes.question_bank", category=category.id))


@bp.post("/bank/categories/<int:category_id>/delete")
@require_permission("quiz.author")
def delete_category(category_id: int):
    category = bank.get_category(category_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    parent_id = category.parent_id
    try:
        bank_categories.delete_category(category)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("quizzes.question_bank", category=category_id))
    db.session.commit()
    flash(_("Category deleted."), "success")
    return redirect(url_for("quizzes.question_bank", category=parent_id))


@bp.post("/bank/bulk")
@require_permission("quiz.author")
def bulk_action():
    """Move, archive or restore the questions ticked in the bank's list."""
    back = request.form.get("next", "")
    back = back if back.startswith("/quizzes/bank") else url_for("quizzes.question_bank")
    if not ActionForm().validate_on_submit():
        abort(400)
    ids = {int(v) for v in request.form.getlist("ids")[:500] if v.isdigit() and len(v) < 10}
    questions = bank.questions_by_ids(ids)
    action = request.form.get("action")
    if not questions:
        flash(_("Tick the questions first."), "error")
        return redirect(back)
    if action == "move":
        target = request.form.get("target", "")
        category = db.session.get(bank.QuestionCategory, int(target)) if target.isdigit() else None
        if category is None:
            flash(_("Choose the category to move to."), "error")
            return redirect(back)
        count = bank_categories.move_questions(questions, category)
        message = _("%(count)d questions moved to %(path)s.", count=count, path=category.path)
    elif action in ("archive", "restore"):
        for question in questions:
            bank.set_archived(question, action == "archive")
        message = _("%(count)d questions updated.", count=len(questions))
    else:
        abort(400)
    db.session.commit()
    flash(message, "success")
    return redirect(back)


@bp.route("/bank/questions/new", methods=["GET", "POST"])
@require_permission("quiz.author")
def new_question():
    qtype = request.args.get("type", "single")
    if qtype not in TYPES:
        abort(404)
    form = QuestionForm()
    if request.method == "GET":
        category_id = _int_arg("category")
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
    return render_template("quizzes/question_form.html", **_editor_context(form, qtype)), status


def _detail(question, version, tried=None, response=None):
    previous = next((v for v in question.versions if v.number == version.number - 1), None)
    return render_template(
        "quizzes/question_detail.html",
        question=question,
        version=version,
        diff=version_diff(previous.spec, version.spec) if previous else None,
        q=present_spec(version.spec, question.id, response),
        tried=tried,
        attempts=bank.question_attempt_count(question.id),
        type_labels=TYPE_LABELS,
        action_form=ActionForm(),
        right_answer=right_answer_summary,
        percent=_percent,
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
    return render_template("quizzes/question_form.html", **context)


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


@bp.route("/bank/import", methods=["GET", "POST"])
@require_permission("quiz.author")
def import_page():
    form = ImportForm()
    if request.method == "POST" and form.validate_on_submit():
        data, filename = form.source()
        text = decode_upload(data) if isinstance(data, bytes) else data
        result = read_questions(text, form.format.data, form.category.data)
        confirm = ConfirmImportForm(
            formdata=None, text=text, format=form.format.data, category=form.category.data
        )
        return render_template(
            "quizzes/import_report.html",
            result=result,
            confirm=confirm,
            filename=filename,
            duplicates=bank.already_in_bank(result.questions),
            type_labels=TYPE_LABELS,
            right_answer=right_answer_summary,
            percent=_percent,
            present=present_spec,
        )
    status = 422 if request.method == "POST" else 200
    return render_template("quizzes/import.html", form=form), status


@bp.post("/bank/import/confirm")
@require_permission("quiz.author")
def confirm_import():
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        flash(_("The import form was incomplete; upload the file again."), "error")
        return redirect(url_for("quizzes.import_page"))
    result = read_questions(form.text.data, form.format.data, form.category.data)
    try:
        saved = import_questions(result, user_id=current_user.id, note="从文件导入")
    except ImportRejected as error:
        db.session.rollback()
        return render_template(
            "quizzes/import_report.html",
            result=error.result,
            confirm=None,
            filename="",
            type_labels=TYPE_LABELS,
            right_answer=right_answer_summary,
            percent=_percent,
            present=present_spec,
        ), 422
    db.session.commit()
    flash(_("%(count)d questions imported.", count=len(saved)), "success")
    category_id = saved[0].category_id if saved else None
    return redirect(url_for("quizzes.question_bank", category=category_id))


@bp.get("/bank/export")
@require_permission("quiz.author")
def export_category():
    category_id = _int_arg("category")
    fmt = request.args.get("format", "gift")
    if category_id is None or fmt not in ("gift", "aiken"):
        return render_template(
            "quizzes/bank_export.html", categories=bank.flat_categories(), skipped=None
        )
    category = bank.get_category(category_id)
    specs = bank.exportable_specs(category, include_subcategories=request.args.get("sub") != "0")
    if fmt == "aiken":
        skipped = aiken_unexportable(specs)
        if skipped and request.args.get("confirm") != "1":
            return render_template(
                "quizzes/bank_export.html",
                categories=bank.flat_categories(),
                skipped=skipped,
                category=category,
            )
        body, suffix = export_aiken(specs), "txt"
    else:
        body, suffix = export_gift(specs), "gift"
    filename = category.path.replace("/", "-") + "." + suffix
    return Response(
        body,
        mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}"},
    )
