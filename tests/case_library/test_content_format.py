"""Tasks and exhibits are validated with clear Chinese messages; shipped content loads."""

import pytest

from case_library.content_format import ContentError, parse_exhibit, parse_tasks
from case_library.content_sync import CONTENT_DIR, read_case_dir
from tests.case_library.factories import TASKS_YAML

pytestmark = pytest.mark.pure


def errors_of(source: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        parse_tasks(source)
    return info.value.errors


def test_valid_tasks_parse_into_plain_data():
    tasks = parse_tasks(TASKS_YAML)
    assert [t["kind"] for t in tasks] == ["red_flags", "numeric", "ordering", "free_text"]
    assert tasks[0]["penalty_per_decoy"] == "5"
    assert tasks[1]["answer"] == "612000"


def test_broken_yaml_names_the_line():
    (message,) = errors_of("- id: a\n  kind: [numeric\n")
    assert "第" in message and "行" in message


def test_every_problem_is_listed_at_once():
    errors = errors_of(
        "- id: a\n  kind: essay\n  points: 5\n"
        "- id: a\n  kind: numeric\n  prompt: 多少？\n  points: -1\n  answer: 十二\n"
    )
    joined = "\n".join(errors)
    assert "kind 必须是" in joined
    assert "id 重复" in joined
    assert "answer必须是数字" in joined
    assert "points不能小于 0" in joined


def test_rubric_total_must_match_points():
    source = TASKS_YAML.replace("points: 30\n  guidance", "points: 35\n  guidance")
    assert any("与 points（35）不一致" in e for e in errors_of(source))


def test_red_flags_need_a_true_flag():
    source = (
        "- id: f\n  kind: red_flags\n  prompt: 选\n  points: 10\n  options:\n"
        "    - {id: a, text: 甲, is_flag: false}\n    - {id: b, text: 乙, is_flag: false}\n"
    )
    assert any("至少要有一个 is_flag: true" in e for e in errors_of(source))


def test_csv_row_with_wrong_width_is_reported_with_its_line():
    with pytest.raises(ContentError) as info:
        parse_exhibit("table", "日期,金额\n2024-10-01,100\n2024-10-02,1,000\n")
    assert "第 3 行有 3 列" in info.value.errors[0]


def test_document_needs_fields():
    with pytest.raises(ContentError):
        parse_exhibit("document", "title: 收据\nnote: 无\n")
    doc = parse_exhibit("document", "title: 收据\nfields:\n  - {label: 日期, value: 2024-10-16}\n")
    assert doc["fields"] == [{"label": "日期", "value": "2024-10-16"}]


SHIPPED = sorted(p.name for p in CONTENT_DIR.iterdir() if (p / "tasks.yaml").is_file())


def test_six_cases_ship():
    assert len(SHIPPED) >= 6
    assert "fake-mortgage" in SHIPPED


@pytest.mark.parametrize("slug", SHIPPED)
def test_shipped_case_is_complete_and_scores_to_100(slug):
    source = read_case_dir(CONTENT_DIR / slug)
    tasks = parse_tasks(source.tasks_yaml)
    assert len(tasks) >= 3
    assert sum(float(t["points"]) for t in tasks) == 100
    assert sum(t["kind"] == "free_text" for t in tasks) == 1
    assert source.exhibits and source.model_answer.strip()


def test_an_exhibit_parsed_again_is_a_fresh_copy_and_a_broken_one_errs_each_time():
    # Each worker keeps parsed YAML sources (a case page parses its exhibits on every view):
    # one page changing its copy must not show on the next, and errors are never kept.
    source = "title: 借款合同\nfields:\n  - label: 借款人\n    value: 张三\n"
    first = parse_exhibit("document", source)
    first["fields"][0]["value"] = "改过的值"
    first["fields"].append({"label": "多出的", "value": "行"})
    again = parse_exhibit("document", source)
    assert again["fields"] == [{"label": "借款人", "value": "张三"}]
    for _view in range(2):
        with pytest.raises(ContentError):
            parse_exhibit("document", "title: [未闭合")
