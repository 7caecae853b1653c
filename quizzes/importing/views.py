"""Import and export pages of the question bank: upload, dry-run report, confirm, download."""

from urllib.parse import quote

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.actions import on_domain_error
from core.extensions import db
from core.i18n import translated
from core.permissions import require_permission
from quizzes.bank import services as bank
from quizzes.bank.preview import present_spec
from quizzes.blueprint import bp
from quizzes.importing.aiken import aiken_unexportable, export_aiken
from quizzes.importing.forms import ConfirmImportForm, ExportForm, ImportForm
from quizzes.importing.gift_export import export_gift
from quizzes.importing.parsing import ParseResult
from quizzes.importing.services import decode_upload, import_questions, read_questions
from quizzes.translation import type_labels


def _report(result: ParseResult, confirm=None, filename: str = "", duplicates=None) -> str:
    return render_template(
        "quizzes/importing/report.html",
        result=result,
        confirm=confirm,
        filename=filename,
        duplicates=duplicates,
        type_labels=type_labels(),
        present=present_spec,
    )


@bp.route("/bank/import", methods=["GET", "POST"])
@require_permission("quiz.author")
def import_page():
    form = ImportForm()

    def page():
        return render_template("quizzes/importing/upload.html", form=form)

    if form.validate_on_submit():
        on_domain_error(page, field=form.file)
        data, filename = form.source()
        text = decode_upload(data) if isinstance(data, bytes) else data
        result = read_questions(text, form.format.data, form.category.data)
        confirm = ConfirmImportForm(
            formdata=None, text=text, format=form.format.data, category=form.category.data
        )
        return _report(result, confirm, filename, bank.already_in_bank(result.questions))
    return page(), 422 if request.method == "POST" else 200


@bp.post("/bank/import/confirm")
@require_permission("quiz.author")
def confirm_import():
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        flash(_("The import form was incomplete; upload the file again."), "error")
        return redirect(url_for("quizzes.import_page"))
    result = read_questions(form.text.data, form.format.data, form.category.data)
    on_domain_error(lambda: _report(result))  # the file has errors: show them, import nothing
    saved = import_questions(result, user_id=current_user.id, note=_("Imported from a file"))
    db.session.commit()
    flash(_("%(count)d questions imported.", count=len(saved)), "success")
    category_id = saved[0].category_id if saved else None
    return redirect(url_for("quizzes.question_bank", category=category_id))


@bp.get("/bank/export")
@require_permission("quiz.author")
def export_category():
    form = ExportForm(formdata=request.args)
    category_id, fmt = form.category_id(), form.format.data
    if category_id is None or fmt not in ("gift", "aiken"):
        return render_template(
            "quizzes/importing/export.html", categories=bank.flat_categories(), skipped=None
        )
    category = bank.get_category(category_id)
    specs = bank.exportable_specs(category, include_subcategories=form.sub.data != "0")
    if fmt == "aiken":
        skipped = aiken_unexportable(specs)
        if skipped and form.confirm.data != "1":
            return render_template(
                "quizzes/importing/export.html",
                categories=bank.flat_categories(),
                skipped=[translated(message) for message in skipped],
                category=category,
            )
        body, suffix = export_aiken(specs), "txt"
    else:
        body, suffix = export_gift(specs, _), "gift"
    filename = category.path.replace("/", "-") + "." + suffix
    return Response(
        body,
        mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}"},
    )
