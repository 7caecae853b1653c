"""What a trainee sees and does: catalogue, progress, prerequisites, resume, conduct rules."""

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from core import clock
from core.extensions import db
from courses import results
from courses.models import ConductAcknowledgement, LessonProgress
from tests.courses.factories import make_module


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_catalogue_shows_modules_with_progress(login_as, client):
    module = make_module(title="贷后管理概论", lessons=4)
    trainee = login_as("trainee")
    page = _page(client, "/courses/")
    assert "贷后管理概论" in page and "0 / 4" in page
    client.post(f"/courses/lessons/{module.lessons[0].id}/done")
    page = _page(client, "/courses/")
    assert "1 / 4" in page
    assert "约 30 分钟" in page  # 40 minutes, a quarter done
    status = results.module_status(trainee.id, module.slug)
    assert status.percent == 25


def test_reading_records_position_and_resume_goes_back_there(login_as, client):
    module = make_module(lessons=3)
    trainee = login_as("trainee")
    second = module.lessons[1]
    _page(client, f"/courses/m/{module.slug}/{second.slug}")
    response = client.post(f"/courses/lessons/{second.id}/position", json={"position": 60})
    assert response.json == {"saved": True, "position": 60}
    db.session.expire_all()
    row = db.session.scalar(select(LessonProgress).where(LessonProgress.user_id == trainee.id))
    assert row.last_position == 60 and row.completed_at is None
    page = _page(client, f"/courses/m/{module.slug}")
    assert f'/courses/m/{module.slug}/{second.slug}">' in page and "继续" in page
    assert 'data-last-position="60"' in _page(client, f"/courses/m/{module.slug}/{second.slug}")
    home = _page(client, "/")
    assert f"/courses/m/{module.slug}/{second.slug}" in home


def test_bad_position_is_refused_with_a_message(login_as, client):
    module = make_module(lessons=1)
    login_as("trainee")
    lesson_id = module.lessons[0].id
    assert (
        client.post(f"/courses/lessons/{lesson_id}/position", json={"position": 400}).status_code
        == 422
    )
    assert client.post(f"/courses/lessons/{lesson_id}/position", data="x").status_code == 400


def test_mark_done_moves_to_the_next_lesson_and_completes_the_module(login_as, client):
    module = make_module(lessons=2)
    trainee = login_as("trainee")
    first, second = module.lessons
    response = client.post(f"/courses/lessons/{first.id}/done")
    assert response.headers["Location"].endswith(f"/courses/m/{module.slug}/{second.slug}")
    assert not results.module_completed(trainee.id, module.slug)
    client.post(f"/courses/lessons/{second.id}/done")
    assert results.module_completed(trainee.id, module.slug)
    assert "已完成" in _page(client, f"/courses/m/{module.slug}")
    client.post(f"/courses/lessons/{second.id}/done", data={"done": "0"})
    assert not results.module_completed(trainee.id, module.slug)


def test_previous_and_next_links(login_as, client):
    module = make_module(lessons=3)
    login_as("trainee")
    page = _page(client, f"/courses/m/{module.slug}/l2")
    assert f'rel="prev" href="/courses/m/{module.slug}/l1"' in page
    assert f'rel="next" href="/courses/m/{module.slug}/l3"' in page


def test_locked_module_names_what_unlocks_it(login_as, client):
    basics = make_module(slug="basics", title="基础模块", lessons=1)
    advanced = make_module(slug="advanced", title="进阶模块", lessons=1, prerequisites=["basics"])
    login_as("trainee")
    page = _page(client, "/courses/m/advanced")
    assert "完成以下模块后解锁" in page and "「基础模块」" in page
    response = client.get("/courses/m/advanced/l1")
    assert response.status_code == 302
    assert "「基础模块」" in _page(client, response.headers["Location"])
    response = client.post(f"/courses/lessons/{advanced.lessons[0].id}/done")
    assert response.status_code == 403
    assert "「基础模块」" in response.get_data(as_text=True)
    client.post(f"/courses/lessons/{basics.lessons[0].id}/done")
    assert "完成以下模块后解锁" not in _page(client, "/courses/m/advanced")
    _page(client, "/courses/m/advanced/l1")


def test_trainers_and_managers_read_without_locks_or_progress(login_as, client):
    make_module(slug="basics", lessons=1)
    make_module(slug="advanced", title="进阶模块", lessons=1, prerequisites=["basics"])
    login_as("manager")
    page = _page(client, "/courses/m/advanced/l1")
    assert "标记为已完成" not in page


def test_completion_hook_can_hold_a_module_back(app, login_as, client):
    module = make_module(lessons=1)
    trainee = login_as("trainee")
    client.post(f"/courses/lessons/{module.lessons[0].id}/done")
    # The test body and the client run in twin apps; register the check in both.
    registries = [app.extensions["module_completion_checks"]]
    registries.append(current_app.extensions["module_completion_checks"])
    quiz_check = lambda user_id, slug: False if slug == module.slug else None  # noqa: E731
    for checks in registries:
        checks.append(quiz_check)
    try:
        assert not results.module_completed(trainee.id, module.slug)
        page = _page(client, f"/courses/m/{module.slug}")
        assert "测验" in page and "去参加测验" in page
    finally:
        for checks in registries:
            checks.remove(quiz_check)
    assert results.module_completed(trainee.id, module.slug)


