"""A module page links its related cases and its module quiz (read through the areas' results)."""

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
        assert related.related_cases(manager, "x") == []
        assert related.module_quizzes(manager, "x") == []
        assert [link.title for link in related.related_cases(trainee, "x")] == ["某案例"]
        assert [link.title for link in related.module_quizzes(trainee, "x")] == ["某测验"]
    db.session.rollback()
