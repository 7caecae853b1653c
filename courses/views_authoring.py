"""Routes for trainers: module and lesson editor, preview, publish, history, restore, reset."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.errors import DomainError
from core.extensions import db
from core.permissions import require_permission
from courses import authoring, ordering, services
from courses.forms import ConfirmForm, LessonEditForm, LessonForm, ModuleForm
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


@bp.route("/modules/new", methods=["GET", "POST"])
@require_permission("course.author")
def module_create():
    form = ModuleForm()
    form.prerequisites.choices = _prerequisite_choices()
    if form.validate_on_submit():
        try:
            module = authoring.create_module(form.slug.data, _module_data(form))
        except DomainError as error:
            db.session.rollback()
            form.slug.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Module %(title)s was created.", title=module.title), "success")
            return redirect(url_for("courses.module", slug=module.slug))
    status = 400 if form.errors else 200
    return render_template("courses/module_form.html", form=form, module=None), status


@bp.route("/m/<slug>/edit", methods=["GET", "POST"])
@require_permission("course.author")
def module_edit(slug: str):
    module = services.get_module_or_404(slug, author=True)
    form = ModuleForm(
        data={
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
    )
    form.slug.data = module.slug  # the short name is fixed once learners have links to it
    form.prerequisites.choices = _prerequisite_choices(exclude=module.slug)
    if form.validate_on_submit():
        try:
            authoring.update_module(module, _module_data(form))
        except DomainError as error:
            db.session.rollback()
            form.prerequisites.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Module %(title)s was saved.", title=module.title), "success")
            return redirect(url_for("courses.module", slug=module.slug))
    status = 400 if form.errors else 200
    return render_template("courses/module_form.html", form=form, module=module), status


@bp.route("/m/<slug>/lessons/new", methods=["GET", "POST"])
@require_permission("course.author")
def lesson_create(slug: str):
    module = services.get_module_or_404(slug, author=True)
    form = LessonForm()
    preview = None
    if form.validate_on_submit():
        action = request.form.get("action", "save")
        if action == "preview":
            preview = render_lesson(form.body.data, services.glossary_links())
        else:
            try:
                lesson = authoring.create_lesson(
                    module,
                    form.slug.data,
                    form.title.data,
                    form.body.data or "",
                    current_user.id,
                    publish=action == "publish",
                )
            except DomainError as error:
                db.session.rollback()
                form.slug.errors.append(error.message)
            else:
                db.session.commit()
                flash(_("Lesson %(title)s was created.", title=lesson.title), "success")
                return redirect(url_for("courses.lesson_edit", lesson_id=lesson.id))
    status = 400 if form.errors else 200
    return render_template(
        "courses/lesson_form.html", form=form, module=module, lesson=None, preview=preview
    ), status


@bp.route("/lessons/<int:lesson_id>/edit", methods=["GET", "POST"])
@require_permission("course.author")
def lesson_edit(lesson_id: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    form = LessonEditForm(obj=lesson, base_revision=authoring.latest_revision_number(lesson))
    preview = None
    if form.validate_on_submit():
        action = request.form.get("action", "save")
        if action == "preview":
            preview = render_lesson(form.body.data, services.glossary_links())
        else:
            try:
                changed = authoring.save_lesson(
                    lesson,
                    form.title.data,
                    form.body.data or "",
                    current_user.id,
                    publish=action == "publish",
                    base_revision=_int_or_none(form.base_revision.data),
                )
            except DomainError as error:
                db.session.rollback()
                form.body.errors.append(error.message)
                # Warned once; the next save of this text may go through.
                form.base_revision.data = authoring.latest_revision_number(lesson)
            else:
                db.session.commit()
                if action == "publish":
                    flash(_("The lesson was saved and published."), "success")
                elif changed:
                    flash(_("Draft saved. Learners still see the published version."), "success")
                else:
                    flash(_("Nothing changed."), "success")
                return redirect(url_for("courses.lesson_edit", lesson_id=lesson.id))
    if preview is None:
        preview = render_lesson(form.body.data, services.glossary_links())
    status = 400 if form.errors else 200
    return render_template(
        "courses/lesson_form.html",
        form=form,
        module=lesson.module,
        lesson=lesson,
        preview=preview,
        confirm=ConfirmForm(),
    ), status


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
        form=ConfirmForm(),
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
    try:
        ordering.move_module(module, request.form.get("direction", ""))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("%(title)s is now module %(n)s.", title=module.title, n=module.order), "success")
    return redirect(url_for("courses.catalogue") + f"#module-{module.slug}")


@bp.post("/lessons/<int:lesson_id>/move")
@require_permission("course.author")
def lesson_move(lesson_id: int):
    lesson = services.get_lesson_by_id_or_404(lesson_id)
    try:
        ordering.move_lesson(lesson, request.form.get("direction", ""))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("%(title)s is now lesson %(n)s.", title=lesson.title, n=lesson.order), "success")
    return redirect(url_for("courses.module", slug=lesson.module.slug) + f"#lesson-{lesson.id}")
