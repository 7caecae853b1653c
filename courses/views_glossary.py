"""Routes for trainers: add, edit, archive, restore and reset glossary terms."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core.errors import DomainError
from core.extensions import db
from core.permissions import require_permission
from courses import glossary
from courses.content_sync import content_dir
from courses.forms import ConfirmForm, GlossaryTermForm
from courses.views import bp


def _data(form: GlossaryTermForm) -> glossary.TermData:
    return glossary.TermData(
        term=form.term.data or "",
        english=form.english.data or "",
        definition=form.definition.data or "",
        aliases=glossary.split_aliases(form.aliases.data or ""),
    )


def _show_error(form: GlossaryTermForm, error: DomainError) -> None:
    getattr(form, getattr(error, "field", "term")).errors.append(error.message)


def _back_to(term) -> str:
    return url_for("courses.glossary") + f"#term-{term.id}"


@bp.route("/glossary/new", methods=["GET", "POST"])
@require_permission("course.author")
def glossary_create():
    form = GlossaryTermForm()
    if form.validate_on_submit():
        try:
            term = glossary.create_term(_data(form))
        except DomainError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(_("The term %(term)s was added.", term=term.term), "success")
            return redirect(_back_to(term))
    status = 400 if form.errors else 200
    return render_template("courses/glossary_form.html", form=form, term=None), status


@bp.route("/glossary/<int:term_id>/edit", methods=["GET", "POST"])
@require_permission("course.author")
def glossary_edit(term_id: int):
    term = glossary.get_term_or_404(term_id)
    form = GlossaryTermForm(
        data={
            "term": term.term,
            "english": term.english,
            "definition": term.definition,
            "aliases": "\n".join(term.aliases or []),
        }
    )
    if form.validate_on_submit():
        try:
            changed = glossary.update_term(term, _data(form))
        except DomainError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            if changed:
                flash(_("The term %(term)s was saved.", term=term.term), "success")
            else:
                flash(_("Nothing changed."), "success")
            return redirect(_back_to(term))
    status = 400 if form.errors else 200
    return render_template(
        "courses/glossary_form.html", form=form, term=term, confirm=ConfirmForm()
    ), status


@bp.post("/glossary/<int:term_id>/archive")
@require_permission("course.author")
def glossary_archive(term_id: int):
    term = glossary.get_term_or_404(term_id)
    glossary.set_archived(term, True)
    db.session.commit()
    flash(
        _("The term %(term)s was archived; lessons no longer link to it.", term=term.term),
        "success",
    )
    return redirect(url_for("courses.glossary") + "#archived")


@bp.post("/glossary/<int:term_id>/restore")
@require_permission("course.author")
def glossary_restore(term_id: int):
    term = glossary.get_term_or_404(term_id)
    glossary.set_archived(term, False)
    db.session.commit()
    flash(_("The term %(term)s is back in the glossary.", term=term.term), "success")
    return redirect(_back_to(term))


@bp.post("/glossary/<int:term_id>/reset")
@require_permission("course.author")
def glossary_reset(term_id: int):
    term = glossary.get_term_or_404(term_id)
    glossary.reset_term_to_file(term, content_dir())
    db.session.commit()
    flash(_("The term %(term)s is its glossary.yaml entry again.", term=term.term), "success")
    return redirect(_back_to(term))
