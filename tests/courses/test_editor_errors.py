"""A refused edit answers with its message where the trainer looks, its status, the typed text
kept, and nothing written (core.actions.on_domain_error in the courses views)."""

import re

from sqlalchemy import func, select

from core.extensions import db
from courses.content_sync import sync_content
from courses.models import GlossaryTerm, Lesson, LessonRevision, Module
from tests.courses.factories import make_module, write_tree


def _field_html(page: str, name: str) -> str:
    """The markup of the form field called name: its label, input and error messages."""
    start = page.rindex('<div class="field', 0, page.index(f'name="{name}"'))
    following = page.find('<div class="field', start + 1)
    return page[start : following if following != -1 else len(page)]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_duplicate_module_slug_is_shown_under_the_slug_field_and_nothing_is_written(
    login_as, client
):
    make_module(slug="basics", title="基础", lessons=1)
    before = _count(Module)
    login_as("trainer")
    response = client.post(
        "/courses/modules/new",
        data={"slug": "basics", "title": "另一个基础", "order": "5", "estimated_minutes": "30"},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    slug_field = _field_html(page, "slug")
    assert "has-error" in slug_field and "短名称为 basics 的模块已存在" in slug_field
    assert "已存在" not in _field_html(page, "title")
    assert 'value="另一个基础"' in page  # what the trainer typed is still there
    db.session.expire_all()
    assert _count(Module) == before
    assert db.session.scalar(select(Module.title).where(Module.slug == "basics")) == "基础"


def test_a_circle_of_prerequisites_is_shown_under_the_prerequisites(login_as, client):
    make_module(slug="a-mod", title="甲", lessons=1)
    make_module(slug="b-mod", lessons=1, prerequisites=["a-mod"])
    login_as("trainer")
    response = client.post(
        "/courses/m/a-mod/edit",
        data={
            "title": "甲（改）",
            "order": "1",
            "estimated_minutes": "20",
            "prerequisites": ["b-mod"],
        },
    )
    assert response.status_code == 422
    assert "循环" in _field_html(response.get_data(as_text=True), "prerequisites")
    db.session.expire_all()
    module = db.session.scalar(select(Module).where(Module.slug == "a-mod"))
    assert module.title == "甲" and module.prerequisites == []


def test_an_unknown_editor_button_is_refused_and_saves_nothing(login_as, client):
    module = make_module(lessons=1)
    lesson_id = module.lessons[0].id
    revisions = _count(LessonRevision)
    login_as("trainer")
    response = client.post(
        f"/courses/lessons/{lesson_id}/edit",
        data={"title": "新标题", "body": "新正文\n", "action": "delete-everything"},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Lesson, lesson_id).title == "第1课"
    assert _count(LessonRevision) == revisions


def test_previewing_a_new_lesson_renders_it_and_writes_nothing(login_as, client):
    module = make_module(lessons=1)
    login_as("trainer")
    response = client.post(
        f"/courses/m/{module.slug}/lessons/new",
        data={"slug": "draft", "title": "草稿", "body": "## 预览标题\n", "action": "preview"},
    )
    assert response.status_code == 200
    assert re.search(r"<h2[^>]*>预览标题</h2>", response.get_data(as_text=True))
    db.session.expire_all()
    assert not any(lesson.slug == "draft" for lesson in db.session.get(Module, module.id).lessons)


def test_glossary_clashes_show_under_the_field_they_concern(tmp_path, login_as, client):
    sync_content(write_tree(tmp_path))
    db.session.commit()
    terms = _count(GlossaryTerm)
    login_as("trainer")
    response = client.post(
        "/courses/glossary/new", data={"term": "新术语", "definition": "x", "aliases": "挪用"}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "「挪用」已链接到术语「挪用」" in _field_html(page, "aliases")
    assert "已链接" not in _field_html(page, "term")
    response = client.post("/courses/glossary/new", data={"term": "受托支付", "definition": "x"})
    page = response.get_data(as_text=True)
    assert "术语「受托支付」已存在" in _field_html(page, "term")
    assert "已存在" not in _field_html(page, "aliases")
    assert _count(GlossaryTerm) == terms


def test_the_locked_module_message_speaks_the_readers_language(login_as, client):
    make_module(slug="basics", title="基础模块", lessons=1)
    advanced = make_module(slug="advanced", lessons=1, prerequisites=["basics"])
    login_as("trainee")
    lesson_id = advanced.lessons[0].id
    chinese = client.post(f"/courses/lessons/{lesson_id}/done").get_data(as_text=True)
    assert "完成「基础模块」后才能学习本模块" in chinese
    client.get("/courses/?lang=en")
    english = client.post(f"/courses/lessons/{lesson_id}/done").get_data(as_text=True)
    assert "This module unlocks after you complete “基础模块”." in english
    assert "「基础模块」" not in english
