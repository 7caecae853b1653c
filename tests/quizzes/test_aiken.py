"""Aiken import/export, following Moodle's qformat_aiken."""

import json
import random
from pathlib import Path

import pytest

from quizzes.importing.aiken import aiken_unexportable, export_aiken, parse_aiken
from quizzes.importing.gift import parse_gift
from tests.chinese import in_chinese

pytestmark = pytest.mark.pure

FIXTURES = Path(__file__).parent / "fixtures"


def test_question_options_and_answer_line():
    result = parse_aiken("首次跟踪检查的时限是？\nA. 15天内\nB. 一年内\nANSWER: B\n")
    assert result.errors == []
    [q] = result.questions
    assert q["type"] == "single"
    assert q["text"] == "首次跟踪检查的时限是？"
    assert q["name"] == "首次跟踪检查的时限是？"
    assert [(c["text"], c["fraction"]) for c in q["choices"]] == [("15天内", "0"), ("一年内", "1")]
    assert q["line"] == 1


def test_parenthesis_labels_and_no_blank_line_between_questions():
    result = parse_aiken("题一？\nA) 甲\nB) 乙\nANSWER: A\n题二？\nA) 丙\nB) 丁\nANSWER: B")
    assert result.errors == []
    assert [q["line"] for q in result.questions] == [1, 5]


def test_full_width_labels_common_in_chinese_documents():
    result = parse_aiken("押品被查封应当？\nA．立即上报\nB）等待\nC、不理会\nANSWER：A")
    assert result.errors == []
    assert [c["text"] for c in result.questions[0]["choices"]] == ["立即上报", "等待", "不理会"]


def test_windows_line_endings_and_bom():
    result = parse_aiken("\ufeff逾期认定？\r\nA. 90天\r\nB. 30天\r\nANSWER: A\r\n")
    assert result.errors == []
    assert result.questions[0]["text"] == "逾期认定？"


def test_missing_answer_line_is_reported_and_next_question_still_read():
    result = parse_aiken("题一？\nA. 甲\nB. 乙\n\n题二？\nA. 丙\nB. 丁\nANSWER: A\n")
    assert [q["text"] for q in result.questions] == ["题二？"]
    [error] = result.errors
    assert (error.line, error.name) == (1, "题一？")
    assert "ANSWER" in in_chinese(error.message)


def test_question_left_open_at_end_of_file_is_reported():
    result = parse_aiken("题一？\nA. 甲\nB. 乙\n")
    assert result.questions == []
    assert in_chinese(result.errors[0].message).startswith("第1行:")


def test_answer_letter_outside_the_options():
    result = parse_aiken("题一？\nA. 甲\nB. 乙\nANSWER: D\n")
    assert result.questions == []
    assert "A 到 B" in in_chinese(result.errors[0].message)


def test_fewer_than_two_options():
    result = parse_aiken("题一？\nA. 甲\nANSWER: A\n")
    assert "少于两个" in in_chinese(result.errors[0].message)


def test_option_before_any_question():
    result = parse_aiken("A. 甲\nB. 乙\nANSWER: A\n")
    assert result.questions == []
    assert [e.line for e in result.errors] == [1, 2, 3]


def test_realistic_file():
    result = parse_aiken((FIXTURES / "postloan_basics_aiken.txt").read_text(encoding="utf-8"))
    assert result.errors == []
    correct = [[c["fraction"] for c in q["choices"]].index("1") for q in result.questions]
    assert correct == [0, 1, 0]


def without_lines(questions):
    return [{k: v for k, v in q.items() if k != "line"} for q in questions]


def test_export_then_parse_gives_back_the_same_questions():
    original = parse_aiken((FIXTURES / "postloan_basics_aiken.txt").read_text(encoding="utf-8"))
    again = parse_aiken(export_aiken(original.questions))
    assert again.errors == []
    assert without_lines(again.questions) == without_lines(original.questions)


def test_only_single_choice_questions_are_exported():
    gift = parse_gift(
        "::单选::逾期认定？{=90天 ~30天}\n\n"
        "::多选::不良包括{~%50%次级 ~%50%可疑 ~正常}\n\n"
        "::判断::展期需审批。{T}\n\n"
        "::部分得分::逾期认定？{=90天 ~%50%60天 ~30天}"
    )
    out = export_aiken(gift.questions)
    assert out == "逾期认定？\nA) 90天\nB) 30天\nANSWER: A\n"
    problems = [in_chinese(problem) for problem in aiken_unexportable(gift.questions)]
    assert len(problems) == 3
    assert problems[0].startswith("第2题《多选》")
    assert "部分得分" in problems[2]


def test_multiline_text_is_flattened_on_export():
    q = parse_gift("::单选::第一行\\n第二行{=甲 ~乙}").questions[0]
    assert export_aiken([q]).splitlines()[0] == "第一行 第二行"


def test_random_garbage_never_raises():
    rng = random.Random(7)
    alphabet = "ABCD.)）．: \nANSWER贷后检查\r\ufeff"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        result = parse_aiken(text)
        json.dumps(result.questions)
        export_aiken(result.questions)
