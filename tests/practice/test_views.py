"""The pages a trainee and a trainer use: book, practice, feedback, heat map, review quiz."""

from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.engine import Engine

from core import clock
from core.extensions import db
from practice.sets import open_entries
from quizzes.models import Quiz
from tests.practice.helpers import missed_module_quiz, right, wrong
from tests.quizzes.quiz_factories import T0, make_question

JSON = {"Accept": "application/json"}


def _trainee_with_misses(login_as, misses=3):
    user = login_as("trainee")
    quiz, attempt = missed_module_quiz(user, misses=misses, total=5)
    db.session.commit()
    clock.set_now(T0 + timedelta(hours=1))
    return user, quiz, attempt


def test_the_book_lists_missed_questions_with_answer_right_answer_and_schedule(login_as, client):
    _user, _quiz, attempt = _trainee_with_misses(login_as)
    page = client.get("/practice/").get_data(as_text=True)
    assert "错题本" in page and "共 3 题，今天到期 3 题" in page
    missed = [i for i in attempt.items if i.fraction < 1]
    for item in missed:
        assert item.spec["name"] in page
    assert "每年一次" in page  # the wrong answer given (choice 1 of the factory question)
    assert "每月一次" in page  # the right answer
    assert "第 1 次答对后 1 天再练" in page and "连续答对 3 次" in page
    # The explanation as written (it names itself 解析, as in the quiz review), not labelled twice.
    assert "解析：按月检查" in page and "解析:" not in page


def test_an_empty_book_is_explained_not_blank(login_as, client):
    login_as("trainee")
    page = client.get("/practice/").get_data(as_text=True)
    assert "你的错题本是空的" in page
    response = client.post("/practice/sets", data={"kind": "due"})
    assert response.status_code == 422
    assert "你的错题本是空的，暂时没有要练的题" in response.get_data(as_text=True)


def test_practising_saves_answers_checks_them_and_shows_feedback(login_as, client):
    user, _quiz, _attempt = _trainee_with_misses(login_as, misses=1)
    started = client.post("/practice/sets", data={"kind": "due"})
    assert started.status_code == 302
    page_url = started.headers["Location"]
    page = client.get(page_url).get_data(as_text=True)
    assert "判题" in page and "练习不计入任何成绩" in page
    entry = open_entries(user.id)[0]
    set_id = int(page_url.rstrip("/").split("/")[-1])
    base = f"/practice/sets/{set_id}/answers/{entry.question_id}"
    spec = entry.question.latest.spec
    saved = client.put(base, json={"response": wrong(spec)}, headers=JSON)
    assert saved.status_code == 200 and saved.json["response"] == wrong(spec)
    checked = client.post(base + "/check", json={"response": right(spec)}, headers=JSON)
    assert checked.status_code == 200
    assert checked.json["correct"] is True
    assert "答对了" in checked.json["html"] and "第 2 盒" in checked.json["note"]
    again = client.put(base, json={"response": wrong(spec)}, headers=JSON)
    assert again.status_code == 409 and "已经判过" in again.json["message"]
    # the feedback is still there after a reload
    assert "答对了" in client.get(page_url).get_data(as_text=True)


def test_bad_payloads_and_other_trainees_sets_are_refused(login_as, client, make_user):
    user, _quiz, _attempt = _trainee_with_misses(login_as, misses=1)
    started = client.post("/practice/sets", data={"kind": "due"})
    set_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    qid = open_entries(user.id)[0].question_id
    bad = client.put(f"/practice/sets/{set_id}/answers/{qid}", json=[1], headers=JSON)
    assert bad.status_code == 400
    misfit = client.put(
        f"/practice/sets/{set_id}/answers/{qid}", json={"response": "x"}, headers=JSON
    )
    assert misfit.status_code == 422
    missing = client.put(
        f"/practice/sets/{set_id}/answers/999999", json={"response": 0}, headers=JSON
    )
    assert missing.status_code == 404
    other = make_user()
    client.post("/logout")
    client.post("/login", data={"username": other.username, "password": "test-pass-2026!"})
    assert client.get(f"/practice/sets/{set_id}").status_code in (302, 404)


def test_an_archived_question_in_a_set_gets_a_clear_message(login_as, client):
    user, _quiz, _attempt = _trainee_with_misses(login_as, misses=1)
    started = client.post("/practice/sets", data={"kind": "due"})
    set_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    entry = open_entries(user.id)[0]
    entry.question.archived = True
    db.session.commit()
    spec = entry.question.latest.spec
    checked = client.post(
        f"/practice/sets/{set_id}/answers/{entry.question_id}/check",
        json={"response": right(spec)},
        headers=JSON,
    )
    assert checked.status_code == 409 and "已被归档" in checked.json["message"]
    book = client.get("/practice/").get_data(as_text=True)
    assert "这道题之后已被归档" in book


