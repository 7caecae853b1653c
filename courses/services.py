"""Learner actions: reading, progress, prerequisites, the conduct acknowledgement, search."""

import re
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import pgettext
from sqlalchemy import or_, select

from core import events
from core.clock import now_utc
from core.domain import N_, DomainError, Forbidden, NotFound
from core.extensions import db
from courses import results
from courses.models import ConductAcknowledgement, GlossaryTerm, Lesson, LessonProgress, Module
from courses.rendering import GlossaryLink

SNIPPET_RADIUS = 40


def get_module_or_404(slug: str, *, author: bool) -> Module:
    """A module by slug; drafts and archived modules exist only for authors."""
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    if module is None or (not author and (module.archived or not module.published)):
        raise NotFound(N_("This module does not exist or is not published."))
    return module


def draft_modules() -> list[Module]:
    """Modules learners do not see: unpublished or archived (for authors)."""
    return list(
        db.session.scalars(
            select(Module)
            .where((Module.published.is_(False)) | (Module.archived.is_(True)))
            .order_by(Module.order)
        )
    )


def get_lesson_or_404(module: Module, lesson_slug: str, *, author: bool) -> Lesson:
    lesson = next((item for item in module.lessons if item.slug == lesson_slug), None)
    if lesson is None or (not author and (lesson.archived or not lesson.is_published)):
        raise NotFound(N_("This lesson does not exist or is not published."))
    return lesson


def get_lesson_by_id_or_404(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound(N_("This lesson does not exist."))
    return lesson


def get_visible_lesson_or_404(lesson_id: int) -> Lesson:
    """A lesson learners may see: published, not archived, in a published module."""
    lesson = db.session.get(Lesson, lesson_id)
    if (
        lesson is None
        or lesson.archived
        or not lesson.is_published
        or lesson.module.archived
        or not lesson.module.published
    ):
        raise NotFound(N_("This lesson does not exist or is not published."))
    return lesson


def ensure_unlocked(user_id: int, module: Module) -> None:
    """Refuse a locked module with a message naming the modules that unlock it."""
    status = results.module_status(user_id, module.slug)
    if status is not None and status.locked:
        titles = _quoted_titles([title for _slug, title in status.locked_by])
        raise Forbidden(N_("This module unlocks after you complete %(modules)s."), modules=titles)


def _quoted_titles(titles: list[str]) -> str:
    """Titles quoted and listed in the reader's language: 「甲」、「乙」 or “甲”, “乙”."""
    return pgettext("list of titles", ", ").join(_("“%(title)s”", title=t) for t in titles)


def _progress_row(user_id: int, lesson: Lesson) -> LessonProgress:
    row = db.session.scalar(
        select(LessonProgress).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson.id
        )
    )
    if row is None:
        row = LessonProgress(user_id=user_id, lesson_id=lesson.id, last_position=0)
        db.session.add(row)
    return row


def record_visit(user_id: int, lesson: Lesson) -> LessonProgress:
    """Opening a lesson makes it the place to resume from."""
    row = _progress_row(user_id, lesson)
    row.last_visited_at = now_utc()
    db.session.flush()
    return row


def save_position(user_id: int, lesson: Lesson, position) -> int:
    try:
        value = int(position)
    except (TypeError, ValueError) as error:
        raise DomainError(N_("The reading position must be a number from 0 to 100.")) from error
    if not 0 <= value <= 100:
        raise DomainError(N_("The reading position must be a number from 0 to 100."))
    row = _progress_row(user_id, lesson)
    row.last_position = value
    row.last_visited_at = now_utc()
    db.session.flush()
    return value


def mark_done(user_id: int, lesson: Lesson, done: bool = True) -> None:
    ensure_unlocked(user_id, lesson.module)
    row = _progress_row(user_id, lesson)
    newly_done = done and row.completed_at is None
    if newly_done:
        row.completed_at = now_utc()
    elif not done:
        row.completed_at = None
    db.session.flush()
    if newly_done:
        events.notify(
            events.lesson_completed,
            user_id=user_id,
            module_slug=lesson.module.slug,
            lesson_id=lesson.id,
        )


def acknowledge_rules(user_id: int, module: Module, confirmed: bool) -> ConductAcknowledgement:
    """Record who acknowledged which version of the rules, and when. Idempotent per version."""
    version = module.conduct_rules_version
    if not version:
        raise DomainError(N_("This module has no code of conduct to acknowledge."))
    if not confirmed:
        raise DomainError(
            N_("Tick the box to confirm that you have read and will follow the rules.")
        )
    ensure_unlocked(user_id, module)
    existing = results.acknowledgement(user_id, version)
    if existing is not None:
        return existing
    ack = ConductAcknowledgement(user_id=user_id, version=version, acknowledged_at=now_utc())
    db.session.add(ack)
    rules_lesson = next((item for item in module.visible_lessons if item.slug == "rules"), None)
    if rules_lesson is not None:
        row = _progress_row(user_id, rules_lesson)
        row.completed_at = row.completed_at or now_utc()
    db.session.flush()
    events.notify(events.conduct_acknowledged, user_id=user_id, version=version)
    return ack


