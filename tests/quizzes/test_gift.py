"""GIFT import/export: each case mirrors a decision of Moodle's qformat_gift."""

from pathlib import Path

import pytest

from core.markdown import render_markdown
from quizzes.importing.gift import parse_gift
from quizzes.importing.gift_export import export_gift
from tests.chinese import in_chinese

pytestmark = pytest.mark.pure

FIXTURES = Path(__file__).parent / "fixtures"


def one(text: str, **kwargs) -> dict:
    result = parse_gift(text, **kwargs)
    assert result.errors == [], result.errors
    assert len(result.questions) == 1
    return result.questions[0]


def error_of(text: str) -> str:
    result = parse_gift(text)
    assert result.questions == []
    assert len(result.errors) == 1
    return in_chinese(result.errors[0].message)


def choices(question: dict) -> list[tuple[str, str, str]]:
    return [(c["text"], c["fraction"], c["feedback"]) for c in question["choices"]]


# ---------------------------------------------------------------- structure


def test_comment_lines_are_ignored_and_blank_lines_separate_questions():
    result = parse_gift("// 注释\n客户A是否逾期？{T}\n\n// 另一条注释\n\n客户B是否逾期？{F}\n")
    assert [q["text"] for q in result.questions] == ["客户A是否逾期？", "客户B是否逾期？"]
    assert [q["line"] for q in result.questions] == [2, 6]


def test_title_between_double_colons_is_the_name():
    q = one("::贷后检查::贷后检查是否必须实地进行？{TRUE}")
    assert q["name"] == "贷后检查"
    assert q["text"] == "贷后检查是否必须实地进行？"


def test_name_defaults_to_the_first_40_characters_of_the_text():
    text = "对于借款人经营状况发生重大不利变化的情形，客户经理应当在发现后立即向上级报告并启动预警处置流程"
    q = one(text + "{T}")
    assert q["name"] == text[:40]


@pytest.mark.parametrize("fmt", ["html", "markdown", "plain", "moodle"])
def test_format_marker_sets_text_format_and_is_removed(fmt):
    q = one(f"::格式::[{fmt}]贷款**五级**分类{{~正常 =关注}}")
    assert q["text_format"] == fmt
    assert q["text"] == "贷款**五级**分类"


def test_unknown_bracket_prefix_stays_in_the_text():
    q = one("[重要]贷后检查需留存记录。{T}")
    assert q["text_format"] == "moodle"
    assert q["text"] == "[重要]贷后检查需留存记录。"


def test_category_strips_course_context_and_top_and_applies_to_following_questions():
    result = parse_gift("$CATEGORY: $course$/top/贷后/预警\n\n题一{T}\n\n题二{F}")
    assert [q["category"] for q in result.questions] == ["贷后/预警", "贷后/预警"]


def test_system_category_and_default_category():
    result = parse_gift(
        "题零{T}\n\n$CATEGORY: $system$/押品管理\n\n题一{T}", default_category="默认"
    )
    assert [q["category"] for q in result.questions] == ["默认", "押品管理"]


def test_category_line_directly_followed_by_a_question_is_accepted():
    q = one("$CATEGORY: 贷后\n::题::逾期是否要催收？{T}")
    assert q["category"] == "贷后"
    assert q["line"] == 2


def test_tags_come_from_comments_like_moodle_4():
    q = one("// [tag:预警] [tag:入门]\n::题::逾期是否要催收？{T}")
    assert q["tags"] == ["预警", "入门"]


def test_chinese_windows_line_endings_and_bom():
    text = "\ufeff// 注释\r\n::题一::借款人是否按期还款？{\r\n=是\r\n~否\r\n}\r\n\r\n::题二::展期需审批。{T}\r\n"
    result = parse_gift(text)
    assert result.errors == []
    assert [q["name"] for q in result.questions] == ["题一", "题二"]
    assert choices(result.questions[0]) == [("是", "1", ""), ("否", "0", "")]


