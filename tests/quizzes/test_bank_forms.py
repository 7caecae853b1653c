"""The question editor answers bad input with Chinese messages and keeps what was typed."""

import json

import pytest

from quizzes.bank.validation import clean_spec
from quizzes.question_types import QUESTION_TYPES


def _post(client, qtype, type_data, **fields):
    data = {
        "category": "校验",
        "name": "校验题",
        "text": "题干文字",
        "text_format": "moodle",
        "default_mark": "1",
        "type_data": type_data if isinstance(type_data, str) else json.dumps(type_data),
        **fields,
    }
    return client.post(f"/quizzes/bank/questions/new?type={qtype}", data=data)


@pytest.fixture
def trainer(login_as):
    return login_as("trainer")


def test_broken_json_is_reported_with_its_line_and_the_text_is_kept(trainer, client):
    response = _post(client, "single", '{\n "choices": [\n  {"text": "甲",}\n ]\n}')
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "JSON" in page and "第 3 行" in page
    assert "题干文字" in page and "&#34;甲&#34;" in page or '"甲"' in page


@pytest.mark.parametrize(
    ("qtype", "type_data", "message"),
    [
        ("single", {"choices": [{"text": "甲", "fraction": "0.5"}, {"text": "乙"}]}, "100%"),
        ("single", {"choices": [{"text": "甲", "fraction": "1"}]}, "至少需要 2 个选项"),
        (
            "multi",
            {"choices": [{"text": "甲", "fraction": "0.5"}, {"text": "乙"}]},
            "之和应为 100%",
        ),
        ("truefalse", {}, "判断题要写明 answer"),
        ("shortanswer", {"answers": [{"text": "", "fraction": "1"}]}, "文字不能为空"),
        (
            "numerical",
            {"numerical_answers": [{"value": "一万", "fraction": "1"}]},
            "数值必须是数字",
        ),
        ("numerical", {"numerical_answers": [{"value": "5", "tolerance": "-1"}]}, "误差不能小于"),
        ("matching", {"pairs": [{"left": "甲", "right": "乙"}]}, "至少需要 2 个配对"),
        ("ordering", {"items": ["甲", "甲"]}, "排序项不能重复"),
        (
            "essay",
            {"rubric": [{"criterion": "要点", "levels": [{"label": "好"}]}]},
            "分数必须是数字",
        ),
    ],
)
def test_each_type_rejects_bad_answers_in_chinese(trainer, client, qtype, type_data, message):
    response = _post(client, qtype, type_data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_missing_name_and_text_are_named(trainer, client):
    response = _post(client, "single", QUESTION_TYPES["single"].template, name="", text="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "请给题目起个名称" in page and "请填写题干" in page


@pytest.mark.pure
def test_templates_of_every_type_are_valid():
    for qtype, question_type in QUESTION_TYPES.items():
        spec = {"type": qtype, "name": "n", "text": "t", **question_type.template}
        assert clean_spec(spec)[1] == [], qtype


@pytest.mark.pure
def test_clean_spec_makes_decimals_canonical():
    spec = {
        "type": "numerical",
        "name": "n",
        "text": "t",
        "numerical_answers": [{"value": 12800.0, "tolerance": "1.50", "fraction": 1}],
    }
    cleaned, errors = clean_spec(spec)
    assert errors == []
    assert cleaned["numerical_answers"][0] == {
        "value": "12800",
        "tolerance": "1.5",
        "fraction": "1",
        "feedback": "",
    }