def neighbours(module: Module, lesson: Lesson, *, author: bool):
    """(previous, next) lesson within the module as the reader sees it."""
    lessons = module.lessons if author else module.visible_lessons
    lessons = [item for item in lessons if not item.archived or item.id == lesson.id]
    index = next((i for i, item in enumerate(lessons) if item.id == lesson.id), None)
    if index is None:
        return None, None
    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    return previous, following


def glossary_links() -> list[GlossaryLink]:
    """Every glossary spelling (term and aliases) with the anchor of its entry."""
    entries = []
    for term in db.session.scalars(select(GlossaryTerm).where(GlossaryTerm.archived.is_(False))):
        href = url_for("courses.glossary") + f"#term-{term.id}"
        for spelling in [term.term, *(term.aliases or [])]:
            if spelling:
                entries.append(GlossaryLink(spelling, href, term.definition))
    return entries


@dataclass
class SearchHit:
    kind: str  # "module", "lesson" or "glossary"
    title: str
    module_slug: str | None
    lesson_slug: str | None
    glossary_id: int | None
    before: str
    match: str
    after: str


def plain_text(markdown_text: str) -> str:
    """Markdown reduced to readable text for snippets."""
    text = re.sub(r"^\s*(#{1,6}|!!!\s*\w+|[-*+]|\d+\.|\|)\s*", "", markdown_text, flags=re.M)
    text = re.sub(r"[*_`>|]|\[(.*?)\]\(.*?\)", lambda m: m.group(1) or "", text)
    return re.sub(r"\s+", " ", text).strip()


def snippet(text: str, query: str) -> tuple[str, str, str]:
    """(before, match, after) around the first case-insensitive occurrence of query."""
    position = text.lower().find(query.lower())
    if position < 0:
        return text[: SNIPPET_RADIUS * 2], "", ""
    start = max(0, position - SNIPPET_RADIUS)
    end = position + len(query)
    before = ("…" if start else "") + text[start:position]
    after = text[end : end + SNIPPET_RADIUS] + ("…" if end + SNIPPET_RADIUS < len(text) else "")
    return before, text[position:end], after


def _like(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(query: str, *, author: bool = False, limit: int = 50) -> list[SearchHit]:
    """Modules, lessons and glossary entries containing query (title first, then body)."""
    query = (query or "").strip()[:100]
    if not query:
        return []
    pattern = _like(query)
    hits: list[SearchHit] = []
    statement = select(Module).where(Module.archived.is_(False))
    if not author:
        statement = statement.where(Module.published.is_(True))
    modules = db.session.scalars(
        statement.where(
            or_(
                Module.title.ilike(pattern, escape="\\"),
                Module.intro.ilike(pattern, escape="\\"),
            )
        ).order_by(Module.order)
    )
    for module in modules:
        text = module.title if query.lower() in module.title.lower() else plain_text(module.intro)
        hits.append(
            SearchHit("module", module.title, module.slug, None, None, *snippet(text, query))
        )
    lessons = db.session.scalars(
        select(Lesson)
        .join(Module)
        .where(Lesson.archived.is_(False), Module.archived.is_(False))
        .where(Lesson.published_body.is_not(None), Module.published.is_(True))
        .where(
            or_(
                Lesson.published_title.ilike(pattern, escape="\\"),
                Lesson.published_body.ilike(pattern, escape="\\"),
            )
        )
        .order_by(Module.order, Lesson.order)
        .limit(limit)
    )
    for lesson in lessons:
        title = lesson.published_title or lesson.title
        text = plain_text(lesson.published_body or "")
        if query.lower() not in text.lower():
            text = title
        hits.append(
            SearchHit(
                "lesson",
                f"{lesson.module.title} · {title}",
                lesson.module.slug,
                lesson.slug,
                None,
                *snippet(text, query),
            )
        )
    hits.extend(
        SearchHit("glossary", term.term, None, None, term.id, *snippet(term.definition, query))
        for term in search_glossary(query)
    )
    return hits


def search_glossary(query: str | None) -> list[GlossaryTerm]:
    """All live glossary terms, or those whose term, English, aliases or definition match."""
    statement = select(GlossaryTerm).where(GlossaryTerm.archived.is_(False))
    query = (query or "").strip()[:100]
    if query:
        pattern = _like(query)
        statement = statement.where(
            or_(
                GlossaryTerm.term.ilike(pattern, escape="\\"),
                GlossaryTerm.english.ilike(pattern, escape="\\"),
                GlossaryTerm.definition.ilike(pattern, escape="\\"),
            )
        )
    terms = list(db.session.scalars(statement.order_by(GlossaryTerm.id)))
    if query:
        # Aliases live in a JSON list; match them in Python rather than per-dialect JSON SQL.
        alias_hits = [
            term
            for term in db.session.scalars(
                select(GlossaryTerm).where(GlossaryTerm.archived.is_(False))
            )
            if term not in terms and any(query.lower() in a.lower() for a in term.aliases or [])
        ]
        terms.extend(alias_hits)
    return terms
