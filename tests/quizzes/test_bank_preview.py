"""A trainer tries a bank question as a trainee and sees the score and feedback."""

import pytest

from quizzes.bank.preview import present_spec, response_from_form, try_result
from tests.quizzes.quiz_factories import make_question, question_spec


@pytest.fixture
def trainer(login_as):
    return login_as("trainer")


def test_preview_shows_the_take_page_inputs(trainer, client):
    question = make_question("single", text="贷后检查的频率是？")
    page = client.get(f"/quizzes/bank/questions/{question.id}").get_data(as_text=True)
    assert "贷后检查的频率是？" in page
    assert page.count(f'name="q{question.id}"') == 3  # one radio per choice
    assert "太少了" in page  # the answer key lists the feedback


def test_trying_a_wrong_choice_shows_zero_and_its_feedback(trainer, client):
    question = make_question("single")
    response = client.post(
        f"/quizzes/bank/questions/{question.id}/versions/1/try", data={f"q{question.id}": "1"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "得分：0 / 1" in page and "太少了" in page
    assert 'value="1" checked' in page  # the tried answer stays selected


def test_trying_the_right_choice_scores_full_marks(trainer, client):
    question = make_question("single", default_mark="2")
    page = client.post(
        f"/quizzes/bank/questions/{question.id}/versions/1/try", data={f"q{question.id}": "0"}
    ).get_data(as_text=True)
    assert "得分：2 / 2" in page


def test_trying_with_garbage_scores_nothing_and_does_not_fail(trainer, client):
    question = make_question("matching")
    response = client.post(
        f"/quizzes/bank/questions/{question.id}/versions/1/try",
        data={f"q{question.id}": ["不存在", "x" * 10000], "order": "9,a"},
    )
    assert response.status_code == 200
    assert "得分：0 / 1" in response.get_data(as_text=True)


@pytest.mark.pure
def test_ordering_preview_starts_out_of_order():
    spec = question_spec("ordering")
    shown = [item["index"] for item in present_spec(spec, 7)["items"]]
    assert sorted(shown) == [0, 1, 2] and shown != [0, 1, 2]


@pytest.mark.pure
@pytest.mark.parametrize(
    ("qtype", "values", "order", "expected"),
    [
        ("single", ["1"], "", 1),
        ("single", ["99"], "", None),
        ("multi", ["2", "0", "0"], "", [0, 2]),
        ("truefalse", ["false"], "", False),
        ("numerical", ["12,800"], "", "12,800"),
        ("matching", ["按时还款", "有隐患"], "", {"0": "按时还款", "1": "有隐患"}),
        ("ordering", [], "2,0,1", [2, 0, 1]),
        ("ordering", [], "0,0,1", None),
    ],
)
def test_form_fields_become_spec_responses(qtype, values, order, expected):
    assert response_from_form(question_spec(qtype), values, order) == expected


@pytest.mark.pure
def test_numerical_with_tolerance_is_graded_like_an_attempt():
    spec = question_spec("numerical")  # 12800 ± 1
    assert try_result(spec, "12,800.5")["score"] == "1"
    assert try_result(spec, "12802")["score"] == "0"
