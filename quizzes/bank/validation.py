"""Checks a question spec (docs/question-spec.md) before the bank saves it.

Used by the browser editor and by importers of hand-written data (ordering.yaml). The keys every
question has are checked here; each type checks its own keys (QuestionType.clean_fields).
Problems are messages, translated where they are shown. Pure: no Flask, no database.
"""

from __future__ import annotations

from decimal import Decimal

from core.domain import N_
from core.messages import listing, message
from quizzes.question_types import QUESTION_TYPES
from quizzes.question_types.spec_checks import SpecChecker, SpecProblem

TEXT_FORMATS = ("moodle", "html", "markdown", "plain")
COMMON_KEYS = ("type", "name", "text", "text_format", "general_feedback", "default_mark")
COMMON_KEYS += ("category", "tags")


def type_fields(spec: dict) -> dict:
    """The type-specific part of a spec (what the editor's JSON box holds)."""
    return {k: v for k, v in spec.items() if k not in COMMON_KEYS and k != "line"}


def clean_spec(spec: dict) -> tuple[dict, list[SpecProblem]]:
    """A canonical copy of spec (decimals as strings, defaults filled) and the problems found."""
    check = SpecChecker(key="type")
    if not isinstance(spec, dict):
        check.add(N_("The question data must be an object."))
        return {}, check.problems
    qtype = QUESTION_TYPES.get(spec.get("type"))
    if qtype is None:
        check.add(N_("Unknown question type: %(type)s"), type=str(spec.get("type")))
        return {}, check.problems
    check.key = "name"
    name = check.text(spec.get("name"), message(N_("Question name"))).strip()
    if len(name) > 255:
        check.add(N_("The question name cannot be longer than 255 characters."))
    check.key = "text_format"
    text_format = spec.get("text_format") or "moodle"
    if text_format not in TEXT_FORMATS:
        check.add(N_("The text format can only be %(choices)s."), choices=listing(TEXT_FORMATS))
    check.key = "tags"
    tags = spec.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        check.add(N_("Tags must be a list of texts."))
        tags = []
    check.key = "text"
    text = check.text(spec.get("text"), message(N_("Question text")))
    check.key = "general_feedback"
    feedback = check.text(spec.get("general_feedback", ""), message(N_("General feedback")), False)
    check.key = "default_mark"
    mark = check.decimal(spec.get("default_mark", "1"), message(N_("Default mark")), Decimal(0))
    cleaned = {
        "type": qtype.name,
        "name": name,
        "text": text,
        "text_format": text_format,
        "general_feedback": feedback,
        "default_mark": mark,
        "category": spec.get("category"),
        "tags": tags,
    }
    cleaned.update(qtype.clean_fields(spec, check))
    return cleaned, check.problems
