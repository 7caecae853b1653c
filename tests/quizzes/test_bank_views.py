"""The question bank pages as a trainer uses them."""

import html
import json

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from core.extensions import db
from quizzes.models.bank import Question
from tests.quizzes.quiz_factories import make_question


@pytest.fixture
def trainer(login_as):
    return login_as("trainer")


def _form(question, **changes):
    spec = question.latest.spec
    data = {
        "category": question.category.path,
        "name": spec["name"],
        "text": spec["text"],
        "text_format": spec["text_format"],
        "default_mark": spec["default_mark"],
        "general_feedback": spec["general_feedback"],
        "tags": ", ".join(spec["tags"]),
        "type_data": json.dumps({"choices": spec["choices"]}, ensure_ascii=False),
        "change_note": "",
    }
    data.update(changes)
    return data


def test_trainee_cannot_open_the_bank(login_as, client):
    login_as("trainee")
    assert client.get("/quizzes/bank").status_code == 403


def test_bank_lists_filters_and_searches(trainer, client):
    make_question("single", text="客户挪用贷款资金", category="页面/甲", tags=["重点"])
    make_question("truefalse", text="按月走访", category="页面/乙")
    page = client.get("/quizzes/bank?q=挪用").get_data(as_text=True)
    assert "客户挪用贷款资金" in page and "按月走访" not in page
    page = client.get("/quizzes/bank?type=truefalse&q=走访").get_data(as_text=True)
    assert "按月走访" in page and "挪用" not in page
    page = client.get("/quizzes/bank?tag=重点").get_data(as_text=True)
    assert "客户挪用贷款资金" in page and "按月走访" not in page
    assert "页面" in page  # the category tree


def test_bank_answers_garbage_filters_without_error(trainer, client):
    response = client.get("/quizzes/bank?category=abc&page=-3&type=zzz&tag=" + "x" * 500)
    assert response.status_code == 200


def test_preview_shows_the_question_and_its_answer_key(trainer, client):
    question = make_question("single", text="贷后检查的频率是？")
    page = client.get(f"/quizzes/bank/questions/{question.id}").get_data(as_text=True)
    assert "贷后检查的频率是？" in page
    assert 'type="radio"' in page
    assert "每月一次" in page and "太少了" in page  # choices and their feedback
    assert "解析：按月检查。" in page


