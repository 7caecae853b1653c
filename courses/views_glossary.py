"""Routes for trainers: add, edit, archive, restore and reset glossary terms."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission
from courses import glossary
from courses.content_files import content_dir
from courses.forms import GlossaryTermForm
from courses.views import bp


def _term_data(form: GlossaryTermForm) -> glossary.TermData:
    return glossary.TermData(
        term=form.term.data or "",
        english=form.english.data or "",
        definition=form.definition.data or "",
        aliases=glossary.split_aliases(form.aliases.data or ""),
    )


def _glossary_entry_url(term) -> str:
    return url_for("courses.glossary") + f"#term-{term.id}"


@bp.route("/glossary/new", methods=["GET", "POST"], endpoint="glossary_create")
@bp.route("/glossary/<int:term_id>/edit", methods=["GET", "POST"], endpoint="glossary_edit")
@require_permission("course.author")
def glossary_form(term_id: int | None = None):
    """Add a term, or (with term_id) edit one; errors show under the field they concern."""
    term = glossary.get_term_or_404(term_id) if term_id is not None else None
    form = GlossaryTermForm(data=_term_form_data(term) if term else None)

    def page():
        return render_template("courses/glossary_form.html", form=form, term=term)

    if form.validate_on_submit():
        data = _term_data(form)
        on_domain_error(page, field=form.aliases)
        glossary.check_aliases(data, term)
        on_domain_error(page, field=form.term)
        if term is None:
            saved = glossary.create_term(data)
            message = _("The term %(term)s was added.", term=saved.term)
        else:
            saved = term
            changed = glossary.update_term(term, data)
            message = (
                _("The term %(term)s was saved.", term=term.term)
                if changed
                else _("Nothing changed.")
            )
        db.session.commit()
        flash(message, "success")
        return redirect(_glossary_entry_url(saved))
    return page(), 400 if form.errors else 200


def _term_form_data(term) -> dict:
    """The term's values as the form shows them."""
    return {
        "term": term.term,
        "english": term.english,
        "definition": term.definition,
        "aliases": "\n".join(term.aliases or []),
    }


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
    return redirect(_glossary_entry_url(term))


@bp.post("/glossary/<int:term_id>/reset")
@require_permission("course.author")
def glossary_reset(term_id: int):
    term = glossary.get_term_or_404(term_id)
    glossary.reset_term_to_file(term, content_dir())
    db.session.commit()
    flash(_("The term %(term)s is its glossary.yaml entry again.", term=term.term), "success")
    return redirect(_glossary_entry_url(term))
