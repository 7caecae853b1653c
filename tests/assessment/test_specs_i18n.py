"""Set-up messages and rule texts from assessment.specs follow the UI language (zh_CN by default)."""

import contextvars

import pytest
from flask import has_app_context
from flask_babel import force_locale

from assessment import specs
from assessment.scoring import ScoringInputError
from core.errors import describe
from tests.assessment.factories import add_stage, make_cohort

RULE = {"below_score": "60", "bottom_k": 2, "bottom_percent": "10", "min_remaining": 3}


def _error(call, *args) -> str:
    """The message of the error call(*args) raises, in the language of the moment."""
    with pytest.raises(ScoringInputError) as caught:
        call(*args)
    return describe(caught.value)


def test_bad_rubric_line_is_reported_in_chinese_by_default_and_in_english_on_request():
    assert (
        _error(specs.parse_rubric, "态度 优:4") == "评分表第1行应为“评分项 | 权重 | 等级:分值, ...”"
    )
    assert _error(specs.parse_rubric, "态度 | 1 | 优:x") == "评分表第1行的分值“x”不是数字"
    with force_locale("en"):
        assert _error(specs.parse_rubric, "\n态度 优:4") == (
            "Rubric line 2 should read “criterion | weight | level:points, ...”"
        )
        assert _error(specs.parse_rubric, "态度 | 1 | 优:x") == (
            "Rubric line 1: the points “x” are not a number"
        )
        assert _error(specs.parse_kpi, "", "", "", "", False, "") == "Choose how the KPI is scored"
        assert _error(specs.parse_rule, specs.RuleInput(bottom_k="1.5")) == (
            "The number of trainees to cut from the bottom must be a whole number"
        )


def test_rule_texts_read_in_the_ui_language():
    assert specs.rule_text({}) == "本阶段不淘汰"
    assert specs.rule_text(RULE) == "累计分低于60 或 末位2名 或 末位10%;至少保留3人"
    assert specs.kpi_rule_text({"mode": "linear", "worst": "0", "best": "10"}) == (
        "0 → 10 线性计分(越高越好)"
    )
    with force_locale("en"):
        assert specs.rule_text({}) == "No elimination after this stage"
        assert specs.rule_text(RULE) == (
            "cumulative score below 60 or the bottom 2 or the bottom 10%; keep at least 3"
        )
        assert specs.rule_text({**RULE, "combine": "all", "below_score": None}) == (
            "the bottom 2 and the bottom 10%; keep at least 3"
        )
        assert specs.kpi_rule_text(
            {"mode": "bands", "bands": [["0", "100"], ["3", "60"]], "lower_is_better": True}
        ) == ("Bands 0:100, 3:60 (lower is better)")


def test_without_an_app_context_the_english_text_is_used():
    """Scripts outside the app (no Flask context at all) get the untranslated English text."""

    def run():
        assert not has_app_context()
        with pytest.raises(ScoringInputError) as caught:
            specs.parse_rubric("态度 优:4")
        return str(caught.value), specs.rule_text({"bottom_k": 1})

    # Flask keeps its contexts in context variables: an empty Context has none of them
    assert contextvars.Context().run(run) == (
        "Rubric line 1 should read “criterion | weight | level:points, ...”",
        "the bottom 1; keep at least 0",
    )


def test_set_up_form_errors_follow_the_chosen_language_over_http(login_as, client):
    me = login_as("manager")
    cohort, _users, _manager = make_cohort(1, manager=me)
    stage = add_stage(cohort)
    data = {"name": "评估", "kind": "evaluation", "rubric": "态度 优:4"}
    response = client.post(f"/cohorts/stages/{stage.id}/components", data=data)
    assert response.status_code == 422
    assert "评分表第1行应为“评分项 | 权重 | 等级:分值, ...”" in response.get_data(as_text=True)
    response = client.post(f"/cohorts/stages/{stage.id}/components?lang=en", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Rubric line 1 should read “criterion | weight | level:points, ...”" in page
    assert "评分表" not in page
    stage_form = {"name": "实战", "starts_on": "2026-04-01", "ends_on": "2026-04-30"}
    response = client.post(
        f"/cohorts/{cohort.id}/stages?lang=en", data={**stage_form, "below_score": "abc"}
    )
    assert response.status_code == 422
    assert "The cut-off score “abc” is not a number" in response.get_data(as_text=True)
