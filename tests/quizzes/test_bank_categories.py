"""Trainers rename and delete question categories."""

import pytest

from core.extensions import db
from quizzes.bank import services as bank
from quizzes.models import Quiz, QuizSlot
from quizzes.models.bank import QuestionCategory
from tests.quizzes.quiz_factories import make_question


@pytest.fixture
def trainer(login_as):
    return login_as("trainer")


def test_renaming_a_category_carries_its_subcategories_along(trainer, client):
    question = make_question(category="旧名/子类")
    top = bank.ensure_category("旧名")
    response = client.post(f"/quizzes/bank/categories/{top.id}/rename", data={"name": "新名"})
    assert response.status_code == 302
    db.session.expire_all()
    assert question.category.path == "新名/子类"
    assert top.path == "新名"
    assert "分类已改名" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_renaming_onto_an_existing_sibling_is_refused(trainer, client):
    bank.ensure_category("父/甲")
    second = bank.ensure_category("父/乙")
    response = client.post(
        f"/quizzes/bank/categories/{second.id}/rename", data={"name": "甲"}, follow_redirects=True
    )
    assert "这里已有同名分类" in response.get_data(as_text=True)
    db.session.expire_all()
    assert second.path == "父/乙"


def test_only_an_empty_category_can_be_deleted(trainer, client):
    question = make_question(category="删除/有题")
    full = question.category
    empty = bank.ensure_category("删除/空的")
    page = client.post(
        f"/quizzes/bank/categories/{full.id}/delete", follow_redirects=True
    ).get_data(as_text=True)
    assert "只能删除空分类" in page
    client.post(f"/quizzes/bank/categories/{empty.id}/delete")
    db.session.expire_all()
    paths = set(db.session.scalars(db.select(QuestionCategory.path)))
    assert "删除/有题" in paths and "删除/空的" not in paths


def test_blank_name_is_refused(trainer, client):
    category = bank.ensure_category("空名")
    page = client.post(
        f"/quizzes/bank/categories/{category.id}/rename",
        data={"name": " / "},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "请填写分类名称" in page


def test_a_category_a_quiz_draws_from_is_not_deleted(trainer, client):
    category = bank.ensure_category("抽题/空的")
    quiz = Quiz(title="随机抽题测验")
    quiz.slots = [QuizSlot(position=1, category_id=category.id)]
    db.session.add(quiz)
    db.session.commit()
    page = client.post(
        f"/quizzes/bank/categories/{category.id}/delete", follow_redirects=True
    ).get_data(as_text=True)
    assert "有测验从此分类抽题" in page
    db.session.expire_all()
    assert db.session.get(QuestionCategory, category.id) is not None


def test_ticked_questions_move_to_another_category_without_new_versions(trainer, client):
    first = make_question(category="批量/源")
    second = make_question(category="批量/源")
    stays = make_question(category="批量/源")
    target = bank.ensure_category("批量/目标")
    response = client.post(
        "/quizzes/bank/bulk",
        data={"ids": [first.id, second.id], "action": "move", "target": target.id},
        follow_redirects=True,
    )
    assert "已将 2 道题移到“批量/目标”" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [q.category.path for q in (first, second, stays)] == [
        "批量/目标",
        "批量/目标",
        "批量/源",
    ]
    assert first.latest.spec["category"] == "批量/目标" and len(first.versions) == 1


def test_ticked_questions_can_be_archived_and_restored(trainer, client):
    question = make_question(category="批量归档")
    client.post("/quizzes/bank/bulk", data={"ids": [question.id], "action": "archive"})
    db.session.expire_all()
    assert question.archived
    client.post("/quizzes/bank/bulk", data={"ids": [question.id], "action": "restore"})
    db.session.expire_all()
    assert not question.archived


def test_bulk_action_without_ticks_or_with_garbage_says_so(trainer, client):
    page = client.post(
        "/quizzes/bank/bulk",
        data={"ids": ["abc", "99999999999"], "action": "move"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "请先勾选题目" in page
    question = make_question()
    page = client.post(
        "/quizzes/bank/bulk",
        data={"ids": [question.id], "action": "move", "target": "x"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "请选择要移入的分类" in page
    response = client.post("/quizzes/bank/bulk", data={"ids": [question.id], "action": "zap"})
    assert response.status_code == 400
