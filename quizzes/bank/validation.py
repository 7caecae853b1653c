"""Checks a question spec (docs/question-spec.md) before the bank saves it.

Used by the browser editor and by importers of hand-written data (ordering.yaml). Messages are
Chinese, like the GIFT parser's. Pure: no Flask, no database.
"""

from __future__ import annotations

from decimal import Decimal

from quizzes.grading import ORDERING_GRADING
from quizzes.importing.parsing import format_decimal, grade_problem, parse_decimal

TYPES = ("single", "multi", "truefalse", "shortanswer", "numerical", "matching", "ordering")
TYPES += ("essay", "description")
TEXT_FORMATS = ("moodle", "html", "markdown", "plain")

# The type-specific keys, with what a new question of the type starts from in the editor.
TYPE_TEMPLATES: dict[str, dict] = {
    "single": {
        "choices": [
            {"text": "正确选项", "fraction": "1", "feedback": ""},
            {"text": "错误选项", "fraction": "0", "feedback": "为什么不对"},
        ],
        "shuffle_choices": True,
    },
    "multi": {
        "choices": [
            {"text": "正确选项一", "fraction": "0.5", "feedback": ""},
            {"text": "正确选项二", "fraction": "0.5", "feedback": ""},
            {"text": "错误选项", "fraction": "-0.5", "feedback": "为什么不对"},
        ],
        "shuffle_choices": True,
        "allow_negative_total": False,
    },
    "truefalse": {"answer": True, "feedback_true": "", "feedback_false": ""},
    "shortanswer": {
        "answers": [{"text": "标准答案", "fraction": "1", "feedback": ""}],
        "case_sensitive": False,
        "normalize_width": True,
    },
    "numerical": {
        "numerical_answers": [{"value": "12800", "tolerance": "1", "fraction": "1", "feedback": ""}]
    },
    "matching": {
        "pairs": [
            {"left": "左侧一", "right": "右侧一"},
            {"left": "左侧二", "right": "右侧二"},
            {"left": "", "right": "干扰项"},
        ]
    },
    "ordering": {"items": ["第一步", "第二步", "第三步"], "grading": "absolute_position"},
    "essay": {
        "rubric": [{"criterion": "评分要点", "levels": [{"label": "完整", "points": "2"}]}],
        "response_template": "",
    },
    "description": {},
}

COMMON_KEYS = ("type", "name", "text", "text_format", "general_feedback", "default_mark")
COMMON_KEYS += ("category", "tags")


def type_fields(spec: dict) -> dict:
    """The type-specific part of a spec (what the editor's JSON box holds)."""
    return {k: v for k, v in spec.items() if k not in COMMON_KEYS and k != "line"}


def _decimal(value, where: str, errors: list[str], low=None, high=None) -> str:
    number = parse_decimal(str(value)) if isinstance(value, (str, int, float)) else None
    if isinstance(value, bool) or number is None:
        errors.append(f"{where}必须是数字")
        return "0"
    if (low is not None and number < low) or (high is not None and number > high):
        errors.append(
            f"{where}必须在 {low} 到 {high} 之间" if high is not None else f"{where}不能小于 {low}"
        )
    return format_decimal(number)


