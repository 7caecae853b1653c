"""Trying a bank question as a trainee would: the take page's presentation, graded on the spot.

The trainer's preview uses the same presentation as attempts (quizzes/presenting.py), so what the
trainer checks is what trainees get. Nothing is stored.
"""

from __future__ import annotations

import difflib
import json
import random
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from quizzes.grading import feedback_for, grade, right_answer_summary
from quizzes.importing.parsing import format_decimal, parse_decimal
from quizzes.taking.presenting import present_item


def _shuffled(size: int, seed: int) -> list[int]:
    """A fixed order that is not the right one (for ordering questions)."""
    order = list(range(size))
    if size < 2:
        return order
    rng = random.Random(seed)
    while order == list(range(size)):
        rng.shuffle(order)
    return order


def present_spec(spec: dict, question_id: int = 0, response: Any = None) -> dict:
    """The question as the take page shows it, with response filled in when given."""
    mark = parse_decimal(str(spec.get("default_mark", "1"))) or Decimal(1)
    choice_order = None
    if spec.get("type") == "ordering":
        choice_order = _shuffled(len(spec.get("items") or []), question_id)
    item = SimpleNamespace(
        spec=spec,
        question_id=question_id,
        position=1,
        max_mark=mark,
        response=response,
        choice_order=choice_order,
    )
    return present_item(item)


def _index(value: str, size: int) -> int | None:
    return int(value) if value.isdigit() and int(value) < size else None


def response_from_form(spec: dict, values: list[str], order: str = "") -> Any:
    """The response (docs/question-spec.md) a trainee's form fields stand for; None if empty."""
    qtype = spec.get("type")
    values = [v for v in values if isinstance(v, str)]
    if qtype in ("single", "multi"):
        size = len(spec.get("choices") or [])
        picked = [i for v in values if (i := _index(v, size)) is not None]
        if qtype == "single":
            return picked[0] if picked else None
        return sorted(set(picked))
    if qtype == "truefalse":
        return {"true": True, "false": False}.get(values[0]) if values else None
    if qtype in ("shortanswer", "numerical", "essay"):
        return values[0][:5000] if values else None
    if qtype == "matching":
        stems = [i for i, p in enumerate(spec.get("pairs") or []) if str(p.get("left", "")).strip()]
        return {str(i): v for i, v in zip(stems, values, strict=False) if v}
    if qtype == "ordering":
        size = len(spec.get("items") or [])
        picked = [i for v in order.split(",") if (i := _index(v.strip(), size)) is not None]
        return picked if sorted(picked) == list(range(size)) else None
    return None


def try_result(spec: dict, response: Any) -> dict:
    """Score and feedback for one tried response, as the review page would show them."""
    fraction = grade(spec, response)
    mark = parse_decimal(str(spec.get("default_mark", "1"))) or Decimal(1)
    return {
        "answered": response not in (None, "", [], {}),
        "manual": fraction is None,
        "fraction": fraction,
        "score": None if fraction is None else format_decimal(round(fraction * mark, 2)),
        "max_mark": format_decimal(mark),
        "feedback": feedback_for(spec, response),
        "right_answer": right_answer_summary(spec),
    }


def _lines(spec: dict) -> list[str]:
    content = {k: v for k, v in spec.items() if k not in ("category", "tags", "line")}
    return json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True).splitlines()


def version_diff(older: dict, newer: dict) -> list[tuple[str, str]]:
    """What changed between two versions' content, as (kind, line); kind is "+", "-" or " "."""
    rows = []
    for line in difflib.unified_diff(_lines(older), _lines(newer), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        kind = "@" if line.startswith("@@") else line[:1]
        rows.append((kind, "…" if kind == "@" else line[1:]))
    return rows