def test_draft_lessons_and_modules_are_hidden_from_learners(login_as, client):
    module = make_module(lessons=2)
    module.lessons[1].published_body = None
    hidden = make_module(slug="hidden", published=False)
    db.session.commit()
    login_as("trainee")
    assert client.get(f"/courses/m/{module.slug}/l2").status_code == 404
    assert client.get(f"/courses/m/{hidden.slug}").status_code == 404
    assert "0 / 1" in _page(client, "/courses/")


def test_conduct_acknowledgement_records_who_when_and_version(login_as, client):
    module = make_module(slug="conduct-x", lessons=2, conduct_rules_version="2026.1")
    trainee = login_as("trainee")
    clock.set_now(datetime(2026, 5, 1, 2, 0, tzinfo=UTC))
    page = _page(client, "/courses/m/conduct-x/rules")
    assert "确认" in page
    response = client.post("/courses/m/conduct-x/acknowledge", data={})
    assert response.status_code == 302
    assert "请勾选" in _page(client, response.headers["Location"])
    assert not results.has_acknowledged_current_rules(trainee.id)
    client.post("/courses/m/conduct-x/acknowledge", data={"confirm": "y"})
    ack = db.session.scalar(select(ConductAcknowledgement))
    assert (ack.user_id, ack.version) == (trainee.id, "2026.1")
    assert clock.as_utc(ack.acknowledged_at) == datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
    assert "2026-05-01 10:00" in _page(client, "/courses/m/conduct-x/rules")
    # Acknowledging completes the rules lesson; the module needs its other lesson as well.
    client.post(f"/courses/lessons/{module.lessons[0].id}/done")
    assert results.module_completed(trainee.id, "conduct-x")


def test_new_rules_version_requires_acknowledging_again(login_as, client, make_user):
    module = make_module(slug="conduct-y", lessons=1, conduct_rules_version="2026.1")
    trainee = login_as("trainee")
    client.post("/courses/m/conduct-y/acknowledge", data={"confirm": "y"})
    assert results.has_acknowledged_current_rules(trainee.id)
    module.conduct_rules_version = "2026.2"
    db.session.commit()
    assert not results.has_acknowledged_current_rules(trainee.id)
    assert not results.module_completed(trainee.id, "conduct-y")
    assert "2026.2" in _page(client, "/")
    manager = make_user(roles={"manager"})
    client.post("/logout")
    client.post("/login", data={"username": manager.username, "password": "correct-horse-1"})
    page = _page(client, "/courses/conduct/report")
    assert trainee.username in page.split("已确认")[0]
    assert "版本 2026.1，确认于" in page
    assert "尚未确认" in _page(client, "/")


def test_manager_sees_who_has_not_acknowledged(login_as, client, make_user):
    make_module(slug="conduct-z", lessons=1, conduct_rules_version="v9")
    done = make_user(roles={"trainee"}, username="done-trainee")
    make_user(roles={"trainee"}, username="late-trainee")
    db.session.add(ConductAcknowledgement(user_id=done.id, version="v9"))
    db.session.add(ConductAcknowledgement(user_id=done.id, version="v8"))
    db.session.commit()
    login_as("manager")
    page = _page(client, "/courses/conduct/report")
    missing, acknowledged = page.split("已确认（")
    assert "late-trainee" in missing and "done-trainee" not in missing
    assert "done-trainee" in acknowledged


def test_trainee_cannot_see_the_conduct_report(login_as, client):
    login_as("trainee")
    assert client.get("/courses/conduct/report").status_code == 403


def test_last_visited_unfinished_lesson_is_the_resume_point(login_as, client):
    module = make_module(lessons=3)
    trainee = login_as("trainee")
    start = datetime(2026, 5, 1, tzinfo=UTC)
    clock.set_now(start)
    _page(client, f"/courses/m/{module.slug}/l3")
    clock.set_now(start + timedelta(minutes=5))
    _page(client, f"/courses/m/{module.slug}/l2")
    assert results.module_status(trainee.id, module.slug).next_lesson_slug == "l2"


def _count_queries(client, url):
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return len(statements)


def test_catalogue_query_count_does_not_grow_with_modules(login_as, client):
    for _ in range(2):
        make_module(lessons=3)
    login_as("trainee")
    few = _count_queries(client, "/courses/")
    assert few > 0
    for _ in range(6):
        make_module(lessons=3)
    assert _count_queries(client, "/courses/") == few


def test_pages_switch_to_english_but_content_stays_chinese(login_as, client):
    module = make_module(title="催收实务", lessons=1)
    login_as("trainee")
    page = _page(client, "/courses/?lang=en")
    assert "Course catalogue" in page and "催收实务" in page and "0 of 1 lessons done" in page
    assert "Mark as done" in _page(client, f"/courses/m/{module.slug}/l1")