def _text(value, where: str, errors: list[str], required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append(f"{where}必须是文字")
        return ""
    if required and not value.strip():
        errors.append(f"{where}不能为空")
    return value


def _bool(value, where: str, errors: list[str], default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        errors.append(f"{where}只能是 true 或 false")
        return default
    return value


def _entries(spec: dict, key: str, label: str, errors: list[str], minimum: int) -> list[dict]:
    entries = spec.get(key)
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        errors.append(f"{label}应是一个列表，每项是一个对象（{{…}}）")
        return []
    if len(entries) < minimum:
        errors.append(f"至少需要 {minimum} 个{label}")
    return entries


def _graded(spec, key, label, errors, minimum, fields) -> list[dict]:
    """Answers with a fraction and feedback; `fields` reads the rest of each entry."""
    cleaned = []
    for number, entry in enumerate(_entries(spec, key, label, errors, minimum), start=1):
        where = f"第{number}个{label}的"
        row = fields(entry, where)
        row["fraction"] = _decimal(entry.get("fraction", "0"), where + "分值", errors, -1, 1)
        row["feedback"] = _text(entry.get("feedback", ""), where + "反馈", errors, False)
        cleaned.append(row)
    if cleaned and not errors:
        problem = grade_problem(spec["type"], [row["fraction"] for row in cleaned])
        if problem:
            errors.append(problem)
    return cleaned


def _choice_fields(spec: dict, errors: list[str]) -> dict:
    def fields(entry, where):
        return {"text": _text(entry.get("text"), where + "文字", errors)}

    out = {"choices": _graded(spec, "choices", "选项", errors, 2, fields)}
    out["shuffle_choices"] = _bool(spec.get("shuffle_choices"), "shuffle_choices", errors, True)
    if spec["type"] == "multi":
        negative = spec.get("allow_negative_total")
        out["allow_negative_total"] = _bool(negative, "allow_negative_total", errors, False)
    return out


def _shortanswer_fields(spec: dict, errors: list[str]) -> dict:
    def fields(entry, where):
        return {"text": _text(entry.get("text"), where + "文字", errors)}

    return {
        "answers": _graded(spec, "answers", "答案", errors, 1, fields),
        "case_sensitive": _bool(spec.get("case_sensitive"), "case_sensitive", errors, False),
        "normalize_width": _bool(spec.get("normalize_width"), "normalize_width", errors, True),
    }


def _numerical_fields(spec: dict, errors: list[str]) -> dict:
    def fields(entry, where):
        return {
            "value": _decimal(entry.get("value"), where + "数值", errors),
            "tolerance": _decimal(entry.get("tolerance", "0"), where + "误差", errors, Decimal(0)),
        }

    return {"numerical_answers": _graded(spec, "numerical_answers", "答案", errors, 1, fields)}


def _matching_fields(spec: dict, errors: list[str]) -> dict:
    pairs = []
    for number, entry in enumerate(_entries(spec, "pairs", "配对", errors, 2), start=1):
        left = _text(entry.get("left", ""), f"第{number}个配对的左侧", errors, False)
        right = _text(entry.get("right"), f"第{number}个配对的右侧", errors)
        pairs.append({"left": left, "right": right})
    if pairs and sum(1 for p in pairs if p["left"].strip()) < 2:
        errors.append("配对题至少需要两个左侧不为空的配对（左侧为空的是干扰项）")
    return {"pairs": pairs}


def _ordering_fields(spec: dict, errors: list[str]) -> dict:
    items = spec.get("items")
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        errors.append("排序项应是文字列表，按正确顺序排列")
        items = []
    elif len(items) < 2:
        errors.append("排序题至少需要 2 个排序项")
    elif any(not i.strip() for i in items):
        errors.append("排序项不能为空")
    elif len({i.strip() for i in items}) != len(items):
        errors.append("排序项不能重复")
    grading = spec.get("grading") or "absolute_position"
    if grading not in ORDERING_GRADING:
        errors.append("grading 只能是 " + "、".join(ORDERING_GRADING))
    return {"items": list(items), "grading": grading}


def _essay_fields(spec: dict, errors: list[str]) -> dict:
    rubric = []
    for number, row in enumerate(_entries(spec, "rubric", "评分项", errors, 0), start=1):
        where = f"第{number}个评分项的"
        levels = row.get("levels") or []
        if not isinstance(levels, list) or not all(isinstance(level, dict) for level in levels):
            errors.append(where + "等级应是列表")
            levels = []
        rubric.append(
            {
                "criterion": _text(row.get("criterion"), where + "名称", errors),
                "levels": [
                    {
                        "label": _text(level.get("label"), where + "等级名称", errors),
                        "points": _decimal(level.get("points"), where + "分数", errors, Decimal(0)),
                    }
                    for level in levels
                ],
            }
        )
    template = _text(spec.get("response_template", ""), "作答模板", errors, False)
    return {"rubric": rubric, "response_template": template}


def _truefalse_fields(spec: dict, errors: list[str]) -> dict:
    if "answer" not in spec:
        errors.append("判断题要写明 answer（true 或 false）")
    return {
        "answer": _bool(spec.get("answer"), "answer", errors, True),
        "feedback_true": _text(spec.get("feedback_true", ""), "答“对”时的反馈", errors, False),
        "feedback_false": _text(spec.get("feedback_false", ""), "答“错”时的反馈", errors, False),
    }


_TYPE_CHECKS = {
    "single": _choice_fields,
    "multi": _choice_fields,
    "truefalse": _truefalse_fields,
    "shortanswer": _shortanswer_fields,
    "numerical": _numerical_fields,
    "matching": _matching_fields,
    "ordering": _ordering_fields,
    "essay": _essay_fields,
    "description": lambda spec, errors: {},
}


def clean_spec(spec: dict) -> tuple[dict, list[str]]:
    """A canonical copy of spec (decimals as strings, defaults filled) and the problems found."""
    errors: list[str] = []
    if not isinstance(spec, dict):
        return {}, ["题目数据必须是一个对象"]
    qtype = spec.get("type")
    if qtype not in TYPES:
        return {}, [f"未知题型：{qtype}"]
    name = _text(spec.get("name"), "题目名称", errors).strip()
    if len(name) > 255:
        errors.append("题目名称不能超过 255 个字")
    text_format = spec.get("text_format") or "moodle"
    if text_format not in TEXT_FORMATS:
        errors.append("文本格式只能是 " + "、".join(TEXT_FORMATS))
    tags = spec.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        errors.append("标签应是文字列表")
        tags = []
    cleaned = {
        "type": qtype,
        "name": name,
        "text": _text(spec.get("text"), "题干", errors),
        "text_format": text_format,
        "general_feedback": _text(spec.get("general_feedback", ""), "解析", errors, False),
        "default_mark": _decimal(spec.get("default_mark", "1"), "默认分值", errors, Decimal(0)),
        "category": spec.get("category"),
        "tags": tags,
    }
    cleaned.update(_TYPE_CHECKS[qtype](spec, errors))
    return cleaned, errors
