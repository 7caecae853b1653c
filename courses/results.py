"""Small read functions about learning that other areas (quizzes, assessment) may call.

Completion hook: `app.extensions["module_completion_checks"]` holds callables
`(user_id, module_slug) -> bool | None`. None means "no requirement of mine for this module";
False blocks completion (e.g. the module quiz is not passed yet). A module is complete when every
visible lesson is done and no check returns False.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.clock import as_utc
from core.extensions import db
from core.models import User, UserRole
from core.permissions import ROLE_PERMISSIONS
from courses.content_files import content_dir, read_tree
from courses.models import ConductAcknowledgement, Lesson, LessonProgress, Module


@dataclass
class ModuleStatus:
    slug: str
    title: str
    order: int
    estimated_minutes: int
    total: int
    done: int
    lessons_done: bool
    completed: bool
    locked_by: list[tuple[str, str]] = field(default_factory=list)  # (slug, title) still to finish
    minutes_left: int = 0
    next_lesson_slug: str | None = None
    next_lesson_title: str | None = None
    requirements_pending: bool = False  # lessons done, but a completion check says not yet

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def locked(self) -> bool:
        return bool(self.locked_by)


def visible_modules() -> list[Module]:
    """Published, non-archived modules with their lessons, in course order."""
    return list(
        db.session.scalars(
            select(Module)
            .where(Module.published.is_(True), Module.archived.is_(False))
            .options(selectinload(Module.lessons))
            .order_by(Module.order, Module.id)
        )
    )


def progress_by_lesson(user_id: int) -> dict[int, LessonProgress]:
    rows = db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == user_id))
    return {row.lesson_id: row for row in rows}


def _checks_pass(user_id: int, slug: str) -> bool:
    checks = current_app.extensions.get("module_completion_checks", [])
    return all(check(user_id, slug) is not False for check in checks)


def _status(module: Module, progress: dict[int, LessonProgress], user_id: int) -> ModuleStatus:
    lessons = module.visible_lessons
    done = [lesson for lesson in lessons if _is_done(progress.get(lesson.id))]
    lessons_done = bool(lessons) and len(done) == len(lessons)
    checks_ok = _checks_pass(user_id, module.slug) if lessons_done else False
    status = ModuleStatus(
        slug=module.slug,
        title=module.title,
        order=module.order,
        estimated_minutes=module.estimated_minutes,
        total=len(lessons),
        done=len(done),
        lessons_done=lessons_done,
        completed=lessons_done and checks_ok,
        requirements_pending=lessons_done and not checks_ok,
    )
    if lessons:
        left = module.estimated_minutes * (len(lessons) - len(done)) / len(lessons)
        status.minutes_left = int(round(left))
    following = resume_lesson(lessons, progress)
    if following is not None:
        status.next_lesson_slug, status.next_lesson_title = following.slug, following.title
    return status


def _is_done(row: LessonProgress | None) -> bool:
    return row is not None and row.completed_at is not None


def resume_lesson(lessons: list[Lesson], progress: dict[int, LessonProgress]) -> Lesson | None:
    """Where to continue: the most recently read unfinished lesson, else the first unfinished."""
    unfinished = [lesson for lesson in lessons if not _is_done(progress.get(lesson.id))]
    if not unfinished:
        return None
    visited = [lesson for lesson in unfinished if lesson.id in progress]
    if visited:
        return max(visited, key=lambda lesson: _visit_time(progress[lesson.id]))
    return unfinished[0]


def _visit_time(row: LessonProgress) -> datetime:
    return as_utc(row.last_visited_at)


def module_progress(user_id: int) -> list[ModuleStatus]:
    """Every visible module with this user's progress, lock and completion, in course order."""
    modules = visible_modules()
    progress = progress_by_lesson(user_id)
    statuses = [_status(module, progress, user_id) for module in modules]
    by_slug = {s.slug: s for s in statuses}
    for module, status in zip(modules, statuses, strict=True):
        for prerequisite in module.prerequisites or []:
            needed = by_slug.get(prerequisite)
            # Unknown, archived or empty prerequisites cannot be met, so they do not block.
            if needed is not None and needed.total and not needed.completed:
                status.locked_by.append((needed.slug, needed.title))
    return statuses


def module_status(user_id: int, slug: str) -> ModuleStatus | None:
    return next((s for s in module_progress(user_id) if s.slug == slug), None)


def module_completed(user_id: int, slug: str) -> bool:
    status = module_status(user_id, slug)
    return status is not None and status.completed


def conduct_module() -> Module | None:
    """The module holding the code of conduct (the one with a rules version)."""
    return db.session.scalar(
        select(Module)
        .where(Module.conduct_rules_version.is_not(None), Module.archived.is_(False))
        .order_by(Module.order)
        .limit(1)
    )


def current_conduct_rules_version() -> str | None:
    module = conduct_module()
    return module.conduct_rules_version if module else None


def acknowledgement(user_id: int, version: str | None) -> ConductAcknowledgement | None:
    if not version:
        return None
    return db.session.scalar(
        select(ConductAcknowledgement).where(
            ConductAcknowledgement.user_id == user_id, ConductAcknowledgement.version == version
        )
    )


def has_acknowledged_current_rules(user_id: int) -> bool:
    """True when the user acknowledged the current version (or no rules are published)."""
    version = current_conduct_rules_version()
    return version is None or acknowledgement(user_id, version) is not None


def conduct_rules_check(user_id: int, module_slug: str) -> bool | None:
    """Completion check: the conduct module also needs the current rules acknowledged."""
    module = conduct_module()
    if module is None or module.slug != module_slug:
        return None
    return has_acknowledged_current_rules(user_id)


def learner_roles() -> list[str]:
    return [role for role, granted in ROLE_PERMISSIONS.items() if "learning.track" in granted]


def conduct_report() -> tuple[str | None, list[User], list[ConductAcknowledgement]]:
    """(current version, active learners who have not acknowledged it, acknowledgements of it)."""
    version = current_conduct_rules_version()
    learners = list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role.in_(learner_roles()), User.active.is_(True))
            .distinct()
            .order_by(User.username)
        )
    )
    if version is None:
        return None, [], []
    acks = list(
        db.session.scalars(
            select(ConductAcknowledgement)
            .where(ConductAcknowledgement.version == version)
            .order_by(ConductAcknowledgement.acknowledged_at)
        )
    )
    done = {ack.user_id for ack in acks}
    return version, [u for u in learners if u.id not in done], acks


def earlier_acknowledgements(user_ids: list[int]) -> dict[int, ConductAcknowledgement]:
    """Each user's most recent acknowledgement of any version (to tell "never" from "outdated")."""
    latest: dict[int, ConductAcknowledgement] = {}
    if not user_ids:
        return latest
    rows = db.session.scalars(
        select(ConductAcknowledgement)
        .where(ConductAcknowledgement.user_id.in_(user_ids))
        .order_by(ConductAcknowledgement.acknowledged_at)
    )
    for row in rows:
        latest[row.user_id] = row
    return latest


def module_titles() -> dict[str, str]:
    """Slug → title of every course module in course order: how other areas label modules.

    Reads the database; before the first `courses sync` it reads the shipped content files, so
    demo loaders and tests of other areas see the same titles either way.
    """
    rows = db.session.execute(
        select(Module.slug, Module.title)
        .where(Module.archived.is_(False))
        .order_by(Module.order, Module.id)
    ).all()
    if rows:
        return dict(rows)
    return {
        parsed.meta["slug"]: parsed.meta["title"] for parsed, _lessons in read_tree(content_dir())
    }
