"""Trainer actions: create and edit modules and lessons, publish, revisions, diff, restore, reset."""

import difflib
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select

from core.clock import now_utc
from core.domain import N_, Conflict, DomainError, NotFound
from core.extensions import db
from courses.content_files import SLUG_RE, read_lesson_file
from courses.content_sync import add_revision, apply_lesson_file
from courses.models import Lesson, LessonRevision, Module

MAX_BODY = 200_000


@dataclass
class ModuleData:
    title: str
    order: int
    estimated_minutes: int
    objectives: list[str]
    prerequisites: list[str]
    intro: str
    published: bool
    conduct_rules_version: str | None = None


def _check_slug(slug: str) -> str:
    slug = (slug or "").strip()
    if not SLUG_RE.match(slug) or len(slug) > 80:
        raise DomainError(
            N_("The short name may contain only lowercase letters, digits and single hyphens.")
        )
    return slug


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise DomainError(N_("A title is required."))
    if len(title) > 200:
        raise DomainError(N_("The title may have at most 200 characters."))
    return title


def _check_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n")
    if len(body) > MAX_BODY:
        raise DomainError(N_("The text is too long (at most 200,000 characters)."))
    return body


def _apply_module_data(module: Module, data: ModuleData) -> None:
    unknown = [
        slug
        for slug in data.prerequisites
        if slug == module.slug
        or db.session.scalar(select(Module.id).where(Module.slug == slug)) is None
    ]
    if unknown:
        raise DomainError(N_("A module cannot require itself or an unknown module."))
    if _creates_cycle(module.slug, data.prerequisites):
        raise DomainError(N_("These prerequisites would form a circle, so no one could start."))
    module.title = _check_title(data.title)
    module.order = data.order
    module.estimated_minutes = max(1, data.estimated_minutes)
    module.objectives = [line.strip() for line in data.objectives if line.strip()]
    module.prerequisites = list(data.prerequisites)
    module.intro = _check_body(data.intro)
    module.published = data.published
    module.conduct_rules_version = (data.conduct_rules_version or "").strip() or None
    if module.source_path:
        module.locally_modified = True


def _creates_cycle(slug: str, prerequisites: list[str]) -> bool:
    """Whether module `slug` requiring `prerequisites` would make it (indirectly) require itself."""
    graph = {m.slug: list(m.prerequisites or []) for m in db.session.scalars(select(Module))}
    graph[slug] = list(prerequisites)
    seen: set[str] = set()
    stack = list(prerequisites)
    while stack:
        current = stack.pop()
        if current == slug:
            return True
        if current not in seen:
            seen.add(current)
            stack.extend(graph.get(current, []))
    return False


def create_module(slug: str, data: ModuleData) -> Module:
    slug = _check_slug(slug)
    if db.session.scalar(select(Module.id).where(Module.slug == slug)) is not None:
        raise Conflict(N_("A module with the short name %(slug)s exists already."), slug=slug)
    module = Module(slug=slug, lessons=[])
    _apply_module_data(module, data)
    db.session.add(module)
    db.session.flush()
    return module


def update_module(module: Module, data: ModuleData) -> Module:
    _apply_module_data(module, data)
    db.session.flush()
    return module


def create_lesson(
    module: Module, slug: str, title: str, body: str, author_id: int, publish: bool
) -> Lesson:
    slug = _check_slug(slug)
    if any(lesson.slug == slug for lesson in module.lessons):
        raise Conflict(N_("This module already has a lesson named %(slug)s."), slug=slug)
    order = max((lesson.order for lesson in module.lessons), default=0) + 1
    lesson = Lesson(slug=slug, order=order, title=_check_title(title), body=_check_body(body))
    lesson.revisions = []
    module.lessons.append(lesson)
    add_revision(lesson, "editor", author_id=author_id)
    if publish:
        publish_lesson(lesson)
    db.session.flush()
    return lesson


def latest_revision_number(lesson: Lesson) -> int:
    return max((r.number for r in lesson.revisions), default=0)


def save_lesson(
    lesson: Lesson,
    title: str,
    body: str,
    author_id: int,
    publish: bool,
    base_revision: int | None = None,
) -> bool:
    """Save the working copy (a new revision when it changed); publish if asked. True if changed.

    base_revision is the revision the editor was opened on: if someone saved in between, the save
    is refused instead of silently overwriting their work.
    """
    title, body = _check_title(title), _check_body(body)
    latest = latest_revision_number(lesson)
    if base_revision is not None and base_revision != latest:
        raise Conflict(
            N_(
                "Someone saved this lesson while you were editing (revision %(n)s). Your text is "
                "still below: copy it, open the history to compare, then save again."
            ),
            n=latest,
        )
    changed = title != lesson.title or body != lesson.body
    if changed:
        lesson.title, lesson.body = title, body
        add_revision(lesson, "editor", author_id=author_id)
        if lesson.source_path:
            lesson.locally_modified = True
    if publish:
        publish_lesson(lesson)
    db.session.flush()
    return changed


def publish_lesson(lesson: Lesson) -> None:
    if lesson.archived:
        raise DomainError(N_("An archived lesson cannot be published."))
    lesson.published_title, lesson.published_body = lesson.title, lesson.body
    lesson.published_at = now_utc()


def withdraw_lesson(lesson: Lesson) -> None:
    """Take a lesson back to draft: learners no longer see it; their progress stays."""
    if not lesson.is_published:
        raise DomainError(N_("This lesson is not published."))
    lesson.published_title = lesson.published_body = lesson.published_at = None
    if lesson.source_path:
        lesson.locally_modified = True  # otherwise the next file change would republish it
    db.session.flush()


def get_revision_or_404(lesson: Lesson, number: int) -> LessonRevision:
    revision = next((r for r in lesson.revisions if r.number == number), None)
    if revision is None:
        raise NotFound(N_("This revision does not exist."))
    return revision


def restore_revision(lesson: Lesson, revision: LessonRevision, author_id: int) -> None:
    """Make an older revision the working copy again (as a new revision; nothing is lost)."""
    if revision.title == lesson.title and revision.body == lesson.body:
        raise DomainError(N_("The working copy already equals revision %(n)s."), n=revision.number)
    lesson.title, lesson.body = revision.title, revision.body
    add_revision(
        lesson,
        "restore",
        note=_("Restored from revision %(n)s", n=revision.number),
        author_id=author_id,
    )
    if lesson.source_path:
        lesson.locally_modified = True
    db.session.flush()


def reset_to_file(lesson: Lesson, root=None) -> None:
    """Throw away browser edits: the lesson becomes its content file again, published."""
    if not lesson.source_path:
        raise DomainError(N_("This lesson was written in the browser; it has no content file."))
    apply_lesson_file(lesson, read_lesson_file(lesson.source_path, root), source="reset")
    db.session.flush()


def diff_table(old_title: str, old_body: str, new_title: str, new_body: str, labels) -> Markup:
    """Side-by-side diff; difflib escapes <, > and & in the text itself."""
    old = [f"# {old_title}", "", *old_body.splitlines()]
    new = [f"# {new_title}", "", *new_body.splitlines()]
    html = difflib.HtmlDiff(wrapcolumn=48).make_table(
        old,
        new,
        fromdesc=str(escape(labels[0])),
        todesc=str(escape(labels[1])),
        context=True,
        numlines=3,
    )
    return Markup(html)  # nosec B704: HtmlDiff escapes the lines, the labels are escaped above
