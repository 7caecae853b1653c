"""GIFT import/export, errors and round trips: each case mirrors a decision of Moodle's qformat_gift."""

import json
import random
from pathlib import Path

import pytest

from quizzes.importing.gift import parse_gift
from quizzes.importing.gift_export import export_gift
from tests.chinese import in_chinese
from tests.quizzes.test_gift import error_of, one

pytestmark = pytest.mark.pure

FIXTURES = Path(__file__).parent / "fixtures"


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("::题::缺右括号{=a ~b", "答案块缺少右花括号 }"),
        ("::题::缺左括号=a ~b}", "缺少左花括号"),
        ("::题::两个答案块{=a ~b} 和 {=c ~d}", "只能有一个答案块"),
        ("::题::分值写错{~%五十%a ~%50%b ~%50%c}", "写法不对"),
        ("::题::{=a ~b}", "题干为空"),
        ("::题::超范围{~%150%a ~b}", "-100% 到 100%"),
    ],
)
def test_broken_questions_are_reported_in_chinese(text, fragment):
    message = error_of(text)
    assert message.startswith("第1行:")
    assert fragment in message


def test_error_carries_the_question_name():
    result = parse_gift("\n\n::逾期题::缺右括号{=a ~b")
    assert result.errors[0].name == "逾期题"
    assert in_chinese(result.errors[0].message) == "第3行:答案块缺少右花括号 }"


def test_error_report_names_every_failing_question():
    result = parse_gift((FIXTURES / "with_errors.gift").read_text(encoding="utf-8"))
    assert [q["name"] for q in result.questions] == ["题一", "题三", "题五"]
    assert [(e.line, e.name) for e in result.errors] == [(5, "题二"), (11, "题四")]


def test_random_garbage_never_raises():
    rng = random.Random(20240601)
    alphabet = "{}~=#:%->[]\\/$ \n\t\r贷后检查TRUEF0123456789.abc_CATEGORY:\ufeff"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        result = parse_gift(text)
        json.dumps(result.questions)
        assert all(in_chinese(e.message).startswith("第") for e in result.errors)


# ---------------------------------------------------------------- fixtures and round trips


def test_realistic_file_parses_completely():
    result = parse_gift((FIXTURES / "postloan_basics.gift").read_text(encoding="utf-8"))
    assert result.errors == []
    types = [q["type"] for q in result.questions]
    assert types == [
        "single",
        "multi",
        "truefalse",
        "shortanswer",
        "numerical",
        "matching",
        "essay",
        "description",
    ]
    assert {q["category"] for q in result.questions} == {"贷后管理/入门"}
    assert result.questions[0]["tags"] == ["贷后检查"]
    assert result.questions[-1]["text_format"] == "markdown"
    json.dumps(result.questions)


def without_lines(questions: list[dict]) -> list[dict]:
    return [{k: v for k, v in q.items() if k != "line"} for q in questions]


def test_export_then_parse_gives_back_the_same_questions():
    original = parse_gift((FIXTURES / "postloan_basics.gift").read_text(encoding="utf-8"))
    again = parse_gift(export_gift(original.questions))
    assert again.errors == []
    assert without_lines(again.questions) == without_lines(original.questions)


@pytest.mark.parametrize(
    "source",
    [
        r"::名\:称::[html]<p>含 \{特殊\} 字符 \= \~ \# 的题干</p>{=甲#反馈 \= 号 ~乙 ####总体\n反馈}",
        "::填空::贷款 {=次级 =%50%可疑} 类是不良。",
        "::数值::天数 {#1..5} 天内。",
        "::数值::天数{#=%100%3:0#准 =%50%3:1 ~#再想想}",
        "::判断::展期需要审批。{FALSE##对}",
        "::判断::展期需要审批。{TRUE#错}",
        "::匹配::对应{=正常 -> 能履约 =关注 -> 有隐患 = -> 干扰}",
        "::简答::写出思路 _____ 即可。{####要点}",
        "::多选::包括{~%50%次级 ~%50%可疑 ~%-100%正常}",
        "// [tag:预警]\n::文字::[plain][提示]看好押品",
        "$CATEGORY: 贷后/预警\n\n::题::A{T}\n\n$CATEGORY: top\n\n::题::B{T}",
    ],
)
def test_round_trip_per_type(source):
    original = parse_gift(source)
    assert original.errors == []
    again = parse_gift(export_gift(original.questions))
    assert again.errors == []
    assert without_lines(again.questions) == without_lines(original.questions)


@pytest.mark.parametrize(
    "text",
    [
        "反斜杠 \\ 与 \\n 字面量",
        "以空格结尾的空 _____",
        "//看起来像注释::也像标题::",
        "$CATEGORY: 看起来像分类",
        "[html]看起来像格式标记",
        "多行\n题干 {花括号} = ~ # : %50%",
    ],
)
def test_round_trip_of_awkward_text(text):
    source = one("::题::占位{=甲#反馈 ~乙}")
    source["text"] = text
    source["choices"][1]["text"] = text
    again = one(export_gift([source]))
    assert without_lines([again]) == without_lines([source])


def test_export_skips_types_gift_cannot_hold_with_a_comment():
    ordering = {"type": "ordering", "name": "排序题", "text": "排序", "items": ["甲", "乙"]}
    out = export_gift([ordering])
    assert out.startswith("// ")
    assert "排序题" in out
    assert parse_gift(out).questions == []