def test_editing_saves_in_place_when_nobody_answered(trainer, client):
    question = make_question("single")
    response = client.post(
        f"/quizzes/bank/questions/{question.id}/edit", data=_form(question, text="改好的题干")
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [v.spec["text"] for v in question.versions] == ["改好的题干"]


def test_editing_a_used_question_creates_version_two(trainer, client, app, body_app, monkeypatch):
    question = make_question("single")
    for application in (app, body_app):
        monkeypatch.setitem(application.extensions, "question_attempt_counters", [lambda qid: 5])
    page = client.get(f"/quizzes/bank/questions/{question.id}/edit").get_data(as_text=True)
    assert "5" in page and "2" in page  # warns that saving makes version 2
    client.post(
        f"/quizzes/bank/questions/{question.id}/edit",
        data=_form(question, text="第二版题干", change_note="改题干"),
    )
    db.session.expire_all()
    assert [v.number for v in question.versions] == [1, 2]
    history = client.get(f"/quizzes/bank/questions/{question.id}").get_data(as_text=True)
    assert "第二版题干" in history and "改题干" in history
    old = client.get(f"/quizzes/bank/questions/{question.id}/versions/1").get_data(as_text=True)
    assert question.versions[0].spec["text"] in old
    assert "第 1 版到第 2 版的改动" in history
    diff = html.unescape(history.split('data-testid="version-diff"')[1].split("</details>")[0])
    assert '<span class="diff-add">+   "text": "第二版题干",</span>' in diff
    assert '<span class="diff-del">-   "text": ' in diff


def test_creating_a_question_of_each_editable_type(trainer, client):
    for qtype in ("single", "multi", "truefalse", "shortanswer", "numerical", "matching"):
        page = client.get(f"/quizzes/bank/questions/new?type={qtype}").get_data(as_text=True)
        assert "type_data" in page
    response = client.post(
        "/quizzes/bank/questions/new?type=ordering",
        data={
            "category": "新建/排序",
            "name": "检查步骤排序",
            "text": "请排列贷后检查的步骤",
            "text_format": "moodle",
            "default_mark": "2",
            "type_data": json.dumps({"items": ["准备", "走访", "报告"]}, ensure_ascii=False),
            "tags": "排序，步骤",
        },
    )
    assert response.status_code == 302
    question = db.session.query(Question).filter_by(name="检查步骤排序").one()
    assert question.latest.spec["items"] == ["准备", "走访", "报告"]
    assert question.latest.spec["default_mark"] == "2"
    assert question.tag_names == ["排序", "步骤"]
    assert question.category.path == "新建/排序"


def test_archived_questions_leave_the_list_and_can_come_back(trainer, client):
    question = make_question("single", category="归档")
    client.post(f"/quizzes/bank/questions/{question.id}/archive", data={"archived": "1"})
    db.session.expire_all()
    assert question.archived
    assert question.name not in client.get("/quizzes/bank").get_data(as_text=True)
    assert question.name in client.get("/quizzes/bank?archived=1").get_data(as_text=True)
    client.post(f"/quizzes/bank/questions/{question.id}/archive", data={"archived": "0"})
    db.session.expire_all()
    assert not question.archived


def test_new_category_appears_in_the_tree(trainer, client):
    response = client.post("/quizzes/bank/categories", data={"path": "培训/第一期"})
    assert response.status_code == 302
    assert "第一期" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_export_category_as_gift_and_aiken(trainer, client):
    question = make_question("single", category="导出测试", text="导出的题干")
    make_question("truefalse", category="导出测试")
    category_id = question.category_id
    gift = client.get(f"/quizzes/bank/export?category={category_id}&format=gift")
    assert gift.headers["Content-Disposition"].startswith("attachment")
    body = gift.get_data(as_text=True)
    assert "$CATEGORY: 导出测试" in body and "导出的题干" in body
    warning = client.get(f"/quizzes/bank/export?category={category_id}&format=aiken")
    assert "判断" in warning.get_data(as_text=True) or "单选" in warning.get_data(as_text=True)
    aiken = client.get(f"/quizzes/bank/export?category={category_id}&format=aiken&confirm=1")
    assert "ANSWER: A" in aiken.get_data(as_text=True)


def test_a_save_made_meanwhile_is_not_overwritten_silently(trainer, client):
    question = make_question("single")
    page = client.get(f"/quizzes/bank/questions/{question.id}/edit").get_data(as_text=True)
    token = page.split('name="base" type="hidden" value="')[1].split('"')[0]
    first = client.post(
        f"/quizzes/bank/questions/{question.id}/edit",
        data=_form(question, text="同事先保存的题干", base=token),
    )
    assert first.status_code == 302
    second = client.post(
        f"/quizzes/bank/questions/{question.id}/edit",
        data=_form(question, text="我后保存的题干", base=token),
    )
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "有人在您编辑期间保存了这道题" in page and "我后保存的题干" in page
    db.session.expire_all()
    assert question.latest.spec["text"] == "同事先保存的题干"
    fresh = page.split('name="base" type="hidden" value="')[1].split('"')[0]
    again = client.post(
        f"/quizzes/bank/questions/{question.id}/edit",
        data=_form(question, text="我后保存的题干", base=fresh),
    )
    assert again.status_code == 302
    db.session.expire_all()
    assert question.latest.spec["text"] == "我后保存的题干"


def _count_queries(client, url: str) -> int:
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return len(statements)


def test_bank_page_queries_do_not_grow_with_questions(trainer, client):
    for index in range(3):
        make_question("single", category=f"计数/{index}", tags=["甲"])
    few = _count_queries(client, "/quizzes/bank")
    for index in range(30):
        make_question("multi", category=f"计数/{index % 7}", tags=["乙", f"丙{index}"])
    assert _count_queries(client, "/quizzes/bank") == few
