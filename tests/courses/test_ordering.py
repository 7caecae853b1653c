"""Trainers reorder lessons within a module and modules in the catalogue with small POST forms."""

import re

from sqlalchemy import select

from core.extensions import db
from courses import ordering, results
from courses.content_sync import sync_content
from courses.models import Lesson, Module
from tests.courses.factories import make_module, write_tree


def _titles(module_id):
    db.session.expire_all()
    module = db.session.get(Module, module_id)
    return [lesson.title for lesson in sorted(module.lessons, key=lambda x: (x.order, x.id))]


def _catalogue_slugs(client):
    page = client.get("/courses/").get_data(as_text=True)
    return re.findall(r'data-module="([^"]+)"', page)


def test_trainer_moves_a_lesson_down_and_learners_see_the_new_order(login_as, client):
    module = make_module(lessons=3)
    module_id, first_id = module.id, module.lessons[0].id
    login_as("trainer")
    page = client.get(f"/courses/m/{module.slug}").get_data(as_text=True)
    assert "上移「第1课」" in page and "下移「第3课」" in page
    response = client.post(f"/courses/lessons/{first_id}/move", data={"direction": "down"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#lesson-{first_id}")
    assert _titles(module_id) == ["第2课", "第1课", "第3课"]
    page = client.get(f"/courses/m/{module.slug}", follow_redirects=True).get_data(as_text=True)
    assert "「第1课」现在是第 2 课" in page

    client.post("/logout")
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}").get_data(as_text=True)
    assert "编辑" not in page
    assert page.index("第2课") < page.index("第1课") < page.index("第3课")
    # Previous/next follow the new order too.
    lesson = client.get(f"/courses/m/{module.slug}/l1").get_data(as_text=True)
    assert "第2课" in lesson and "第3课" in lesson


def test_moving_the_first_lesson_up_says_so_and_changes_nothing(login_as, client):
    module = make_module(lessons=2)
    module_id, first_id = module.id, module.lessons[0].id
    login_as("trainer")
    response = client.post(
        f"/courses/lessons/{first_id}/move", data={"direction": "up"}, follow_redirects=True
    )
    assert "已经在最前面" in response.get_data(as_text=True)
    assert _titles(module_id) == ["第1课", "第2课"]
    response = client.post(
        f"/courses/lessons/{first_id}/move", data={"direction": "sideways"}, follow_redirects=True
    )
    assert "请选择上移或下移" in response.get_data(as_text=True)


def test_archived_lessons_are_skipped_when_moving(db_session):
    module = make_module(lessons=3)
    module.lessons[1].archived = True
    ordering.move_lesson(module.lessons[2], "up")
    assert [item.title for item in sorted(module.lessons, key=lambda x: x.order)] == [
        "第3课",
        "第1课",
        "第2课",
    ]


def test_trainer_moves_a_module_and_prerequisites_stay(login_as, client, make_user):
    make_module(slug="aaa", order=1)
    make_module(slug="bbb", order=2, prerequisites=["aaa"])
    login_as("trainer")
    assert _catalogue_slugs(client)[:2] == ["aaa", "bbb"]
    response = client.post("/courses/m/bbb/move", data={"direction": "up"})
    assert response.headers["Location"].endswith("#module-bbb")
    assert _catalogue_slugs(client)[:2] == ["bbb", "aaa"]
    db.session.expire_all()
    moved = db.session.scalar(select(Module).where(Module.slug == "bbb"))
    assert moved.order == 1 and moved.prerequisites == ["aaa"]
    trainee = make_user(roles={"trainee"})
    assert [slug for slug, _title in results.module_status(trainee.id, "bbb").locked_by] == ["aaa"]


def test_sync_keeps_the_browser_order_but_still_updates_text(tmp_path):
    root = write_tree(tmp_path)
    sync_content(root)
    second = db.session.scalar(select(Lesson).where(Lesson.slug == "second"))
    ordering.move_lesson(second, "up")
    db.session.commit()
    write_tree(root, extra_body="文件更新。")
    report = sync_content(root)
    assert "basics/second" in report.updated and report.kept_local == []
    module = db.session.scalar(select(Module).where(Module.slug == "basics"))
    assert [lesson.slug for lesson in sorted(module.lessons, key=lambda x: x.order)] == [
        "second",
        "first",
    ]
    assert "文件更新" in second.published_body


def test_only_authors_may_reorder(login_as, client):
    module = make_module(lessons=2)
    login_as("trainee")
    assert "上移" not in client.get(f"/courses/m/{module.slug}").get_data(as_text=True)
    lesson_id = module.lessons[1].id
    assert (
        client.post(f"/courses/lessons/{lesson_id}/move", data={"direction": "up"}).status_code
        == 403
    )
    assert (
        client.post(f"/courses/m/{module.slug}/move", data={"direction": "up"}).status_code == 403
    )
