"""Grading of each question type against docs/question-spec.md, and quiz grading methods."""

from decimal import Decimal

import pytest

from quizzes.grading import feedback_for, grade, is_auto_graded, right_answer_summary
from quizzes.grading_methods import combine_attempt_grades
from quizzes.question_types import QUESTION_TYPES
from tests.chinese import in_chinese

pytestmark = pytest.mark.pure

D = Decimal

SINGLE = {
    "type": "single",
    "name": "逾期天数",
    "choices": [
        {"text": "正常类", "fraction": "0", "feedback": "逾期 91 天已不是正常类。"},
        {"text": "次级类", "fraction": "1", "feedback": "正确。"},
        {"text": "关注类", "fraction": "0.5", "feedback": ""},
        {"text": "损失类", "fraction": "-0.5", "feedback": "差得太远。"},
    ],
}
MULTI = {
    "type": "multi",
    "choices": [
        {"text": "核实资金用途", "fraction": "0.5", "feedback": "对：资金用途。"},
        {"text": "检查抵押物", "fraction": "0.5", "feedback": ""},
        {"text": "帮客户还款", "fraction": "-1", "feedback": "绝对不行。"},
        {"text": "什么都不做", "fraction": "-0.5", "feedback": ""},
    ],
}
TRUEFALSE = {
    "type": "truefalse",
    "answer": True,
    "feedback_true": "没错。",
    "feedback_false": "再想想。",
}
SHORT = {
    "type": "shortanswer",
    "answers": [
        {"text": "贷后检查", "fraction": "1", "feedback": "完全正确。"},
        {"text": "贷后*", "fraction": "0.5", "feedback": "方向对了。"},
        {"text": "*", "fraction": "0", "feedback": "答案与贷后管理有关。"},
    ],
}
NUMERICAL = {
    "type": "numerical",
    "numerical_answers": [
        {"value": "12800", "tolerance": "0", "fraction": "1", "feedback": "计算正确。"},
        {"value": "12000", "tolerance": "1000", "fraction": "0.5", "feedback": "接近了。"},
    ],
}
MATCHING = {
    "type": "matching",
    "pairs": [
        {"left": "逾期 1-30 天", "right": "关注类"},
        {"left": "逾期 91-180 天", "right": "次级类"},
        {"left": "逾期 181-360 天", "right": "可疑类"},
        {"left": "", "right": "损失类"},
    ],
}
ORDERING = {"type": "ordering", "items": ["发现预警信号", "核实情况", "制定方案", "跟踪落实"]}
ESSAY = {
    "type": "essay",
    "rubric": [
        {
            "criterion": "识别风险信号",
            "levels": [{"label": "好", "points": "4"}, {"label": "差", "points": "0"}],
        }
    ],
}


@pytest.mark.parametrize(
    "response, expected",
    [
        (1, "1"),
        (2, "0.5"),
        (0, "0"),
        (3, "0"),
        (4, "0"),
        (-1, "0"),
        (None, "0"),
        ("1", "0"),
        (True, "0"),
    ],
)
def test_single_choice_scores_the_chosen_choice(response, expected):
    assert grade(SINGLE, response) == D(expected)


def test_single_choice_penalty_only_when_allowed():
    assert grade({**SINGLE, "allow_negative_total": True}, 3) == D("-0.5")


@pytest.mark.parametrize(
    "response, expected",
    [
        ([0, 1], "1"),
        ([0], "0.5"),
        ([1, 0, 1], "1"),  # duplicates count once
        ([0, 1, 3], "0.5"),
        ([0, 2], "0"),  # 0.5 - 1 clamped at 0
        ([], "0"),
        ([0, 9], "0"),  # an invalid index makes the response malformed
        ("0,1", "0"),
        (None, "0"),
        ([True], "0"),
    ],
)
def test_multi_choice_sums_fractions_clamped_to_0_1(response, expected):
    assert grade(MULTI, response) == D(expected)


def test_multi_choice_total_may_go_negative_when_allowed_but_not_below_minus_one():
    spec = {**MULTI, "allow_negative_total": True}
    assert grade(spec, [0, 2]) == D("-0.5")
    assert grade(spec, [2, 3]) == D("-1")


def test_multi_choice_total_never_exceeds_one():
    spec = {
        "type": "multi",
        "choices": [{"text": "a", "fraction": "0.7"}, {"text": "b", "fraction": "0.7"}],
    }
    assert grade(spec, [0, 1]) == D(1)


@pytest.mark.parametrize(
    "response, expected", [(True, "1"), (False, "0"), ("true", "0"), (1, "0"), (None, "0")]
)
def test_truefalse(response, expected):
    assert grade(TRUEFALSE, response) == D(expected)
    assert grade({**TRUEFALSE, "answer": False}, False) == D(1)


