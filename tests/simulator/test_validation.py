"""Scenario files: the shipped ones are valid; a bad file names the file, line and field."""

from pathlib import Path

import pytest

from simulator.checker import ScenarioInvalid
from simulator.content_sync import SCENARIO_DIR
from simulator.scenario_schema import parse_scenario
from tests.simulator.samples import MINI

pytestmark = pytest.mark.pure


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioInvalid) as caught:
        parse_scenario(text, "bad.yaml")
    return [problem.text() for problem in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("path", sorted(SCENARIO_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_scenarios_are_valid_with_eight_to_fifteen_loans(path: Path):
    spec = parse_scenario(path.read_text(encoding="utf-8"), path.name)
    assert 8 <= len(spec["loans"]) <= 15
    assert sum(spec["weights"].values()) > 0


def test_shipped_scenarios_rise_in_difficulty_and_cover_every_event_type():
    specs = [
        parse_scenario(p.read_text(encoding="utf-8")) for p in sorted(SCENARIO_DIR.glob("*.yaml"))
    ]
    assert [s["difficulty"] for s in specs] == [1, 2, 3]
    types = {e["type"] for s in specs for e in s["events"]}
    assert {
        "diversion",
        "low_balance",
        "other_card",
        "utility_drop",
        "payroll_drop",
        "partner_dispute",
        "lawsuit",
        "documents_stopped",
        "gift_offer",
    } <= types


def test_a_wrong_number_names_its_line_and_field():
    text = MINI.replace("installment: 1000", "installment: 一千")
    assert problems(text) == [
        f"bad.yaml:{line_of(text, '一千')}: loans[1].installment: "
        "Expected a number from 1 to 10000000."
    ]


def test_a_missing_field_points_at_the_enclosing_entry():
    text = MINI.replace("    borrower: 乙某\n", "")
    [problem] = problems(text)
    assert problem.startswith(f"bad.yaml:{line_of(text, '- id: N2')}: loans[1].borrower:")


def test_every_problem_is_reported_not_just_the_first():
    text = (
        MINI.replace("due_day: 3", "due_day: 31")
        .replace("loan: N1", "loan: N9")
        .replace("at: 2026-03-04 15:00", "at: 2026-04-30 15:00")
        .replace("amunt_typo: 1", "")
        .replace(
            "    term_months: 12\n    due_day: 8",
            "    term_months: 12\n    colour: red\n    due_day: 8",
        )
    )
    found = problems(text)
    assert any(": loans[0].due_day: Expected a whole number from 1 to 28." in p for p in found)
    assert any(": events[0].loan: No loan has the id N9." in p for p in found)
    assert any(": events[0].at: Must fall between 2026-03-02 and 2026-03-11" in p for p in found)
    assert any(
        f"bad.yaml:{line_of(text, 'colour')}: loans[1].colour: Unknown field" in p for p in found
    )


def test_yaml_syntax_errors_give_the_line():
    text = MINI.replace("title: 小测试", "title: [小测试")
    [problem] = problems(text)
    assert problem.startswith("bad.yaml:") and "(file): Not valid YAML" in problem


def test_a_key_given_twice_and_an_unknown_placeholder_are_problems():
    text = MINI.replace("days: 10", "days: 10\ndays: 11").replace("{amount} 元", "{amont} 元")
    found = problems(text)
    assert any(
        f"bad.yaml:{line_of(text, 'days: 11')}: days: This field is given twice." in p
        for p in found
    )
    assert any("events[0].title: Unknown placeholder {amont}" in p for p in found)


def test_an_empty_file_is_a_problem_not_a_crash():
    assert problems("") == ["bad.yaml:1: (file): This section is required."]
    assert problems("- a\n- b\n")[0].endswith("Expected a mapping of fields (name: value).")
