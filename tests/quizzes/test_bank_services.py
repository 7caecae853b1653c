"""Question bank services: versions, filing, search and the category tree."""

import pytest

from core.extensions import db
from quizzes.bank import services as bank
from tests.quizzes.quiz_factories import make_question, question_spec


@pytest.fixture
def attempts(app, body_app, monkeypatch):
    """attempts[question_id] = n makes the bank believe n attempts used that question."""
    counts: dict[int, int] = {}
    for application in (app, body_app):
        monkeypatch.setitem(
            application.extensions, "question_attempt_counters", [lambda qid: counts.get(qid, 0)]
        )
    return counts


def _edited(question, **changes):
    spec = {**question.latest.spec, **changes}
    return spec


def test_new_question_has_one_version_filed_in_its_category(db_session):
    question = make_question("single", category="贷后学堂/预警", tags=["预警", "月检"])
    assert [v.number for v in question.versions] == [1]
    assert question.category.path == "贷后学堂/预警"
    assert question.category.parent.path == "贷后学堂"
    assert question.tag_names == ["月检", "预警"]
    assert question.latest.spec["category"] == "贷后学堂/预警"


def test_editing_a_question_without_attempts_updates_the_latest_version(db_session, attempts):
    question = make_question("single")
    bank.update_question(question, _edited(question, text="新的题干"), question.category)
    db.session.expire_all()
    assert [v.number for v in question.versions] == [1]
    assert question.latest.spec["text"] == "新的题干"


def test_editing_a_question_with_attempts_adds_a_version_and_keeps_the_old(db_session, attempts):
    question = make_question("single")
    old_text = question.latest.spec["text"]
    attempts[question.id] = 3
    version = bank.update_question(
        question, _edited(question, text="改过的题干"), question.category, note="修正错别字"
    )
    db.session.expire_all()
    assert version.number == 2
    assert [v.spec["text"] for v in question.versions] == [old_text, "改过的题干"]
    assert question.latest.change_note == "修正错别字"


def test_refiling_a_used_question_does_not_create_a_version(db_session, attempts):
    question = make_question("single")
    attempts[question.id] = 1
    other = bank.ensure_category("测试/另一个")
    bank.update_question(question, _edited(question, tags=["新标签"]), other)
    db.session.expire_all()
    assert len(question.versions) == 1
    assert question.category.path == "测试/另一个"
    assert question.tag_names == ["新标签"]


def test_saving_an_unchanged_used_question_does_not_create_a_version(db_session, attempts):
    question = make_question("multi")
    attempts[question.id] = 2
    bank.update_question(question, _edited(question), question.category)
    assert len(question.versions) == 1


def test_the_type_of_a_saved_question_cannot_change(db_session):
    question = make_question("single")
    with pytest.raises(bank.QuestionInvalid):
        bank.update_question(question, question_spec("truefalse"), question.category)


def test_search_finds_chinese_words_in_text_and_answers(db_session):
    make_question("single", text="客户挪用贷款资金炒股", category="搜索/甲")
    make_question(
        "shortanswer", answers=[{"text": "交叉检验", "fraction": "1"}], category="搜索/乙"
    )
    make_question("truefalse", text="无关的题目", category="搜索/乙")
    found = bank.search_questions(bank.BankFilter(text="挪用"))
    assert [q.latest.spec["text"] for q in found.questions] == ["客户挪用贷款资金炒股"]
    assert bank.search_questions(bank.BankFilter(text="交叉检验")).total == 1
    assert bank.search_questions(bank.BankFilter(text="挪用 不存在")).total == 0


def test_filters_by_category_with_subcategories_tag_type_and_archive(db_session):
    parent = make_question("single", category="筛选", tags=["重点"])
    child = make_question("truefalse", category="筛选/子类")
    archived = make_question("single", category="筛选/子类")
    bank.set_archived(archived, True)
    top = bank.ensure_category("筛选")

    def names(**criteria):
        return {q.name for q in bank.search_questions(bank.BankFilter(**criteria)).questions}

    assert names(category_id=top.id) == {parent.name, child.name}
    assert names(category_id=top.id, include_subcategories=False) == {parent.name}
    assert names(category_id=top.id, tag="重点") == {parent.name}
    assert names(category_id=top.id, qtype="truefalse") == {child.name}
    assert names(category_id=top.id, archived=True) == {archived.name}
    assert bank.active_questions_in_category(top.id) == sorted([parent, child], key=lambda q: q.id)


def test_category_tree_counts_active_questions_including_subcategories(db_session):
    make_question(category="树/甲")
    make_question(category="树/甲")
    make_question(category="树/乙/丙")
    roots = {node.category.path: node for node in bank.category_tree()}
    tree = roots["树"]
    assert tree.total == 3
    assert {child.category.name: child.total for child in tree.children} == {"甲": 2, "乙": 1}


def test_export_specs_carry_current_category_and_tags(db_session):
    question = make_question("single", category="导出/一", tags=["甲"])
    specs = bank.exportable_specs(bank.ensure_category("导出"))
    assert [(s["name"], s["category"], s["tags"]) for s in specs] == [
        (question.name, "导出/一", ["甲"])
    ]