@pytest.mark.parametrize(
    "response, expected",
    [
        ("贷后检查", "1"),
        ("  贷后   检查 ", "0.5"),  # inner space kept (collapsed): only the wildcard answer matches
        ("贷后检查\u3000", "1"),  # ideographic space trimmed
        ("贷后管理", "0.5"),
        ("贷后", "0.5"),  # the wildcard matches nothing too
        ("风险", "0"),
        ("", "0"),
        ("   ", "0"),
        (None, "0"),
        (42, "0"),
    ],
)
def test_shortanswer_best_matching_answer(response, expected):
    assert grade(SHORT, response) == D(expected)


def test_shortanswer_takes_best_fraction_not_first_match():
    spec = {
        "type": "shortanswer",
        "answers": [{"text": "*", "fraction": "0"}, {"text": "LPR", "fraction": "1"}],
    }
    assert grade(spec, "LPR") == D(1)


def test_shortanswer_case_and_width():
    spec = {"type": "shortanswer", "answers": [{"text": "LPR", "fraction": "1"}]}
    assert grade(spec, "lpr") == D(1)
    assert grade(spec, "ＬＰＲ") == D(1)  # full-width letters
    assert grade({**spec, "case_sensitive": True}, "lpr") == D(0)
    assert grade({**spec, "case_sensitive": True}, "LPR") == D(1)
    assert grade({**spec, "normalize_width": False}, "ＬＰＲ") == D(0)


def test_shortanswer_escaped_asterisk_is_literal():
    spec = {"type": "shortanswer", "answers": [{"text": "A\\*B", "fraction": "1"}]}
    assert grade(spec, "A*B") == D(1)
    assert grade(spec, "AxxB") == D(0)


@pytest.mark.parametrize(
    "response, expected",
    [
        ("12800", "1"),
        ("12,800", "1"),
        ("12800.0", "1"),
        ("１２８００", "1"),
        ("１２，８００", "1"),
        ("  12800 ", "1"),
        ("+12800", "1"),
        ("1.28e4", "1"),
        (12800, "1"),
        ("12500", "0.5"),
        ("11000", "0.5"),  # tolerance bound is inclusive
        ("10999.99", "0"),
        ("12,8", "0"),  # badly grouped comma is not guessed at
        ("12800元", "0"),
        ("一万二千八", "0"),
        ("NaN", "0"),
        ("Infinity", "0"),
        ("", "0"),
        (None, "0"),
        (True, "0"),
        ([12800], "0"),
    ],
)
def test_numerical(response, expected):
    assert grade(NUMERICAL, response) == D(expected)


def test_numerical_negative_numbers_and_wildcard():
    spec = {
        "type": "numerical",
        "numerical_answers": [
            {"value": "-3", "tolerance": "0.5", "fraction": "1"},
            {"value": "*", "tolerance": "0", "fraction": "0", "feedback": "请检查符号。"},
        ],
    }
    assert grade(spec, "−3.2") == D(1)  # U+2212 minus sign
    assert grade(spec, "3") == D(0)
    assert feedback_for(spec, "3") == ["请检查符号。"]
    assert feedback_for(spec, "abc") == []


@pytest.mark.parametrize(
    "response, expected",
    [
        ({"0": "关注类", "1": "次级类", "2": "可疑类"}, "1"),
        ({"0": "关注类", "1": "损失类", "2": "可疑类"}, "0.6666666666666666666666666667"),
        ({0: "关注类"}, "0.3333333333333333333333333333"),  # int keys accepted
        ({"0": " 关注类 "}, "0.3333333333333333333333333333"),
        ({"3": "损失类"}, "0"),  # the distractor is not a sub-question
        ({}, "0"),
        (["关注类"], "0"),
        (None, "0"),
        ({"0": 1}, "0"),
    ],
)
def test_matching_each_subquestion_weighs_the_same(response, expected):
    assert grade(MATCHING, response) == D(expected)


@pytest.mark.parametrize(
    "rule, response, expected",
    [
        ("absolute_position", [0, 1, 2, 3], "1"),
        ("absolute_position", [0, 1, 3, 2], "0.5"),
        ("absolute_position", [1, 2, 3, 0], "0"),
        ("relative_next", [1, 2, 3, 0], "0.6666666666666666666666666667"),
        ("relative_next", [0, 1, 3, 2], "0.3333333333333333333333333333"),
        ("relative_next", [3, 2, 1, 0], "0"),
        ("all_or_nothing", [0, 1, 2, 3], "1"),
        ("all_or_nothing", [0, 1, 3, 2], "0"),
        ("absolute_position", [0, 1, 2], "0"),  # not every item placed
        ("absolute_position", [0, 0, 1, 2], "0"),  # duplicate
        ("relative_next", [0, 1, 2, 9], "0"),
        ("absolute_position", "0123", "0"),
        ("absolute_position", None, "0"),
    ],
)
def test_ordering_rules(rule, response, expected):
    assert grade({**ORDERING, "grading": rule}, response) == D(expected)


def test_ordering_defaults_to_absolute_position():
    assert grade(ORDERING, [0, 1, 3, 2]) == D("0.5")