def test_the_home_page_shows_mastery_by_module_and_category(login_as, client):
    _trainee_with_misses(login_as)
    home = client.get("/").get_data(as_text=True)
    assert "错题本与掌握度" in home and "40.0%" in home and "按模块" in home


def test_a_trainer_sees_the_heat_map_and_makes_a_review_quiz_in_two_clicks(
    login_as, client, make_user, login
):
    trainee = make_user()
    _quiz, attempt = missed_module_quiz(trainee, misses=3, total=5)
    category_id = attempt.items[0].version.question.category_id
    trainer = make_user(roles=("trainer",))
    db.session.commit()
    login(trainer)
    heat = client.get("/practice/heatmap").get_data(as_text=True)
    assert trainee.name in heat and "40.0%" in heat and "薄弱" in heat
    # click 1: the category's button opens a filled-in form
    form = client.get(f"/practice/review-quiz/{category_id}")
    assert form.status_code == 200 and "复习：" in form.get_data(as_text=True)
    # click 2: create
    created = client.post(
        f"/practice/review-quiz/{category_id}", data={"title": "复习：测试", "count": "10"}
    )
    assert created.status_code == 302
    quiz = db.session.query(Quiz).filter_by(title="复习：测试").one()
    assert not quiz.published and len(quiz.slots) == 5
    missed_ids = {i.question_id for i in attempt.items if i.fraction < 1}
    assert {s.question_id for s in quiz.slots[:3]} == missed_ids  # most missed first


def test_a_review_quiz_from_a_category_with_nothing_left_is_refused_with_a_message(
    login_as, client
):
    login_as("trainer")
    essay = make_question("essay", category="测试/只有论述题")
    db.session.commit()
    response = client.post(
        f"/practice/review-quiz/{essay.category_id}", data={"title": "复习", "count": "5"}
    )
    assert response.status_code == 422
    assert "已没有可练习的题目" in response.get_data(as_text=True)
    assert client.get("/practice/review-quiz/999999").status_code == 302


def test_trainees_do_not_see_the_heat_map(login_as, client):
    login_as("trainee")
    assert client.get("/practice/heatmap").status_code == 403


def test_a_set_starts_from_a_module_from_the_weakest_categories_or_not_at_all(login_as, client):
    _user, quiz, _attempt = _trainee_with_misses(login_as)
    by_module = client.post(
        "/practice/sets", data={"kind": "module", "module_slug": quiz.module_slug}
    )
    assert by_module.status_code == 302
    assert "第 5 题" in client.get(by_module.headers["Location"]).get_data(as_text=True)
    weakest = client.post("/practice/sets", data={"kind": "weak"})
    assert weakest.status_code == 302
    unknown = client.post("/practice/sets", data={"kind": "module", "module_slug": "no-such"})
    assert unknown.status_code == 422 and "该模块没有可练习的题目" in unknown.get_data(as_text=True)
    bogus = client.post("/practice/sets", data={"kind": "everything"})
    assert bogus.status_code == 422 and "请选择要练习的内容" in bogus.get_data(as_text=True)
    no_category = client.post("/practice/sets", data={"kind": "category", "category_id": "999999"})
    assert no_category.status_code == 422 and "该题目分类不存在" in no_category.get_data(
        as_text=True
    )


def _count_queries(client, url):
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return len(statements)


def test_the_book_page_costs_the_same_queries_for_two_or_eight_entries(login_as, client):
    user = login_as("trainee")
    missed_module_quiz(user, misses=2, total=2, module_slug="m-a")
    db.session.commit()
    few = _count_queries(client, "/practice/")
    missed_module_quiz(user, misses=6, total=6, module_slug="m-b")
    db.session.commit()
    assert _count_queries(client, "/practice/") <= few


def test_a_weak_category_on_the_home_page_starts_a_practice_set(login_as, client):
    _user, _quiz, attempt = _trainee_with_misses(login_as)
    category_id = attempt.items[0].version.question.category_id
    home = client.get("/").get_data(as_text=True)
    assert f'name="category_id" value="{category_id}"' in home
    started = client.post("/practice/sets", data={"kind": "category", "category_id": category_id})
    assert started.status_code == 302
