"""Routes of the courses area for readers: catalogue, modules, lessons, progress, search, glossary."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.actions import on_domain_error
from core.database import begin_as_writer
from core.extensions import db
from core.permissions import has_permission, require_permission
from courses import glossary as glossary_service
from courses import related, results, services
from courses.forms import AcknowledgeForm, DoneForm
from courses.rendering import render_lesson, table_of_contents

bp = Blueprint("courses", __name__, url_prefix="/courses")


def _is_author() -> bool:
    return has_permission(current_user, "course.author")


def _is_learner() -> bool:
    return has_permission(current_user, "learning.track")


@bp.get("/")
@require_permission("course.read")
def catalogue():
    author = _is_author()
    modules = results.visible_modules()
    statuses = {}
    if _is_learner():
        statuses = {s.slug: s for s in results.module_progress(current_user.id)}
    drafts = services.draft_modules() if author else []
    return render_template(
        "courses/catalogue.html",
        modules=modules,
        statuses=statuses,
        drafts=drafts,
        author=author,
        titles={m.slug: m.title for m in modules},
    )


@bp.get("/m/<slug>")
@require_permission("course.read")
def module(slug: str):
    author = _is_author()
    module = services.get_module_or_404(slug, author=author)
    status = results.module_status(current_user.id, slug) if _is_learner() else None
    progress = results.progress_by_lesson(current_user.id) if status else {}
    resume = results.resume_lesson(module.visible_lessons, progress) if status else None
    links = related.related_links(current_user, module.slug)
    return render_template(
        "courses/module.html",
        module=module,
        status=status,
        progress=progress,
        resume=resume,
        author=author,
        modules_by_slug={m.slug: m for m in results.visible_modules()},
        ack=_current_ack(module),
        quizzes=links[related.QUIZ],
        cases=links[related.CASE],
        quiz_list=links[related.QUIZ_LIST],
    )


def _current_ack(module):
    if not module.conduct_rules_version or not _is_learner():
        return None
    return results.acknowledgement(current_user.id, module.conduct_rules_version)


@bp.get("/m/<slug>/<lesson_slug>")
@require_permission("course.read")
def lesson(slug: str, lesson_slug: str):
    author = _is_author()
    module = services.get_module_or_404(slug, author=author)
    lesson = services.get_lesson_or_404(module, lesson_slug, author=author)
    progress = None
    if _is_learner():
        begin_as_writer()  # this GET records the visit: on SQLite it must queue as a writer
        # A locked module sends the reader back to the module page, which says what unlocks it.
        module_page = url_for("courses.module", slug=module.slug)
        on_domain_error(lambda: redirect(module_page))
        services.ensure_unlocked(current_user.id, module)
        progress = services.record_visit(current_user.id, lesson)
        db.session.commit()
    # Authors read the working copy (drafts included); learners the published one.
    title = lesson.title if author else lesson.published_title
    body = lesson.body if author else lesson.published_body
    previous, following = services.neighbours(module, lesson, author=author)
    html = render_lesson(body, services.glossary_links())
    is_rules = bool(module.conduct_rules_version) and lesson.slug == "rules"
    return render_template(
        "courses/lesson.html",
        module=module,
        lesson=lesson,
        title=title,
        html=html,
        toc=table_of_contents(html),
        progress=progress,
        previous=previous,
        following=following,
        author=author,
        is_rules=is_rules,
        ack=_current_ack(module) if is_rules else None,
        ack_form=AcknowledgeForm(),
        done_form=DoneForm(),
    )


@bp.post("/lessons/<int:lesson_id>/done")
@require_permission("learning.track")
def mark_done(lesson_id: int):
    lesson = services.get_visible_lesson_or_404(lesson_id)
    done = DoneForm().marks_done
    services.mark_done(current_user.id, lesson, done=done)
    db.session.commit()
    module = lesson.module
    if not done:
        return redirect(url_for("courses.lesson", slug=module.slug, lesson_slug=lesson.slug))
    flash(_("Lesson marked as done."), "success")
    _previous, following = services.neighbours(module, lesson, author=False)
    if following is not None:
        return redirect(url_for("courses.lesson", slug=module.slug, lesson_slug=following.slug))
    return redirect(url_for("courses.module", slug=module.slug))


@bp.post("/lessons/<int:lesson_id>/position")
@require_permission("learning.track")
def save_position(lesson_id: int):
    lesson = services.get_visible_lesson_or_404(lesson_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return {"error": _('Send JSON like {"position": 40}.')}, 400
    position = services.save_position(current_user.id, lesson, payload.get("position"))
    db.session.commit()
    return {"saved": True, "position": position}


@bp.post("/m/<slug>/acknowledge")
@require_permission("learning.track")
def acknowledge(slug: str):
    module = services.get_module_or_404(slug, author=False)
    form = AcknowledgeForm()
    rules_lesson = url_for("courses.lesson", slug=module.slug, lesson_slug="rules") + "#ack"
    on_domain_error(lambda: redirect(rules_lesson))
    ack = services.acknowledge_rules(current_user.id, module, confirmed=bool(form.confirm.data))
    db.session.commit()
    flash(_("You acknowledged the code of conduct, version %(v)s.", v=ack.version), "success")
    return redirect(url_for("courses.module", slug=module.slug))


@bp.get("/conduct/report")
@require_permission("conduct.report")
def conduct_report():
    version, missing, acks = results.conduct_report()
    earlier = results.earlier_acknowledgements([user.id for user in missing])
    return render_template(
        "courses/conduct_report.html",
        version=version,
        missing=missing,
        acks=acks,
        earlier=earlier,
    )


@bp.get("/search")
@require_permission("course.read")
def search():
    query = request.args.get("q", "").strip()
    hits = services.search(query, author=_is_author()) if query else []
    return render_template("courses/search.html", query=query, hits=hits)


@bp.get("/glossary")
@require_permission("course.read")
def glossary():
    query = request.args.get("q", "").strip()
    terms = services.search_glossary(query)
    author = _is_author()
    return render_template(
        "courses/glossary.html",
        query=query,
        terms=terms,
        author=author,
        archived=glossary_service.archived_terms() if author else [],
    )