# ---------------------------------------------------------------- choice questions


def test_single_equals_answer_makes_a_single_choice_with_feedback():
    q = one("::题::首次检查时限？{=15天#正确 ~90天#太晚 ~一年}")
    assert q["type"] == "single"
    assert choices(q) == [("15天", "1", "正确"), ("90天", "0", "太晚"), ("一年", "0", "")]
    assert q["shuffle_choices"] is True


def test_percentages_without_equals_make_a_multi_choice():
    q = one("::题::不良贷款包括{~%50%次级 ~%50%可疑 ~正常}")
    assert q["type"] == "multi"
    assert choices(q) == [("次级", "0.5", ""), ("可疑", "0.5", ""), ("正常", "0", "")]


def test_negative_percentage_is_a_penalty():
    q = one("::题::不良贷款包括{~%50%次级 ~%50%可疑 ~%-25%关注}")
    assert q["choices"][2]["fraction"] == "-0.25"


def test_single_choice_may_carry_partial_credit_like_moodle():
    q = one("::题::逾期多少天算次级？{=90天 ~%50%60天 ~30天}")
    assert q["type"] == "single"
    assert choices(q)[1] == ("60天", "0.5", "")


def test_multi_choice_grades_must_add_up_to_100_percent():
    assert "100%" in error_of("::题::不良贷款包括{~%50%次级 ~%25%可疑 ~正常}")


def test_general_feedback_after_four_hashes():
    q = one("::题::首次检查时限？{=15天 ~90天 ####首次检查重在核实用途。}")
    assert q["general_feedback"] == "首次检查重在核实用途。"
    assert choices(q)[1] == ("90天", "0", "")


def test_choice_question_needs_two_options():
    assert "两个选项" in error_of("::题::只有一个选项{~%100%唯一}")


# ---------------------------------------------------------------- other types


