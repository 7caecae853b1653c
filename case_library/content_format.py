"""Parse and validate case content: tasks YAML and exhibits (CSV tables, YAML documents/notes).

Pure functions, no Flask. Errors are collected as clear Chinese messages (case content and its
errors are shown to Chinese-speaking authors as data, like the content itself).
"""

from __future__ import annotations

import csv
import functools
import io
from datetime import date
from decimal import Decimal, InvalidOperation

import yaml

TASK_KINDS = ("red_flags", "ordering", "numeric", "free_text")
EXHIBIT_KINDS = ("table", "document", "notes")


class ContentError(ValueError):
    """Invalid content; `errors` lists every problem found, in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _number(value, where: str, errors: list[str], *, minimum: Decimal | None = None):
    if isinstance(value, bool) or value is None:
        errors.append(f"{where}必须是数字。")
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors.append(f"{where}必须是数字，现在是“{value}”。")
        return None
    if not number.is_finite():
        errors.append(f"{where}必须是有限的数字。")
        return None
    if minimum is not None and number < minimum:
        errors.append(f"{where}不能小于 {minimum}。")
        return None
    return number


def _text(value, where: str, errors: list[str], *, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(f"{where}不能为空。")
        return ""
    if isinstance(value, date):  # YAML reads 2024-10-16 as a date
        return value.isoformat()
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        errors.append(f"{where}应该是一段文字。")
        return ""
    return str(value).strip()


def _red_flags(task: dict, where: str, errors: list[str]) -> dict:
    out = {"penalty_per_decoy": "0"}
    penalty = _number(
        task.get("penalty_per_decoy", 0), f"{where}的 penalty_per_decoy", errors, minimum=Decimal(0)
    )
    if penalty is not None:
        out["penalty_per_decoy"] = str(penalty)
    options = task.get("options")
    if not isinstance(options, list) or len(options) < 2:
        errors.append(f"{where}的 options 至少要有 2 个选项（列表）。")
        return out
    seen, parsed = set(), []
    for n, option in enumerate(options, 1):
        ow = f"{where}第 {n} 个选项"
        if not isinstance(option, dict):
            errors.append(f"{ow}应写成包含 id、text、is_flag 的映射。")
            continue
        oid = _text(option.get("id"), f"{ow}的 id", errors)
        if oid and oid in seen:
            errors.append(f"{ow}的 id“{oid}”重复了。")
        seen.add(oid)
        if not isinstance(option.get("is_flag"), bool):
            errors.append(f"{ow}的 is_flag 必须是 true 或 false。")
        parsed.append(
            {
                "id": oid,
                "text": _text(option.get("text"), f"{ow}的 text", errors),
                "is_flag": option.get("is_flag") is True,
                "why": _text(option.get("why"), f"{ow}的 why", errors, required=False),
            }
        )
    if parsed and not any(o["is_flag"] for o in parsed):
        errors.append(f"{where}至少要有一个 is_flag: true 的真疑点。")
    out["options"] = parsed
    return out


def _ordering(task: dict, where: str, errors: list[str]) -> dict:
    steps = task.get("steps")
    if not isinstance(steps, list) or len(steps) < 2:
        errors.append(f"{where}的 steps 至少要有 2 个步骤（按正确顺序排列的列表）。")
        return {"steps": []}
    parsed = [_text(s, f"{where}第 {n} 个步骤", errors) for n, s in enumerate(steps, 1)]
    if len(set(parsed)) != len(parsed):
        errors.append(f"{where}的步骤有重复，每个步骤的文字必须不同。")
    return {"steps": parsed}


def _numeric(task: dict, where: str, errors: list[str]) -> dict:
    answer = _number(task.get("answer"), f"{where}的 answer", errors)
    tolerance = _number(
        task.get("tolerance", 0), f"{where}的 tolerance", errors, minimum=Decimal(0)
    )
    return {
        "answer": str(answer) if answer is not None else "0",
        "tolerance": str(tolerance) if tolerance is not None else "0",
        "unit": _text(task.get("unit"), f"{where}的 unit", errors, required=False),
    }


def _free_text(task: dict, where: str, errors: list[str], points: Decimal | None) -> dict:
    rubric = task.get("rubric")
    if not isinstance(rubric, list) or not rubric:
        errors.append(f"{where}的 rubric 至少要有一条评分标准（criterion + levels）。")
        return {"rubric": [], "guidance": ""}
    parsed, total = [], Decimal(0)
    for n, criterion in enumerate(rubric, 1):
        cw = f"{where}第 {n} 条评分标准"
        if not isinstance(criterion, dict):
            errors.append(f"{cw}应写成包含 criterion 和 levels 的映射。")
            continue
        levels = criterion.get("levels")
        if not isinstance(levels, list) or len(levels) < 2:
            errors.append(f"{cw}的 levels 至少要有 2 个档次。")
            levels = []
        parsed_levels = []
        for m, level in enumerate(levels, 1):
            lw = f"{cw}第 {m} 档"
            if not isinstance(level, dict):
                errors.append(f"{lw}应写成包含 label、points、description 的映射。")
                continue
            pts = _number(level.get("points"), f"{lw}的 points", errors, minimum=Decimal(0))
            parsed_levels.append(
                {
                    "label": _text(level.get("label"), f"{lw}的 label", errors),
                    "points": str(pts) if pts is not None else "0",
                    "description": _text(level.get("description"), f"{lw}的 description", errors),
                }
            )
        if parsed_levels:
            total += max(Decimal(lv["points"]) for lv in parsed_levels)
        parsed.append(
            {
                "criterion": _text(criterion.get("criterion"), f"{cw}的 criterion", errors),
                "levels": parsed_levels,
            }
        )
    if points is not None and parsed and total != points:
        errors.append(f"{where}各评分标准最高档分数之和是 {total}，与 points（{points}）不一致。")
    return {
        "rubric": parsed,
        "guidance": _text(task.get("guidance"), f"{where}的 guidance", errors, required=False),
    }


def parse_tasks(source: str) -> list[dict]:
    """Parse tasks YAML into plain JSON-ready dicts; raise ContentError listing every problem."""
    try:
        data = _yaml_data(source or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        raise ContentError([f"任务 YAML 格式错误{where}：请检查缩进、冒号和引号。"]) from error
    if not isinstance(data, list) or not data:
        raise ContentError(["任务 YAML 应该是一个非空列表，每项以“- id:”开头。"])
    errors: list[str] = []
    tasks, ids = [], set()
    for n, task in enumerate(data, 1):
        where = f"第 {n} 个任务"
        if not isinstance(task, dict):
            errors.append(f"{where}应写成包含 id、kind、prompt、points 的映射。")
            continue
        tid = _text(task.get("id"), f"{where}的 id", errors)
        if tid:
            where = f"任务“{tid}”"
            if tid in ids:
                errors.append(f"{where}的 id 重复了。")
            ids.add(tid)
        kind = task.get("kind")
        if kind not in TASK_KINDS:
            errors.append(f"{where}的 kind 必须是 {'、'.join(TASK_KINDS)} 之一，现在是“{kind}”。")
            continue
        points = _number(task.get("points"), f"{where}的 points", errors, minimum=Decimal(0))
        if points is not None and points <= 0:
            errors.append(f"{where}的 points 必须大于 0。")
        parsed = {
            "id": tid,
            "kind": kind,
            "prompt": _text(task.get("prompt"), f"{where}的 prompt", errors),
            "points": str(points) if points is not None else "0",
            "explanation": _text(
                task.get("explanation"), f"{where}的 explanation", errors, required=False
            ),
        }
        if kind == "red_flags":
            parsed |= _red_flags(task, where, errors)
        elif kind == "ordering":
            parsed |= _ordering(task, where, errors)
        elif kind == "numeric":
            parsed |= _numeric(task, where, errors)
        else:
            parsed |= _free_text(task, where, errors, points)
        tasks.append(parsed)
    if errors:
        raise ContentError(errors)
    return tasks


def parse_table(source: str) -> dict:
    """A CSV exhibit as {"header": [...], "rows": [[...]]}; every row as wide as the header."""
    rows = [row for row in csv.reader(io.StringIO((source or "").strip())) if row]
    if not rows:
        raise ContentError(["表格不能为空：第一行是表头，以下每行一条记录，用英文逗号分隔。"])
    header, body = rows[0], rows[1:]
    errors = [
        f"第 {n} 行有 {len(row)} 列，表头有 {len(header)} 列；含逗号的单元格请用英文双引号括起来。"
        for n, row in enumerate(body, 2)
        if len(row) != len(header)
    ]
    if any(not h.strip() for h in header):
        errors.append("表头里有空列名。")
    if errors:
        raise ContentError(errors)
    return {"header": header, "rows": body}


# A case page parses its exhibits on every view, and PyYAML's pure-Python loader took a quarter
# of the page (bench/RESULTS.md, issue 14): each worker keeps the sources it parsed last. The
# loaded data is only read below, never handed out, so sharing it between requests is safe.
@functools.lru_cache(maxsize=512)
def _yaml_data(source: str):
    return yaml.safe_load(source)


def parse_yaml_exhibit(kind: str, source: str) -> dict:
    """A YAML document (title, fields[label, value], note) or notes (title, author, date, entries)."""
    try:
        data = _yaml_data(source or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise ContentError([f"YAML 格式错误{where}：请检查缩进、冒号和引号。"]) from error
    if not isinstance(data, dict):
        raise ContentError(["YAML 材料应该是一个映射（以 title: 开头）。"])
    errors: list[str] = []
    out = {"title": _text(data.get("title"), "title", errors, required=False)}
    if kind == "document":
        fields = data.get("fields")
        if not isinstance(fields, list) or not fields:
            errors.append("单据需要 fields 列表，每项包含 label 和 value。")
            fields = []
        out["fields"] = []
        for n, item in enumerate(fields, 1):
            if not isinstance(item, dict):
                errors.append(f"fields 第 {n} 项应包含 label 和 value。")
                continue
            out["fields"].append(
                {
                    "label": _text(item.get("label"), f"fields 第 {n} 项的 label", errors),
                    "value": _text(
                        item.get("value"), f"fields 第 {n} 项的 value", errors, required=False
                    ),
                }
            )
        out["note"] = _text(data.get("note"), "note", errors, required=False)
    else:
        entries = data.get("entries")
        if not isinstance(entries, list) or not entries:
            errors.append("记录需要 entries 列表，每项是一条文字记录。")
            entries = []
        out["entries"] = [_text(e, f"entries 第 {n} 条", errors) for n, e in enumerate(entries, 1)]
        out["author"] = _text(data.get("author"), "author", errors, required=False)
        out["date"] = _text(data.get("date"), "date", errors, required=False)
    if errors:
        raise ContentError(errors)
    return out


def parse_exhibit(kind: str, source: str) -> dict:
    """Parse one exhibit's source text according to its kind."""
    if kind == "table":
        return parse_table(source)
    if kind in ("document", "notes"):
        return parse_yaml_exhibit(kind, source)
    raise ContentError([f"材料类型必须是 {'、'.join(EXHIBIT_KINDS)} 之一，现在是“{kind}”。"])


def validate_exhibits(exhibits: list[dict]) -> list[str]:
    """Every problem of a list of exhibits ({title, kind, caption, source}), in Chinese."""
    errors: list[str] = []
    for n, exhibit in enumerate(exhibits, 1):
        title = (exhibit.get("title") or "").strip()
        label = f"材料 {n}“{title}”" if title else f"材料 {n}"
        if not title:
            errors.append(f"{label}缺少标题。")
        try:
            parse_exhibit(exhibit.get("kind", ""), exhibit.get("source", ""))
        except ContentError as error:
            errors += [f"{label}：{e}" for e in error.errors]
    return errors
