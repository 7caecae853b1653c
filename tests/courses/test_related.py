"""A module page links its related cases and its module quiz, offered by providers that the
case library and quizzes register at app creation (courses.related)."""

import pytest

from core.extensions import db
from courses import related
from tests.case_library.factories import make_case
from tests.courses.factories import make_module
from tests.quizzes.quiz_factories import make_quiz


def test_module_page_lists_published_related_cases(login_as, client, make_user):
    module = make_module(slug="warning-signals", lessons=1)
    author = make_user(roles={"trainer"})
    case = make_case(author, title="客户A 假按揭", modules=["warning-signals"])
    make_case(author, title="未发布的草稿案例", modules=["warning-signals"], published=False)
    make_case(author, title="别的模块的案例", modules=["collection"])
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}").get_data(as_text=True)
    assert "相关案例" in page
    assert f'href="/cases/{case.slug}"' in page
    assert "客户A 假按揭" in page
    assert "未发布的草稿案例" not in page and "别的模块的案例" not in page


def test_module_without_cases_or_quiz_shows_neither_heading(login_as, client):
    module = make_module(lessons=1)
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}").get_data(as_text=True)
    assert "相关案例" not in page and "本模块测验" not in page


def test_module_page_links_the_module_quiz(login_as, client):
    module = make_module(slug="quiz-module", lessons=1)
    quiz = make_quiz(title="预警信号测验", module_slug="quiz-module", published=True)
    make_quiz(title="草稿测验", module_slug="quiz-module", published=False)
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}").get_data(as_text=True)
    assert "本模块测验" in page and "预警信号测验" in page
    assert f'href="/quizzes/{quiz.id}"' in page
    assert "草稿测验" not in page


def test_links_need_the_readers_permission(app, make_user, monkeypatch):
    monkeypatch.setattr(
        "case_library.results.cases_for_module", lambda slug: [("some-case", "某案例")]
    )
    monkeypatch.setattr("quizzes.results.module_quizzes", lambda slug: [(7, "某测验")])
    manager = make_user(roles={"manager"})  # reads courses, may not open cases or quizzes
    trainee = make_user(roles={"trainee"})
    with app.test_request_context():
        for_manager = related.related_links(manager, "x")
        for_trainee = related.related_links(trainee, "x")
        assert for_manager[related.CASE] == []
        assert for_manager[related.QUIZ] == []
        assert [link.title for link in for_trainee[related.CASE]] == ["某案例"]
        assert [link.title for link in for_trainee[related.QUIZ]] == ["某测验"]
    db.session.rollback()


def _related_module(make_user):
    module = make_module(slug="warning-signals", lessons=1)
    make_case(make_user(roles={"trainer"}), title="客户A 假按揭", modules=["warning-signals"])
    make_quiz(title="预警信号测验", module_slug="warning-signals", published=True)
    return module


def test_with_no_providers_registered_the_panel_is_empty(
    app, login_as, client, make_user, monkeypatch
):
    module = _related_module(make_user)
    monkeypatch.setitem(app.extensions, "courses.related_providers", [])
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}").get_data(as_text=True)
    assert "第1课" in page  # the module page itself works
    assert "相关案例" not in page and "本模块测验" not in page
    assert "客户A 假按揭" not in page and "预警信号测验" not in page


def test_a_broken_provider_is_an_error_not_a_missing_link(app, login_as, client, make_user):
    module = _related_module(make_user)

    def broken(user, module_slug):
        raise RuntimeError("the case library could not be read")

    providers = app.extensions["courses.related_providers"]
    providers.append(broken)
    try:
        login_as("trainee")
        assert client.get(f"/courses/m/{module.slug}").status_code == 500
    finally:
        providers.remove(broken)


@pytest.mark.pure
def test_a_link_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown related link kind"):
        related.RelatedLink("video", "某视频", "/videos/1")
