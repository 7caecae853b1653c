"""Trainer editing: drafts vs published, preview, history with diff, restore, reset, hostile text."""

import pytest
from sqlalchemy import select

from core.extensions import db
from courses import results
from courses.content_sync import sync_content
from courses.models import Lesson, Module
from courses.services import mark_done
from tests.courses.factories import make_module, write_tree

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<div onclick="steal()">hi</div>',
    "<iframe src='https://evil.example'></iframe>",
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=p></form>',
]
BAD = ("<script", "onerror", "javascript:", "onclick", "<iframe", "onload", "<style", "<form")


def _lesson(lesson_id):
    db.session.expire_all()
    return db.session.get(Lesson, lesson_id)


def test_draft_save_keeps_learners_on_the_published_version(login_as, client):
    module = make_module(lessons=1)
    lesson_id = module.lessons[0].id
    login_as("trainer")
    response = client.post(
        f"/courses/lessons/{lesson_id}/edit",
        data={"title": "新标题", "body": "## 新内容\n", "action": "save"},
    )
    assert response.status_code == 302
    lesson = _lesson(lesson_id)
    assert lesson.title == "新标题" and lesson.published_title == "第1课"
    assert lesson.has_unpublished_changes
    page = client.get(f"/courses/lessons/{lesson_id}/edit").get_data(as_text=True)
    assert "有未发布的修改" in page and "草稿已保存" in page

    client.post(
        f"/courses/lessons/{lesson_id}/edit",
        data={"title": "新标题", "body": "## 新内容\n", "action": "publish"},
    )
    lesson = _lesson(lesson_id)
    assert lesson.published_title == "新标题" and not lesson.has_unpublished_changes
    assert len(lesson.revisions) == 2  # publishing unchanged text adds no revision


