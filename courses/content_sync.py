"""Load courses/content/ (Markdown + YAML front matter) into the database, idempotently.

Precedence between files and the browser editor (also in courses/content/README.md):
- A file is the source of a module or lesson until a trainer edits it in the browser; from then on
  it is "locally modified" and sync never overwrites it. If the file changes afterwards, sync
  reports the lesson as diverged and the editor shows a warning; the trainer may reset it to the
  file version.
- Lessons and modules whose file disappeared are archived, never deleted: learner progress stays.
- Lessons created in the browser have no file and are left alone by sync.

The files are read (and refused when malformed) by courses.content_files; this module applies them.
"""

from pathlib import Path

from sqlalchemy import select

from core.clock import now_utc
from core.content_sync import SyncReport
from core.extensions import db
from courses.content_files import ParsedFile, content_dir, read_tree
from courses.glossary import sync_glossary
from courses.models import Lesson, LessonRevision, Module


def add_revision(lesson: Lesson, source: str, note: str = "", author_id=None) -> LessonRevision:
    number = max((r.number for r in lesson.revisions), default=0) + 1
    revision = LessonRevision(
        number=number,
        title=lesson.title,
        body=lesson.body,
        source=source,
        note=note,
        author_id=author_id,
    )
    lesson.revisions.append(revision)
    return revision


def apply_lesson_file(lesson: Lesson, parsed: ParsedFile, source: str = "file") -> None:
    """Make the lesson exactly what its file says, published, with a revision recording it."""
    lesson.slug = parsed.meta["slug"]
    if not lesson.order_from_browser:
        lesson.order = int(parsed.meta["order"])
    lesson.title = parsed.meta["title"].strip()
    lesson.body = parsed.body
    lesson.source_path = parsed.path
    lesson.source_hash = lesson.file_hash = parsed.digest
    lesson.locally_modified = False
    lesson.archived = False
    if lesson.published_title != lesson.title or lesson.published_body != lesson.body:
        lesson.published_at = now_utc()
    lesson.published_title, lesson.published_body = lesson.title, lesson.body
    add_revision(lesson, source, note=parsed.path)


def _apply_module(module: Module, parsed: ParsedFile) -> None:
    meta = parsed.meta
    module.title = meta["title"].strip()
    if not module.order_from_browser:
        module.order = int(meta["order"])
    module.intro = parsed.body
    module.objectives = [str(o) for o in meta.get("objectives") or []]
    module.estimated_minutes = int(meta.get("estimated_minutes") or 30)
    module.prerequisites = [str(p) for p in meta.get("prerequisites") or []]
    module.conduct_rules_version = (
        str(meta["conduct_rules_version"]) if meta.get("conduct_rules_version") else None
    )
    module.published = True
    module.archived = False
    module.source_path = parsed.path
    module.source_hash = module.file_hash = parsed.digest


def _sync_module(parsed: ParsedFile, module: Module | None, report: SyncReport) -> Module:
    slug = parsed.meta["slug"]
    if module is None:
        module = Module(slug=slug, lessons=[])
        _apply_module(module, parsed)
        db.session.add(module)
        report.created.append(slug)
        return module
    module.file_hash = parsed.digest
    if module.locally_modified:
        report.kept_local.append(slug)
        if module.diverged_from_file:
            report.diverged.append(slug)
    elif module.source_hash != parsed.digest or module.archived:
        _apply_module(module, parsed)
        report.updated.append(slug)
    else:
        report.unchanged.append(slug)
    return module


def _sync_lessons(module: Module, files: list[ParsedFile], report: SyncReport) -> None:
    by_slug = {lesson.slug: lesson for lesson in module.lessons}
    seen = set()
    for parsed in files:
        slug = parsed.meta["slug"]
        seen.add(slug)
        name = f"{module.slug}/{slug}"
        lesson = by_slug.get(slug)
        if lesson is None:
            lesson = Lesson(slug=slug, title=parsed.meta["title"], revisions=[])
            module.lessons.append(lesson)
            apply_lesson_file(lesson, parsed)
            report.created.append(name)
            continue
        lesson.file_hash = parsed.digest
        if lesson.locally_modified:
            report.kept_local.append(name)
            if lesson.diverged_from_file:
                report.diverged.append(name)
        elif lesson.source_hash != parsed.digest or lesson.archived:
            apply_lesson_file(lesson, parsed)
            report.updated.append(name)
        else:
            report.unchanged.append(name)
    for lesson in module.lessons:
        # Only lessons that came from a file are archived when it goes; browser-made ones stay.
        if lesson.slug not in seen and lesson.source_path and not lesson.archived:
            lesson.archived = True
            report.archived.append(f"{module.slug}/{lesson.slug}")


def sync_content(root: Path | None = None) -> SyncReport:
    """Bring the database in line with the content files; safe to run any number of times."""
    root = root or content_dir()
    tree = read_tree(root)
    report = SyncReport()
    modules = {m.slug: m for m in db.session.scalars(select(Module))}
    seen = set()
    for parsed, lesson_files in tree:
        module = _sync_module(parsed, modules.get(parsed.meta["slug"]), report)
        seen.add(module.slug)
        _sync_lessons(module, lesson_files, report)
    for slug, module in modules.items():
        if slug not in seen and module.source_path and not module.archived:
            module.archived = True
            report.archived.append(slug)
    sync_glossary(root, report)
    db.session.flush()
    return report
