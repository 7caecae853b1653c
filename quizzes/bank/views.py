"""Question bank pages (trainers): browse and search, categories, bulk actions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission
from quizzes.bank import categories as bank_categories
from quizzes.bank import services as bank
from quizzes.bank.forms import (
    ActionForm,
    BankFilterForm,
    BulkForm,
    CategoryForm,
    RenameCategoryForm,
)
from quizzes.blueprint import bp
from quizzes.translation import type_labels


def _back_to_category(category_id: int | None):
    return redirect(url_for("quizzes.question_bank", category=category_id))


@bp.get("/bank")
@require_permission("quiz.author")
def question_bank():
    criteria = BankFilterForm(formdata=request.args).criteria()
    tree = bank.category_tree()
    current = bank.find_category(criteria.category_id)
    bulk_form = BulkForm(next=request.full_path)
    return render_template(
        "quizzes/bank/index.html",
        criteria=criteria,
        result=bank.search_questions(criteria),
        tree=tree,
        tags=bank.all_tags(),
        type_labels=type_labels(),
        category_form=CategoryForm(),
        rename_form=RenameCategoryForm(name=current.name) if current else None,
        bulk_form=bulk_form,
        categories=bank.flat_categories(tree),
        current_category=current,
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
        return _back_to_category(None)
    on_domain_error(lambda: _back_to_category(None))
    category = bank.ensure_category(form.path.data)
    db.session.commit()
    flash(_("Category %(path)s is ready.", path=category.path), "success")
    return _back_to_category(category.id)


@bp.post("/bank/categories/<int:category_id>/rename")
@require_permission("quiz.author")
def rename_category(category_id: int):
    category = bank.get_category(category_id)
    form = RenameCategoryForm()
    if not form.validate_on_submit():
        abort(400)
    on_domain_error(lambda: _back_to_category(category_id))
    bank_categories.rename_category(category, form.name.data)
    db.session.commit()
    flash(_("Category renamed."), "success")
    return _back_to_category(category.id)


@bp.post("/bank/categories/<int:category_id>/delete")
@require_permission("quiz.author")
def delete_category(category_id: int):
    category = bank.get_category(category_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    parent_id = category.parent_id
    on_domain_error(lambda: _back_to_category(category_id))
    bank_categories.delete_category(category)
    db.session.commit()
    flash(_("Category deleted."), "success")
    return _back_to_category(parent_id)


@bp.post("/bank/bulk")
@require_permission("quiz.author")
def bulk_action():
    """Move, archive or restore the questions ticked in the bank's list."""
    form = BulkForm()
    back = form.back_url(url_for("quizzes.question_bank"))
    if not form.validate_on_submit():
        abort(400)
    questions = bank.questions_by_ids(form.ids.data)
    if not questions:
        flash(_("Tick the questions first."), "error")
        return redirect(back)
    if form.action.data == "move":
        category = bank.find_category(form.target_id())
        if category is None:
            flash(_("Choose the category to move to."), "error")
            return redirect(back)
        count = bank_categories.move_questions(questions, category)
        message = _("%(count)d questions moved to %(path)s.", count=count, path=category.path)
    elif form.action.data in ("archive", "restore"):
        for question in questions:
            bank.set_archived(question, form.action.data == "archive")
        message = _("%(count)d questions updated.", count=len(questions))
    else:
        abort(400)
    db.session.commit()
    flash(message, "success")
    return redirect(back)
