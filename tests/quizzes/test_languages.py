"""Each language shows its own words: question type labels (attempt page, API, bank), reviews."""

from core.extensions import db
from tests.quizzes.quiz_factories import make_question, make_quiz

CHINESE = {"single": "单选题", "numerical": "数值题", "matching": "配对题", "essay": "问答题"}
ENGLISH = {"single": "Single choice", "numerical": "Numerical", "matching": "Matching"}
ENGLISH |= {"essay": "Essay"}


def _tags(page: str) -> set[str]:
    return {part.split("</span>")[0] for part in page.split('<span class="tag">')[1:]}


def test_the_attempt_page_names_question_types_in_the_readers_language(login_as, client):
    login_as("trainee")
    quiz = make_quiz(types=list(CHINESE))
    attempt_url = client.post(f"/quizzes/{quiz.id}/start").headers["Location"]
    chinese = client.get(attempt_url).get_data(as_text=True)
    assert set(CHINESE.values()) <= _tags(chinese)
    assert not set(ENGLISH.values()) & _tags(chinese)
    english = client.get(attempt_url + "?lang=en").get_data(as_text=True)
    assert set(ENGLISH.values()) <= _tags(english)
    assert not set(CHINESE.values()) & _tags(english)


def test_the_api_gives_type_labels_in_the_users_language(login_as, client):
    trainee = login_as("trainee")
    quiz = make_quiz(types=list(CHINESE))
    body = client.post(f"/api/v1/quizzes/{quiz.id}/attempts").get_json()
    assert {q["type"]: q["type_label"] for q in body["questions"]} == CHINESE
    trainee.locale = "en"
    db.session.commit()
    shown = client.get(f"/api/v1/attempts/{body['attempt_id']}").get_json()
    assert {q["type"]: q["type_label"] for q in shown["questions"]} == ENGLISH


def test_the_bank_names_question_types_in_the_trainers_language(login_as, client):
    trainer = login_as("trainer")
    for qtype in CHINESE:
        make_question(qtype, category="标签/语言")
    chinese = client.get("/quizzes/bank").get_data(as_text=True)
    assert all(f'<span class="qtype">{label}</span>' in chinese for label in CHINESE.values())
    trainer.locale = "en"
    db.session.commit()
    english = client.get("/quizzes/bank").get_data(as_text=True)
    assert all(f'<span class="qtype">{label}</span>' in english for label in ENGLISH.values())
    assert not any(f'<span class="qtype">{label}</span>' in english for label in CHINESE.values())


def test_a_review_speaks_the_readers_language(login_as, client):
    login_as("trainee")
    quiz = make_quiz(types=["single", "truefalse"])
    attempt_url = client.post(f"/quizzes/{quiz.id}/start").headers["Location"]
    review_url = client.post(attempt_url + "/submit").headers["Location"]
    chinese = client.get(review_url).get_data(as_text=True)
    assert (
        "（未作答）" in chinese and "正确答案：每月一次" in chinese and "正确答案：正确" in chinese
    )
    english = client.get(review_url + "?lang=en").get_data(as_text=True)
    assert "(not answered)" in english and "Right answer: 每月一次" in english
    assert "Right answer: true" in english and "未作答" not in english