@pytest.mark.parametrize(
    "word,expected", [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_words(word, expected):
    q = one(f"::判断::逾期 90 天以上属于不良。{{{word}}}")
    assert q["type"] == "truefalse"
    assert q["answer"] is expected


def test_false_with_wrong_and_right_feedback():
    q = one("::判断::展期无需审批。{F#展期必须审批。#对，展期要走审批流程。}")
    assert q["answer"] is False
    assert q["feedback_true"] == "展期必须审批。"  # shown to a trainee who (wrongly) says true
    assert q["feedback_false"] == "对，展期要走审批流程。"


def test_lowercase_true_is_a_short_answer_as_in_moodle():
    q = one("::题::请输入 true{true}")
    assert q["type"] == "shortanswer"
    assert q["answers"][0]["text"] == "true"


def test_short_answer_with_several_accepted_answers():
    q = one("::填空::不良贷款的简称是什么？{=不良 =%50%坏账#不够准确}")
    assert q["type"] == "shortanswer"
    assert [(a["text"], a["fraction"], a["feedback"]) for a in q["answers"]] == [
        ("不良", "1", ""),
        ("坏账", "0.5", "不够准确"),
    ]
    assert q["case_sensitive"] is False and q["normalize_width"] is True


def test_missing_word_in_mid_sentence_leaves_a_gap():
    q = one("::填空::贷款五级分类中 {=次级 ~关注 ~正常} 类属于不良贷款。")
    assert q["type"] == "single"
    assert q["text"] == "贷款五级分类中 _____ 类属于不良贷款。"


def test_numerical_with_tolerance():
    q = one("::数值::利率上浮 2 个百分点左右？{#2:0.5}")
    assert q["numerical_answers"] == [
        {"value": "2", "tolerance": "0.5", "fraction": "1", "feedback": ""}
    ]


def test_numerical_range_is_stored_as_midpoint_and_tolerance():
    q = one("::数值::检查间隔天数？{#1..5}")
    assert q["numerical_answers"][0]["value"] == "3"
    assert q["numerical_answers"][0]["tolerance"] == "2"


def test_numerical_with_several_weighted_answers_and_wrong_feedback():
    q = one("::数值::逾期天数？{# =%100%3:0#准确 =%50%3:1 ~#请复习逾期认定}")
    assert [(a["value"], a["tolerance"], a["fraction"]) for a in q["numerical_answers"]] == [
        ("3", "0", "1"),
        ("3", "1", "0.5"),
        ("*", "0", "0"),
    ]
    assert q["numerical_answers"][0]["feedback"] == "准确"
    assert q["numerical_answers"][2]["feedback"] == "请复习逾期认定"


def test_numerical_answer_must_be_a_number():
    assert "不是数字" in error_of("::数值::逾期天数？{#九十}")


def test_matching_pairs_and_distractor():
    q = one("::匹配::对应{=正常 -> 能履约 =关注 -> 有隐患 =次级 -> 难以履约 = -> 无关选项}")
    assert q["type"] == "matching"
    assert q["pairs"] == [
        {"left": "正常", "right": "能履约"},
        {"left": "关注", "right": "有隐患"},
        {"left": "次级", "right": "难以履约"},
        {"left": "", "right": "无关选项"},
    ]


def test_matching_needs_two_real_pairs():
    assert "两组配对" in error_of("::匹配::对应{=正常 -> 能履约 = -> 无关}")


def test_essay_is_an_empty_answer_block():
    q = one("::简答::请描述贷后检查流程。{}")
    assert q["type"] == "essay"
    assert q["rubric"] == [] and q["response_template"] == ""


def test_essay_with_general_feedback():
    q = one("::简答::请描述贷后检查流程。{####要点：实地、流水、报告。}")
    assert q["type"] == "essay"
    assert q["general_feedback"] == "要点：实地、流水、报告。"


def test_text_without_braces_is_a_description():
    q = one("::说明::以下题目基于某城商行的制度。")
    assert q["type"] == "description"
    assert q["default_mark"] == "0"


def test_escaped_special_characters():
    q = one(r"::比例\: 1\:2::公式 a\=b \{x\} \# 号 \~ 波浪\n换行{=答案\~1#反馈\#2 ~其他}")
    assert q["name"] == "比例: 1:2"
    assert q["text"] == "公式 a=b {x} # 号 ~ 波浪\n换行"
    assert choices(q)[0] == ("答案~1", "1", "反馈#2")


def test_double_backslash_is_a_literal_backslash():
    q = one(r"路径 C:\\贷后{T}")
    assert q["text"] == "路径 C:\\贷后"


PRE_QUESTION = """
::Q001::[html]<p>What would running the test method print?</p>
<pre>
    public void test() \\{
        method1();
        method2();
        method3();
    \\}
</pre>
{}"""


def test_indentation_inside_pre_is_kept_exactly_as_in_moodle():
    # Moodle's own case (qformat_gift giftformat_test::test_import_pre_content).
    q = one(PRE_QUESTION)
    assert q["type"] == "essay" and q["text_format"] == "html"
    assert q["text"] == (
        "<p>What would running the test method print?</p>\n<pre>\n"
        "    public void test() {\n        method1();\n        method2();\n"
        "        method3();\n    }\n</pre>"
    )


def test_whitespace_outside_pre_is_still_trimmed_and_pre_may_open_mid_line():
    q = one(
        "::代码::[html]   <p>看下面：</p>   \n  <PRE class=x>a\n\t  b  \n</pre>   \n   <p>完</p>  {}"
    )
    assert q["text"] == "<p>看下面：</p>\n<PRE class=x>a\n\t  b  \n</pre>\n<p>完</p>"


def test_pre_indentation_survives_export_and_rendering():
    q = one(PRE_QUESTION)
    again = one(export_gift([q]))
    assert again["text"] == q["text"]
    assert "\n        method1();\n" in str(render_markdown(again["text"]))