def test_empty_title_is_refused_and_the_text_is_kept(login_as, client):
    module = make_module(lessons=1)
    login_as("trainer")
    response = client.post(
        f"/courses/lessons/{module.lessons[0].id}/edit",
        data={"title": "  ", "body": "辛苦写的正文", "action": "save"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "请填写标题" in page and "辛苦写的正文" in page


def test_preview_uses_the_lesson_pipeline_and_sanitizes(login_as, client):
    login_as("trainer")
    response = client.post(
        "/courses/preview",
        json={"markdown": "## 标题\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x()</script>"},
    )
    html = response.json["html"]
    assert "<table>" in html and "<h2" in html and "<script" not in html
    assert client.post("/courses/preview", data="nope").status_code == 400


def test_trainee_cannot_edit_or_preview(login_as, client):
    module = make_module(lessons=1)
    login_as("trainee")
    assert client.get(f"/courses/lessons/{module.lessons[0].id}/edit").status_code == 403
    assert client.post("/courses/preview", json={"markdown": "x"}).status_code == 403


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markdown_saved_through_the_editor_is_neutralised(login_as, client, hostile):
    module = make_module(lessons=1)
    lesson_id = module.lessons[0].id
    login_as("trainer")
    body = f"## 正文\n\n{hostile}\n\n受托支付\n"
    client.post(
        f"/courses/lessons/{lesson_id}/edit",
        data={"title": "恶意内容", "body": body, "action": "publish"},
    )
    assert _lesson(lesson_id).published_body == body.replace("\r\n", "\n")
    client.post("/logout")
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}/l1").get_data(as_text=True)
    article = page.split('id="lesson"')[1].split("</article>")[0].lower()
    for bad in BAD:
        assert bad not in article
    preview = client.post("/courses/preview", json={"markdown": body})
    assert preview.status_code == 403


def test_hostile_title_is_escaped(login_as, client):
    module = make_module(lessons=1)
    login_as("trainer")
    client.post(
        f"/courses/lessons/{module.lessons[0].id}/edit",
        data={"title": "<script>alert(1)</script>", "body": "x", "action": "publish"},
    )
    page = client.get(f"/courses/m/{module.slug}/l1").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_history_diff_and_restore(login_as, client):
    module = make_module(lessons=1)
    lesson_id = module.lessons[0].id
    login_as("trainer")
    for text in ("第二版 <b>粗</b>\n", "第三版\n"):
        client.post(
            f"/courses/lessons/{lesson_id}/edit",
            data={"title": "第1课", "body": text, "action": "publish"},
        )
    history = client.get(f"/courses/lessons/{lesson_id}/history").get_data(as_text=True)
    assert 'data-revision="3"' in history and 'data-revision="1"' in history
    diff = client.get(f"/courses/lessons/{lesson_id}/revisions/2").get_data(as_text=True)
    assert "第二版" in diff and "第三版" in diff
    assert "&lt;b&gt;粗&lt;/b&gt;" in diff and "<b>粗</b>" not in diff  # diff text is escaped
    response = client.post(f"/courses/lessons/{lesson_id}/revisions/2/restore")
    assert response.status_code == 302
    lesson = _lesson(lesson_id)
    assert lesson.body == "第二版 <b>粗</b>\n" and lesson.published_body == "第三版\n"
    assert len(lesson.revisions) == 4
    assert client.post(f"/courses/lessons/{lesson_id}/revisions/4/restore").status_code == 422
    assert client.get(f"/courses/lessons/{lesson_id}/revisions/99").status_code == 404


def test_diverged_lesson_shows_warning_and_resets_to_file(
    app, login_as, client, tmp_path, monkeypatch
):
    root = write_tree(tmp_path)
    sync_content(root)
    db.session.commit()
    monkeypatch.setitem(app.config, "COURSES_CONTENT_DIR", str(root))
    lesson_id = db.session.scalar(select(Lesson.id).where(Lesson.slug == "first"))
    login_as("trainer")
    client.post(
        f"/courses/lessons/{lesson_id}/edit",
        data={"title": "网页版", "body": "网页正文\n", "action": "publish"},
    )
    page = client.get(f"/courses/lessons/{lesson_id}/edit").get_data(as_text=True)
    assert "已在网页中修改" in page
    write_tree(root, extra_body="文件新句。")
    sync_content(root)
    db.session.commit()
    page = client.get(f"/courses/lessons/{lesson_id}/edit").get_data(as_text=True)
    assert "与文件不一致" in page and "恢复为文件版本" in page
    assert "与文件不一致" in client.get("/courses/m/basics").get_data(as_text=True)
    client.post(f"/courses/lessons/{lesson_id}/reset")
    lesson = _lesson(lesson_id)
    assert "文件新句" in lesson.published_body and not lesson.locally_modified


def test_trainer_creates_a_module_and_a_lesson(login_as, client):
    make_module(slug="basics", lessons=1)
    login_as("trainer")
    response = client.post(
        "/courses/modules/new",
        data={
            "slug": "new-module",
            "title": "新模块",
            "order": "10",
            "estimated_minutes": "25",
            "objectives": "能做A\n能做B\n",
            "prerequisites": ["basics"],
        },
    )
    assert response.status_code == 302
    module = db.session.scalar(select(Module).where(Module.slug == "new-module"))
    assert module.objectives == ["能做A", "能做B"] and module.prerequisites == ["basics"]
    assert not module.published
    response = client.post(
        "/courses/m/new-module/lessons/new",
        data={"slug": "first", "title": "第一课", "body": "## 开始\n", "action": "save"},
    )
    assert response.status_code == 302
    lesson = db.session.scalar(select(Lesson).where(Lesson.module_id == module.id))
    assert lesson.title == "第一课" and not lesson.is_published
    duplicate = client.post(
        "/courses/m/new-module/lessons/new",
        data={"slug": "first", "title": "重复", "body": "", "action": "save"},
    )
    # A domain error answers with its own status (409 Conflict), the message and the form.
    assert duplicate.status_code == 409 and "已有短名称为 first" in duplicate.get_data(as_text=True)
    bad = client.post("/courses/modules/new", data={"slug": "Bad Slug", "title": ""})
    assert bad.status_code == 400 and "请使用小写字母" in bad.get_data(as_text=True)


def test_editing_a_file_module_marks_it_locally_modified(login_as, client, tmp_path):
    sync_content(write_tree(tmp_path))
    db.session.commit()
    login_as("trainer")
    client.post(
        "/courses/m/basics/edit",
        data={
            "slug": "basics",
            "title": "基础（改）",
            "order": "1",
            "estimated_minutes": "20",
            "published": "y",
        },
    )
    db.session.expire_all()
    module = db.session.scalar(select(Module).where(Module.slug == "basics"))
    assert module.title == "基础（改）" and module.locally_modified
    report = sync_content(tmp_path)
    assert "basics" in report.kept_local
    assert module.title == "基础（改）"


def test_a_stale_editor_cannot_overwrite_someone_elses_save(login_as, client):
    module = make_module(lessons=1)
    lesson_id = module.lessons[0].id
    login_as("trainer")
    page = client.get(f"/courses/lessons/{lesson_id}/edit").get_data(as_text=True)
    assert 'name="base_revision" type="hidden" value="1"' in page
    client.post(
        f"/courses/lessons/{lesson_id}/edit",
        data={"title": "同事的版本", "body": "同事\n", "action": "save", "base_revision": "1"},
    )
    response = client.post(
        f"/courses/lessons/{lesson_id}/edit",
        data={"title": "我的版本", "body": "我写的长文\n", "action": "save", "base_revision": "1"},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "有人保存了本课程" in page and "我写的长文" in page
    assert 'value="2"' in page
    assert _lesson(lesson_id).title == "同事的版本"


def test_prerequisites_cannot_form_a_circle(login_as, client):
    make_module(slug="a-mod", lessons=1)
    make_module(slug="b-mod", lessons=1, prerequisites=["a-mod"])
    login_as("trainer")
    response = client.post(
        "/courses/m/a-mod/edit",
        data={"title": "A", "order": "1", "estimated_minutes": "20", "prerequisites": ["b-mod"]},
    )
    assert response.status_code == 422
    assert "循环" in response.get_data(as_text=True)


def test_withdrawn_lesson_disappears_for_learners_but_keeps_progress(login_as, client, make_user):
    module = make_module(lessons=2)
    lesson_id = module.lessons[1].id
    trainee = make_user(roles={"trainee"})
    mark_done(trainee.id, module.lessons[1])
    db.session.commit()
    login_as("trainer")
    client.post(f"/courses/lessons/{lesson_id}/withdraw")
    lesson = _lesson(lesson_id)
    assert not lesson.is_published
    assert client.post(f"/courses/lessons/{lesson_id}/withdraw").status_code == 422
    status = results.module_status(trainee.id, module.slug)
    assert (status.done, status.total) == (0, 1)
    client.post(f"/courses/lessons/{lesson_id}/publish")
    db.session.expire_all()
    assert results.module_status(trainee.id, module.slug).done == 1
