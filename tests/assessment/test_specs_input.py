"""Set-up forms accept what a Chinese keyboard types (full-width punctuation parses like ASCII)
and explain mistakes in the manager's language (the rules speak message ids; the zh_CN text is
read from the catalog, the English text is the id itself). Pure: no app, no database; the
same messages over HTTP are in test_specs_i18n."""

import pytest

from assessment import specs
from assessment.scoring import ScoringInputError
from tests.chinese import in_chinese

pytestmark = pytest.mark.pure


def test_a_rubric_typed_with_full_width_punctuation_equals_the_ascii_one():
    ascii_rubric = specs.parse_rubric("表达能力 | 2 | 优:4, 良:3\n规范 | 1 | 好:2, 差:1")
    full_width = specs.parse_rubric("表达能力 ｜ 2 ｜ 优：4，良：3\n规范 | 1 | 好：2, 差:1")
    assert full_width == ascii_rubric
    assert [len(c["levels"]) for c in full_width["criteria"]] == [2, 2]


def test_kpi_bands_typed_with_full_width_punctuation_equal_the_ascii_ones():
    ascii_bands = specs.parse_kpi("bands", "", "", "0:0, 3:60; 5:100", False, "笔")
    full_width = specs.parse_kpi("bands", "", "", "0：0，3：60；5：100", False, "笔")
    assert full_width == ascii_bands
    assert len(full_width["bands"]) == 3


@pytest.mark.parametrize(
    ("call", "zh", "en"),
    [
        (
            lambda: specs.parse_rubric("态度 | 0 | 优:4"),
            "评分表至少需要一个权重为正的评分项",
            "The rubric needs at least one criterion with a positive weight",
        ),
        (
            lambda: specs.parse_rubric("态度 | 1 | 优:0, 差:0"),
            "评分项“态度”需要至少一个得分为正的等级",
            "The criterion “态度” needs at least one level with positive points",
        ),
        (
            lambda: specs.parse_kpi("linear", "5", "5", "", False, ""),
            "线性计分的最差值与目标值不能相同",
            "The worst value and the target value must differ",
        ),
        (
            lambda: specs.parse_kpi("linear", "0", "10", "", True, ""),
            "越低越好时,目标值应小于最差值",
            "Lower is better: the target value must be below the worst value",
        ),
        (
            lambda: specs.parse_kpi("bands", "", "", "3:120", False, ""),
            "请至少填写一档,每档分数在0–100之间(例如 0:0, 3:60, 5:100)",
            "Give at least one band, each with points between 0 and 100 (e.g. 0:0, 3:60, 5:100)",
        ),
        (
            lambda: specs.parse_rule(specs.RuleInput(bottom_k="-1")),
            "末位淘汰人数不能为负",
            "The number of trainees to cut cannot be negative",
        ),
        (
            lambda: specs.parse_rule(specs.RuleInput(bottom_percent="120")),
            "末位淘汰比例应在0–100之间",
            "The percentage to cut must be between 0 and 100",
        ),
        (
            lambda: specs.parse_rule(specs.RuleInput(bottom_k="1", min_remaining="-2")),
            "最少保留人数不能为负",
            "The minimum number of trainees to keep cannot be negative",
        ),
    ],
)
def test_set_up_mistakes_are_explained_in_the_managers_language(call, zh, en):
    with pytest.raises(ScoringInputError) as raised:
        call()
    assert (in_chinese(raised.value), str(raised.value)) == (zh, en)
