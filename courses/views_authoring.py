"""Routes for trainers: module and lesson editor, preview, publish, history, restore, reset."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission
from courses import authoring, ordering, services
from courses.forms import LessonEditForm, LessonForm, ModuleForm, MoveForm
from courses.models import Module
from courses.rendering import render_lesson
from courses.views import bp

MAX_PREVIEW = 200_000


def _prerequisite_choices(exclude: str | None = None):
    modules = db.session.scalars(select(Module).order_by(Module.order))
    return [(m.slug, f"{m.order}. {m.title}") for m in modules if m.slug != exclude]


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _lines(value) -> list[str]:
    # A field missing from the POST keeps the module's own value, which is already a list.
    return list(value) if isinstance(value, list) else (value or "").splitlines()


def _module_form_data(module: Module) -> dict:
    """The module's values as the editor's form shows them."""
    return {
        "slug": module.slug,
        "title": module.title,
        "order": module.order,
        "estimated_minutes": module.estimated_minutes,
        "objectives": "\n".join(module.objectives or []),
        "prerequisites": list(module.prerequisites or []),
        "intro": module.intro,
        "conduct_rules_version": module.conduct_rules_version or "",
        "published": module.published,
    }


def _module_data(form: ModuleForm) -> authoring.ModuleData:
    return authoring.ModuleData(
        title=form.title.data,
        order=form.order.data,
        estimated_minutes=form.estimated_minutes.data,
        objectives=_lines(form.objectives.data),
        prerequisites=form.prerequisites.data or [],
        intro=form.intro.data or "",
        published=bool(form.published.data),
        conduct_rules_version=form.conduct_rules_version.data,
    )


@bp.route("/modules/new", methods=["GET", "POST"], endpoint="module_create")
@bp.route("/m/<slug>/edit", methods=["GET", "POST"], endpoint="module_edit")
@require_permission("course.author")
def module_form(slug: str | None = None):
    """Create a module, or (with slug) edit one; the slug is fixed once learners have links."""
    module = services.get_module_or_404(slug, author=True) if slug else None
    form = ModuleForm(data=_module_form_data(module) if module else None)
    if module:
        form.slug.data = module.slug
    form.prerequisites.choices = _prerequisite_choices(exclude=slug)

    def page():
        return render_template("courses/module_form.html", form=form, module=module)

    if form.validate_on_submit():
        if module is None:
            on_domain_error(page, field=form.slug)
            saved = authoring.create_module(form.slug.data, _module_data(form))
            message = _("Module %(title)s was created.", title=saved.title)
        else:
            on_domain_error(page, field=form.prerequisites)
            saved = authoring.update_module(module, _module_data(form))
            message = _("Module %(title)s was saved.", title=saved.title)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("courses.module", slug=saved.slug))
    return page(), 400 if form.errors else 200


@bp.route("/m/<slug>/lessons/new", methods=["GET", "POST"], endpoint="lesson_create")
@bp.route("/lessons/<int:lesson_id>/edit", methods=["GET", "POST"], endpoint="lesson_edit")
@require_permission("course.author")
def lesson_form(slug: str | None = None, lesson_id: int | None = None):
    """Write a new lesson in a module, or (with lesson_id) edit one: save, publish or preview."""
    if lesson_id is None:
        lesson, module = None, services.get_module_or_404(slug, author=True)
        form = LessonForm()
    else:
        lesson = services.get_lesson_by_id_or_404(lesson_id)
        module = lesson.module
        form = LessonEditForm(obj=lesson, base_revision=authoring.latest_revision_number(lesson))
    submitted = form.validate_on_submit()
    # The editor always shows its text rendered; a new lesson only when the trainer asks.
    show_preview = lesson is not None or (submitted and form.action.data == "preview")

    def page():
        preview = render_lesson(form.body.data, services.glossary_links()) if show_preview else None
        return render_template(
            "courses/lesson_form.html", form=form, module=module, lesson=lesson, preview=preview
        )

    def page_after_refused_save():
        # Warned once: the editor now stands on the latest revision, so saving this text again
        # goes through (the trainer has seen the conflict and may overwrite).
        form.base_revision.data = authoring.latest_revision_number(lesson)
        return page()

    if not submitted or form.action.data == "preview":
        return page(), 400 if form.errors else 200
    title, body, publish = form.title.data, form.body.data or "", form.action.data == "publish"
    if lesson is None:
        on_domain_error(page, field=form.slug)
        saved = authoring.create_lesson(
            module, form.slug.data, title, body, current_user.id, publish=publish
        )
        message = _("Lesson %(title)s was created.", title=saved.title)
    else:
        on_domain_error(page_after_refused_save, field=form.body)
        base_revision = _int_or_none(form.base_revision.data)
        changed = authoring.save_lesson(
            lesson, title, body, current_user.id, publish=publish, base_revision=base_revision
        )
        saved, message = lesson, _lesson_saved_message(published=publish, changed=changed)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("courses.lesson_edit", lesson_id=saved.id))


def _lesson_saved_message(*, published: bool, changed: bool) -> str:
    if published:
        return _("The lesson was saved and published.")
    if changed:
        return _("Draft saved. Learners still see the published version.")
    return _("Nothing changed.")


@bp.post("/preview")
@require_permission("course.author")
def preview():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("markdown", ""), str):
        return {"error": _('Send JSON like {"markdown": "..."}.')}, 400
    text = payload.get("markdown", "")
    if len(text) > MAX_PREVIEW:
        return {"error": _("The text is too long (at most 200,000 characters).")}, 413
    return {"html": str(render_lesson(text, services.glossary_links()))}


@bp.post("/lessons/<int:lesson_id>/publish")
@require_permission("course.author")
def lesson_publish(lesson_id: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    authoring.publish_lesson(lesson)
    db.session.commit()
    flash(_("The lesson was published."), "success")
    return redirect(url_for("courses.lesson_edit", lesson_id=lesson.id))


@bp.post("/lessons/<int:lesson_id>/withdraw")
@require_permission("course.author")
def lesson_withdraw(lesson_id: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    authoring.withdraw_lesson(lesson)
    db.session.commit()
    flash(_("The lesson is a draft again; learners no longer see it."), "success")
    return redirect(url_for("courses.lesson_edit", lesson_id=lesson.id))


@bp.get("/lessons/<int:lesson_id>/history")
@require_permission("course.author")
def lesson_history(lesson_id: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    return render_template("courses/history.html", lesson=lesson, module=lesson.module)


@bp.get("/lessons/<int:lesson_id>/revisions/<int:number>")
@require_permission("course.author")
def revision_diff(lesson_id: int, number: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    revision = authoring.get_revision_or_404(lesson, number)
    table = authoring.diff_table(
        revision.title,
        revision.body,
        lesson.title,
        lesson.body,
        (_("Revision %(n)s", n=revision.number), _("Current working copy")),
    )
    return render_template(
        "courses/revision.html",
        lesson=lesson,
        module=lesson.module,
        revision=revision,
        table=table,
    )


@bp.post("/lessons/<int:lesson_id>/revisions/<int:number>/restore")
@require_permission("course.author")
def revision_restore(lesson_id: int, number: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    revision = authoring.get_revision_or_404(lesson, number)
    authoring.restore_revision(lesson, revision, current_user.id)
    db.session.commit()
    flash(
        _("Revision %(n)s is the working copy again. Publish it to show it to learners.", n=number),
        "success",
    )
    return redirect(url_for("courses.lesson_edit", lesson_id=lesson.id))


@bp.post("/lessons/<int:lesson_id>/reset")
@require_permission("course.author")
def lesson_reset(lesson_id: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    authoring.reset_to_file(lesson)
    db.session.commit()
    flash(_("The lesson is its content file again (published)."), "success")
    return redirect(url_for("courses.lesson_edit", lesson_id=lesson.id))


@bp.post("/m/<slug>/move")
@require_permission("course.author")
def module_move(slug: str):
    module = services.get_module_or_404(slug, author=True)
    back = url_for("courses.catalogue") + f"#module-{module.slug}"
    on_domain_error(lambda: redirect(back))
    ordering.move_module(module, MoveForm().direction.data or "")
    db.session.commit()
    flash(_("%(title)s is now module %(n)s.", title=module.title, n=module.order), "success")
    return redirect(back)


@bp.post("/lessons/<int:lesson_id>/move")
@require_permission("course.author")
def lesson_move(lesson_id: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    back = url_for("courses.module", slug=lesson.module.slug) + f"#lesson-{lesson.id}"
    on_domain_error(lambda: redirect(back))
    ordering.move_lesson(lesson, MoveForm().direction.data or "")
    db.session.commit()
    flash(_("%(title)s is now lesson %(n)s.", title=lesson.title, n=lesson.order), "success")
    return redirect(back)
