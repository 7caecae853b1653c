"""Importing GIFT and Aiken into the bank: dry run first, then all questions or none."""

import copy
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.extensions import db
from quizzes.demo import load_question_bank
from quizzes.importing.gift import parse_gift
from quizzes.importing.services import ImportRejected, import_questions, read_questions
from quizzes.models.bank import Question, QuestionCategory

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = (FIXTURES / "postloan_basics.gift").read_text(encoding="utf-8")
BAD = (FIXTURES / "with_errors.gift").read_text(encoding="utf-8")
AIKEN = (FIXTURES / "postloan_basics_aiken.txt").read_text(encoding="utf-8")


def _count() -> int:
    return db.session.scalar(select(func.count(Question.id)))


def test_imported_questions_are_exactly_what_the_parser_read(db_session):
    result = read_questions(GOOD, "gift", "导入/默认")
    saved = import_questions(result)
    assert len(saved) == len(result.questions) > 3
    for question, parsed in zip(saved, result.questions, strict=True):
        expected = copy.deepcopy(parsed)
        expected.pop("line")
        assert question.latest.spec == expected
        assert question.category.path == parsed["category"]
        assert question.type == parsed["type"]


def test_a_bad_file_imports_nothing_and_names_each_failing_line(db_session):
    before = _count()
    result = read_questions(BAD, "gift")
    assert [error.line for error in result.errors] == [5, 11]
    with pytest.raises(ImportRejected) as raised:
        import_questions(result)
    assert "2" in raised.value.message
    assert _count() == before


def test_aiken_questions_land_in_the_chosen_category(db_session):
    saved = import_questions(read_questions(AIKEN, "aiken", "阿肯/基础"))
    assert saved and {q.category.path for q in saved} == {"阿肯/基础"}
    assert {q.type for q in saved} == {"single"}


def test_demo_bank_loads_179_questions_in_9_modules_once(db_session):
    load_question_bank()
    assert load_question_bank().startswith("0 questions added")
    shipped = select(Question).where(Question.source_key.startswith("content:"))
    questions = list(db.session.scalars(shipped))
    assert len(questions) == 179
    modules = {q.category.path for q in questions}
    assert len(modules) == 9 and all(path.startswith("贷后学堂/") for path in modules)
    assert sum(q.type == "ordering" for q in questions) == 8
    assert all(q.latest.spec["general_feedback"] for q in questions)


# --- the browser pages ---------------------------------------------------------------------


@pytest.fixture
def trainer(login_as):
    return login_as("trainer")


def _upload(client, text: str, fmt: str = "gift", category: str = "") -> str:
    data = {
        "file": (io.BytesIO(text.encode("utf-8")), "questions.gift"),
        "format": fmt,
        "category": category,
    }
    response = client.post("/quizzes/bank/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_upload_shows_a_dry_run_and_saves_only_after_confirming(trainer, client):
    before = _count()
    page = _upload(client, GOOD, category="网页导入")
    expected = parse_gift(GOOD, default_category="网页导入").questions
    assert f"全部 {len(expected)} 道题都可以导入" in page
    assert expected[0]["name"] in page
    assert _count() == before  # the dry run saved nothing
    response = client.post(
        "/quizzes/bank/import/confirm",
        data={"text": GOOD, "format": "gift", "category": "网页导入"},
    )
    assert response.status_code == 302
    assert _count() == before + len(expected)


def test_upload_of_a_bad_file_lists_errors_with_lines_and_offers_no_import(trainer, client):
    page = _upload(client, BAD)
    assert "第5行" in page and "第11行" in page
    assert "不会导入任何题目" in page
    assert "/quizzes/bank/import/confirm" not in page


def test_confirming_a_tampered_bad_file_still_imports_nothing(trainer, client):
    before = _count()
    response = client.post("/quizzes/bank/import/confirm", data={"text": BAD, "format": "gift"})
    assert response.status_code == 422
    assert "第5行" in response.get_data(as_text=True)
    assert _count() == before


def test_upload_in_gbk_is_read(trainer, client):
    text = "::甲::贷后检查从放款后开始。{T}\n"
    data = {"file": (io.BytesIO(text.encode("gbk")), "gbk.gift"), "format": "gift"}
    response = client.post("/quizzes/bank/import", data=data, content_type="multipart/form-data")
    assert "贷后检查从放款后开始" in response.get_data(as_text=True)


def test_upload_without_a_file_says_so(trainer, client):
    response = client.post("/quizzes/bank/import", data={"format": "gift"})
    assert response.status_code == 422
    assert "请选择要导入的文件" in response.get_data(as_text=True)


def test_imported_categories_join_the_tree(trainer, client):
    client.post("/quizzes/bank/import/confirm", data={"text": GOOD, "format": "gift"})
    paths = set(db.session.scalars(select(QuestionCategory.path)))
    assert {q["category"] for q in parse_gift(GOOD, default_category="默认").questions} <= paths


def test_reimporting_the_same_file_warns_about_copies(trainer, client):
    client.post("/quizzes/bank/import/confirm", data={"text": GOOD, "format": "gift"})
    page = _upload(client, GOOD)
    count = len(parse_gift(GOOD).questions)
    assert f"{count} 道题与该分类中已有题目同名" in page


def test_pasted_gift_text_gets_the_same_dry_run(trainer, client):
    response = client.post(
        "/quizzes/bank/import", data={"pasted": GOOD, "format": "gift", "category": "粘贴"}
    )
    page = response.get_data(as_text=True)
    count = len(parse_gift(GOOD).questions)
    assert response.status_code == 200
    assert f"全部 {count} 道题都可以导入" in page
