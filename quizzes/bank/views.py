"""Question bank pages (trainers): browse and search, categories, bulk actions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.errors import DomainError
from core.extensions import db
from core.permissions import require_permission
from quizzes.bank import categories as bank_categories
from quizzes.bank import services as bank
from quizzes.bank.forms import TYPE_LABELS, ActionForm, CategoryForm
from quizzes.bank.validation import TYPES
from quizzes.blueprint import bp
from quizzes.importing.parsing import fraction_to_percent


def percent(fraction) -> str:
    """ "0.3333333" -> "33.33333" for the answer key; unreadable values are shown as they are."""
    try:
        return fraction_to_percent(str(fraction))
    except ArithmeticError:
        return str(fraction)


def int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _bank_filter() -> bank.BankFilter:
    qtype = request.args.get("type", "")
    return bank.BankFilter(
        category_id=int_arg("category"),
        include_subcategories=request.args.get("sub", "1") != "0",
        tag=request.args.get("tag", "").strip()[:60],
        qtype=qtype if qtype in TYPES else "",
        text=request.args.get("q", "").strip()[:200],
        archived=request.args.get("archived") == "1",
        page=int_arg("page") or 1,
    )


@bp.get("/bank")
@require_permission("quiz.author")
def question_bank():
    criteria = _bank_filter()
    tree = bank.category_tree()
    return render_template(
        "quizzes/bank/index.html",
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
