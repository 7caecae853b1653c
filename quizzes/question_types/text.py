"""Typed answers: short answer, numerical, essay; and the description, which is not a question."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.domain import N_
from core.messages import OR, SEMICOLON, Message, listing, message
from quizzes.answer_matching import parse_number, text_matches, to_decimal
from quizzes.question_types.base import (
    RIGHT_ANSWER,
    ZERO,
    QuestionType,
    TextResponse,
    clamp,
)
from quizzes.question_types.spec_checks import SpecChecker
from quizzes.question_types.values import fraction_of


class ShortAnswer(TextResponse):
    """Moodle shortanswer with `*` wildcards, width folding and whitespace collapsing.

    Differs from Moodle on purpose: Moodle takes the FIRST matching answer in order; we take
    the matching answer with the highest fraction, so answer order cannot cost marks.
    An empty response matches nothing.
    """

    name = "shortanswer"
    label = N_("Short answer")
    template = {
        "answers": [{"text": "标准答案", "fraction": "1", "feedback": ""}],
        "case_sensitive": False,
        "normalize_width": True,
    }

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        check.key = "answers"
        answers = check.graded_texts(spec, message(N_("answer")), message(N_("answers")), 1)
        check.key = "case_sensitive"
        case_sensitive = check.boolean(spec.get("case_sensitive"), "case_sensitive", False)
        check.key = "normalize_width"
        normalize_width = check.boolean(spec.get("normalize_width"), "normalize_width", True)
        return {
            "answers": answers,
            "case_sensitive": case_sensitive,
            "normalize_width": normalize_width,
        }

    def _best(self, spec: dict, response: Any) -> dict | None:
        if not isinstance(response, str) or not response.strip():
            return None
        options = {
            "case_sensitive": bool(spec.get("case_sensitive", False)),
            "normalize_width": bool(spec.get("normalize_width", True)),
        }
        matches = [
            a
            for a in spec.get("answers") or []
            if isinstance(a.get("text"), str) and text_matches(a["text"], response, **options)
        ]
        return max(matches, key=fraction_of) if matches else None

    def right_response(self, spec: dict) -> Any:
        best = max(spec.get("answers") or [{}], key=fraction_of)
        return str(best.get("text", "")).replace("*", "")

    def grade(self, spec: dict, response: Any) -> Decimal:
        best = self._best(spec, response)
        return clamp(fraction_of(best)) if best else ZERO

    def right_answer(self, spec: dict) -> Message | None:
        answers = [a for a in spec.get("answers") or [] if fraction_of(a) > 0]
        if not answers:
            return None
        top = max(fraction_of(a) for a in answers)
        texts = [a.get("text", "") for a in answers if fraction_of(a) == top]
        return message(RIGHT_ANSWER, answer=listing(texts, OR))

    def feedback(self, spec: dict, response: Any) -> list[str]:
        best = self._best(spec, response)
        return [best["feedback"]] if best and best.get("feedback") else []


class Numerical(TextResponse):
    """Moodle numerical: an answer matches when |response - value| <= tolerance.

    Value `*` matches any number (Moodle's catch-all). Like ShortAnswer, the matching answer
    with the highest fraction wins (Moodle takes the first match). Text scores 0.
    """

    name = "numerical"
    label = N_("Numerical")
    template = {
        "numerical_answers": [{"value": "12800", "tolerance": "1", "fraction": "1", "feedback": ""}]
    }

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        check.key = "numerical_answers"
        entry, entries = message(N_("answer")), message(N_("answers"))

        def fields(row: dict, number: int) -> dict:
            value = message(N_("Value of %(entry)s %(number)d"), entry=entry, number=number)
            tolerance = message(N_("Tolerance of %(entry)s %(number)d"), entry=entry, number=number)
            return {
                "value": check.decimal(row.get("value"), value),
                "tolerance": check.decimal(row.get("tolerance", "0"), tolerance, Decimal(0)),
            }

        return {"numerical_answers": check.graded(spec, entry, entries, 1, fields)}

    def _best(self, spec: dict, response: Any) -> dict | None:
        number = parse_number(response)
        if number is None:
            return None
        best = None
        for answer in spec.get("numerical_answers") or []:
            if answer.get("value") == "*":
                matched = True
            else:
                value = to_decimal(answer.get("value"))
                tolerance = abs(to_decimal(answer.get("tolerance", "0")) or ZERO)
                matched = value is not None and abs(number - value) <= tolerance
            if matched and (best is None or fraction_of(answer) > fraction_of(best)):
                best = answer
        return best

    def right_response(self, spec: dict) -> Any:
        answers = [a for a in spec.get("numerical_answers") or [] if a.get("value") != "*"]
        return str(answers[0]["value"]) if answers else "0"

    def grade(self, spec: dict, response: Any) -> Decimal:
        best = self._best(spec, response)
        return clamp(fraction_of(best)) if best else ZERO

    def right_answer(self, spec: dict) -> Message | None:
        answers = [a for a in spec.get("numerical_answers") or [] if fraction_of(a) > 0]
        top = max((fraction_of(a) for a in answers), default=None)
        answers = [
            a for a in answers if fraction_of(a) == top and a.get("value") not in (None, "*")
        ]
        values = []
        for a in answers:
            tolerance = to_decimal(a.get("tolerance", "0")) or ZERO
            if tolerance:
                within = N_("%(value)s (± %(tolerance)s)")  # zh_CN: 12800（允许误差 ±1）
                values.append(message(within, value=a["value"], tolerance=tolerance))
            else:
                values.append(a["value"])
        return message(RIGHT_ANSWER, answer=listing(values, OR)) if values else None

    def feedback(self, spec: dict, response: Any) -> list[str]:
        best = self._best(spec, response)
        return [best["feedback"]] if best and best.get("feedback") else []


class Essay(TextResponse):
    """Essay: graded by a person (with the spec's rubric, when it has one)."""

    name = "essay"
    label = N_("Essay")
    auto_graded = False
    graded_by_hand = True
    template = {
        "rubric": [{"criterion": "评分要点", "levels": [{"label": "完整", "points": "2"}]}],
        "response_template": "",
    }

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        check.key = "rubric"
        entry, entries = message(N_("rubric row")), message(N_("rubric rows"))
        rubric = []
        for number, row in enumerate(check.entries(spec, entry, entries, 0), start=1):
            levels = row.get("levels") or []
            if not isinstance(levels, list) or not all(isinstance(level, dict) for level in levels):
                where = message(N_("Levels of %(entry)s %(number)d"), entry=entry, number=number)
                check.add(N_("%(where)s must be a list."), where=where)
                levels = []
            name = message(N_("Name of %(entry)s %(number)d"), entry=entry, number=number)
            label = message(N_("Level name of %(entry)s %(number)d"), entry=entry, number=number)
            points = message(N_("Points of %(entry)s %(number)d"), entry=entry, number=number)
            rubric.append(
                {
                    "criterion": check.text(row.get("criterion"), name),
                    "levels": [
                        {
                            "label": check.text(level.get("label"), label),
                            "points": check.decimal(level.get("points"), points, Decimal(0)),
                        }
                        for level in levels
                    ],
                }
            )
        check.key = "response_template"
        where = message(N_("Response template"))
        template = check.text(spec.get("response_template", ""), where, False)
        return {"rubric": rubric, "response_template": template}

    def present(self, spec: dict, order: list[int] | None, response: Any) -> dict:
        return {"response_template": spec.get("response_template", "")}

    def grade(self, spec: dict, response: Any) -> None:
        return None

    def right_answer(self, spec: dict) -> Message | None:
        criteria = []
        for row in spec.get("rubric") or []:
            points = [to_decimal(level.get("points")) for level in row.get("levels") or []]
            top = max((p for p in points if p is not None), default=None)
            criterion = row.get("criterion", "")
            if top is not None:
                up_to = N_("%(criterion)s (up to %(points)s marks)")
                criteria.append(message(up_to, criterion=criterion, points=top))
            elif criterion:
                criteria.append(criterion)
        if not criteria:
            return message(N_("A trainer grades this question."))
        return message(
            N_("A trainer grades this question. Criteria: %(criteria)s"),
            criteria=listing(criteria, SEMICOLON),
        )


class Description(QuestionType):
    """Description: text only; never answered, never graded, never carries marks."""

    name = "description"
    label = N_("Description")
    auto_graded = False
    has_marks = False

    def grade(self, spec: dict, response: Any) -> None:
        return None