def test_essay_and_description_are_not_auto_graded():
    assert grade(ESSAY, "我的分析……") is None
    assert grade({"type": "description", "text": "阅读材料"}, None) is None
    assert is_auto_graded("essay") is False
    assert is_auto_graded("description") is False
    assert is_auto_graded("nonsense") is False
    for qtype in (
        "single",
        "multi",
        "truefalse",
        "shortanswer",
        "numerical",
        "matching",
        "ordering",
    ):
        assert is_auto_graded(qtype) is True


def test_unknown_type_is_a_programming_error():
    with pytest.raises(ValueError):
        grade({"type": "cloze"}, "x")


def test_broken_spec_scores_zero_instead_of_raising():
    assert grade({"type": "single", "choices": [None]}, 0) == D(0)
    assert grade({"type": "multi", "choices": "oops"}, [0]) == D(0)
    assert grade({"type": "numerical", "numerical_answers": [{"value": "abc"}]}, "1") == D(0)


def test_every_registered_type_survives_garbage_responses():
    garbage = [None, "", "x", 3.5, -1, [None], {"a": object()}, [[1]], True]
    specs = [SINGLE, MULTI, TRUEFALSE, SHORT, NUMERICAL, MATCHING, ORDERING]
    assert {s["type"] for s in specs} | {"essay", "description"} == set(QUESTION_TYPES)
    for spec in specs:
        for response in garbage:
            result = grade(spec, response)
            assert D(0) <= result <= D(1)
            assert isinstance(feedback_for(spec, response), list)


@pytest.mark.parametrize(
    "spec, expected",
    [
        (SINGLE, "正确答案：次级类"),
        (MULTI, "正确答案：核实资金用途、检查抵押物"),
        (TRUEFALSE, "正确答案：正确"),
        ({**TRUEFALSE, "answer": False}, "正确答案：错误"),
        (SHORT, "正确答案：贷后检查"),
        (NUMERICAL, "正确答案：12800"),
        (
            {
                "type": "numerical",
                "numerical_answers": [{"value": "3", "tolerance": "2", "fraction": "1"}],
            },
            "正确答案：3（允许误差 ±2）",
        ),
        (
            MATCHING,
            "正确配对：逾期 1-30 天 → 关注类；逾期 91-180 天 → 次级类；逾期 181-360 天 → 可疑类",
        ),
        (ORDERING, "正确顺序：发现预警信号 → 核实情况 → 制定方案 → 跟踪落实"),
        (ESSAY, "本题由阅卷人人工评分。评分要点：识别风险信号（最高 4 分）"),
        ({"type": "description"}, ""),
    ],
)
def test_right_answer_summary_in_chinese(spec, expected):
    assert in_chinese(right_answer_summary(spec)) == expected


@pytest.mark.parametrize(
    "spec, response, expected",
    [
        (SINGLE, 0, ["逾期 91 天已不是正常类。"]),
        (SINGLE, 2, []),  # empty feedback is not shown
        (SINGLE, 7, []),
        (MULTI, [2, 0, 1], ["对：资金用途。", "绝对不行。"]),
        (TRUEFALSE, True, ["没错。"]),
        (TRUEFALSE, False, ["再想想。"]),
        (TRUEFALSE, None, []),
        (SHORT, "贷后检查", ["完全正确。"]),
        (SHORT, "贷后跟踪", ["方向对了。"]),
        (SHORT, "不知道", ["答案与贷后管理有关。"]),
        (NUMERICAL, "12,800", ["计算正确。"]),
        (NUMERICAL, "11500", ["接近了。"]),
        (MATCHING, {"0": "关注类"}, []),
        (ESSAY, "text", []),
    ],
)
def test_feedback_for_the_chosen_answers(spec, response, expected):
    assert feedback_for(spec, response) == expected


GRADES = [D("6"), D("9"), D("7.5")]


@pytest.mark.parametrize(
    "method, expected", [("highest", "9"), ("average", "7.5"), ("first", "6"), ("last", "7.5")]
)
def test_combine_attempt_grades(method, expected):
    assert combine_attempt_grades(method, GRADES) == D(expected)


def test_combine_attempt_grades_skips_ungraded_attempts():
    assert combine_attempt_grades("first", [None, D(4), D(8)]) == D(4)
    assert combine_attempt_grades("last", [D(4), D(8), None]) == D(8)
    assert combine_attempt_grades("average", [D(4), None, D(8)]) == D(6)
    assert combine_attempt_grades("average", [D(1), D(1), D(2)]) == D(4) / D(3)


@pytest.mark.parametrize("method", ["highest", "average", "first", "last"])
def test_combine_attempt_grades_without_graded_attempts(method):
    assert combine_attempt_grades(method, []) is None
    assert combine_attempt_grades(method, [None]) is None


def test_combine_attempt_grades_rejects_unknown_method():
    with pytest.raises(ValueError):
        combine_attempt_grades("median", GRADES)
