"""`courses sync`: idempotent, updates changed files, archives removed lessons, keeps progress."""

import pytest
from sqlalchemy import func, select

from core.extensions import db
from courses import authoring
from courses.content_files import DEFAULT_CONTENT_DIR, ContentError
from courses.content_sync import sync_content
from courses.models import GlossaryTerm, Lesson, LessonProgress, LessonRevision, Module
from courses.services import mark_done
from tests.courses.factories import write_tree


def _lesson(slug):
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_sync_loads_modules_lessons_and_glossary(tmp_path):
    report = sync_content(write_tree(tmp_path))
    assert len(report.created) == 5  # module, two lessons, two glossary terms
    module = db.session.scalar(select(Module).where(Module.slug == "basics"))
    assert [lesson.title for lesson in module.visible_lessons] == ["课01", "课02"]
    assert module.objectives == ["能说明基础"]
    assert _count(GlossaryTerm) == 2


def test_second_sync_changes_nothing(tmp_path):
    root = write_tree(tmp_path)
    sync_content(root)
    revisions = _count(LessonRevision)
    report = sync_content(root)
    assert report.created == report.updated == report.archived == []
    assert len(report.unchanged) == 5
    assert _count(LessonRevision) == revisions


def test_changed_file_updates_lesson_and_keeps_progress(tmp_path, make_user):
    root = write_tree(tmp_path)
    sync_content(root)
    trainee = make_user(roles={"trainee"})
    mark_done(trainee.id, _lesson("first"))
    write_tree(root, extra_body="新增一句。")
    report = sync_content(root)
    assert "basics/first" in report.updated
    lesson = _lesson("first")
    assert "新增一句" in lesson.published_body
    assert max(lesson.revisions, key=lambda r: r.number).source == "file"
    progress = db.session.scalar(select(LessonProgress).where(LessonProgress.user_id == trainee.id))
    assert progress.completed_at is not None


def test_removed_lesson_is_archived_not_deleted_and_comes_back(tmp_path, make_user):
    root = write_tree(tmp_path)
    sync_content(root)
    trainee = make_user(roles={"trainee"})
    mark_done(trainee.id, _lesson("second"))
    write_tree(root, lessons=("01-first",))
    report = sync_content(root)
    assert report.archived == ["basics/second"]
    lesson = _lesson("second")
    assert lesson.archived
    assert lesson not in lesson.module.visible_lessons
    assert _count(LessonProgress) == 1
    write_tree(root)
    sync_content(root)
    assert not _lesson("second").archived


def test_browser_edit_wins_over_file_until_reset(tmp_path, make_user):
    root = write_tree(tmp_path)
    sync_content(root)
    trainer = make_user(roles={"trainer"})
    lesson = _lesson("first")
    authoring.save_lesson(lesson, "网页改过的标题", "## 网页正文\n", trainer.id, publish=True)
    assert lesson.locally_modified and not lesson.diverged_from_file

    report = sync_content(root)  # file unchanged: kept, no divergence
    assert report.kept_local == ["basics/first"] and report.diverged == []
    write_tree(root, extra_body="文件也改了。")
    report = sync_content(root)
    assert report.diverged == ["basics/first"]
    assert "diverged from file: basics/first" in report.summary()
    lesson = _lesson("first")
    assert lesson.published_title == "网页改过的标题"
    assert lesson.diverged_from_file

    authoring.reset_to_file(lesson, root)
    assert lesson.published_title == "课01" and "文件也改了" in lesson.published_body
    assert not lesson.locally_modified
    assert max(lesson.revisions, key=lambda r: r.number).source == "reset"
    assert any(r.title == "网页改过的标题" for r in lesson.revisions)  # the edit stays in history


def test_malformed_file_is_refused_with_its_name_and_changes_nothing(tmp_path):
    root = write_tree(tmp_path)
    (root / "01-basics" / "03-bad.md").write_text("no front matter", encoding="utf-8")
    with pytest.raises(ContentError, match="01-basics/03-bad.md"):
        sync_content(root)
    assert _count(Module) == 0


def test_file_name_must_agree_with_front_matter(tmp_path):
    root = write_tree(tmp_path)
    (root / "01-basics" / "03-third.md").write_text(
        "---\nslug: other\ntitle: 错\norder: 3\n---\n正文\n", encoding="utf-8"
    )
    with pytest.raises(ContentError, match="03-other"):
        sync_content(root)


def test_shipped_content_loads_and_is_idempotent(app):
    report = sync_content()
    modules = db.session.scalars(select(Module).order_by(Module.order)).all()
    assert len(modules) == 9
    lesson_files = list(DEFAULT_CONTENT_DIR.glob("*/[0-9][0-9]-*.md"))
    assert len(lesson_files) >= 32
    assert sum(len(m.visible_lessons) for m in modules) == len(lesson_files)
    assert modules[0].title.startswith("贷后管理")
    conduct = next(m for m in modules if m.slug == "conduct")
    assert conduct.conduct_rules_version
    assert report.summary().startswith(f"{len(report.created)} created")
    again = sync_content()
    assert again.created == again.updated == again.archived == []


def test_sync_command_prints_a_summary_and_divergence(app, tmp_path, make_user):
    root = write_tree(tmp_path)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["courses", "sync", "--content-dir", str(root)])
    assert result.exit_code == 0, result.output
    assert "5 created" in result.output
    trainer = make_user(roles={"trainer"})
    authoring.save_lesson(_lesson("first"), "改", "改\n", trainer.id, publish=False)
    db.session.commit()
    write_tree(root, extra_body="又改")
    result = runner.invoke(args=["courses", "sync", "--content-dir", str(root)])
    assert "warning: basics/first" in result.output
    assert "1 diverged" in result.output
