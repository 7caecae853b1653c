"""Trying a bank question as a trainee would: the take page's presentation, graded on the spot.

The trainer's preview uses the same presentation as attempts (quizzes/taking/presenting.py), so
what the trainer checks is what trainees get. Nothing is stored.
"""

from __future__ import annotations

import difflib
import json
from types import SimpleNamespace
from typing import Any

from core.i18n import translated
from quizzes.grading import feedback_for, grade, right_answer_summary
from quizzes.question_types import question_type
from quizzes.question_types.values import default_mark, format_decimal
from quizzes.taking.presenting import present_item


def present_spec(spec: dict, question_id: int = 0, response: Any = None) -> dict:
    """The question as the take page shows it, with response filled in when given."""
    item = SimpleNamespace(
        spec=spec,
        question_id=question_id,
        position=1,
        max_mark=default_mark(spec),
        response=response,
        choice_order=question_type(spec).preview_order(spec, seed=question_id),
    )
    return present_item(item)


def response_from_form(spec: dict, values: list[str], order: str = "") -> Any:
    """The response (docs/question-spec.md) a trainee's form fields stand for; None if empty."""
    values = [v for v in values if isinstance(v, str)]
    return question_type(spec).response_from_form(spec, values, order)


def try_result(spec: dict, response: Any) -> dict:
    """Score and feedback for one tried response, as the review page would show them."""
    fraction = grade(spec, response)
    mark = default_mark(spec)
    return {
        "answered": response not in (None, "", [], {}),
        "manual": fraction is None,
        "fraction": fraction,
        "score": None if fraction is None else format_decimal(round(fraction * mark, 2)),
        "max_mark": format_decimal(mark),
        "feedback": feedback_for(spec, response),
        "right_answer": translated(right_answer_summary(spec)),
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
