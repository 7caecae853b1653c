"""Import and export pages of the question bank: upload, dry-run report, confirm, download."""

from urllib.parse import quote

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.extensions import db
from core.permissions import require_permission
from quizzes.bank import services as bank
from quizzes.bank.forms import TYPE_LABELS
from quizzes.bank.preview import present_spec
from quizzes.bank.views import int_arg, percent
from quizzes.blueprint import bp
from quizzes.grading import right_answer_summary
from quizzes.importing.aiken import aiken_unexportable, export_aiken
from quizzes.importing.forms import ConfirmImportForm, ImportForm
from quizzes.importing.gift import export_gift
from quizzes.importing.services import (
    ImportRejected,
    decode_upload,
    import_questions,
    read_questions,
)


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
            "quizzes/importing/report.html",
            result=result,
            confirm=confirm,
            filename=filename,
            duplicates=bank.already_in_bank(result.questions),
            type_labels=TYPE_LABELS,
            right_answer=right_answer_summary,
            percent=percent,
            present=present_spec,
        )
    status = 422 if request.method == "POST" else 200
    return render_template("quizzes/importing/upload.html", form=form), status


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
            "quizzes/importing/report.html",
            result=error.result,
            confirm=None,
            filename="",
            type_labels=TYPE_LABELS,
            right_answer=right_answer_summary,
            percent=percent,
            present=present_spec,
        ), 422
    db.session.commit()
    flash(_("%(count)d questions imported.", count=len(saved)), "success")
    category_id = saved[0].category_id if saved else None
    return redirect(url_for("quizzes.question_bank", category=category_id))


@bp.get("/bank/export")
@require_permission("quiz.author")
def export_category():
    category_id = int_arg("category")
    fmt = request.args.get("format", "gift")
    if category_id is None or fmt not in ("gift", "aiken"):
        return render_template(
            "quizzes/importing/export.html", categories=bank.flat_categories(), skipped=None
        )
    category = bank.get_category(category_id)
    specs = bank.exportable_specs(category, include_subcategories=request.args.get("sub") != "0")
    if fmt == "aiken":
        skipped = aiken_unexportable(specs)
        if skipped and request.args.get("confirm") != "1":
            return render_template(
                "quizzes/importing/export.html",
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
