"""Choice types: single choice, multiple choice, true/false (Moodle multichoice, truefalse)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from core.domain import N_
from core.messages import Message, listing, message
from quizzes.question_types.base import (
    ONE,
    RIGHT_ANSWER,
    ZERO,
    QuestionType,
    clamp,
    does_not_fit,
    form_index,
    is_index,
    ordered,
)
from quizzes.question_types.spec_checks import SpecChecker
from quizzes.question_types.values import fraction_of

TRUE = N_("true")  # a true/false answer in words (zh_CN: 正确)
FALSE = N_("false")


class Choice(QuestionType):
    """What single and multiple choice share: choices, shuffled unless the spec says not to."""

    def _choices(self, spec: dict) -> list[dict]:
        return spec.get("choices") or []

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        check.key = "choices"
        entry, entries = message(N_("choice")), message(N_("choices"))
        out = {"choices": check.graded_texts(spec, entry, entries, 2)}
        check.key = "shuffle_choices"
        out["shuffle_choices"] = check.boolean(spec.get("shuffle_choices"), "shuffle_choices", True)
        return out

    def choice_order(self, spec: dict, shuffle: bool, rng: random.Random) -> list[int] | None:
        order = list(range(len(self._choices(spec))))
        if shuffle and spec.get("shuffle_choices", True):
            rng.shuffle(order)
        return order

    def present(self, spec: dict, order: list[int] | None, response: Any) -> dict:
        choices = self._choices(spec)
        shown = ordered(order, len(choices))
        return {"choices": [{"index": i, "text": choices[i].get("text", "")} for i in shown]}

    def _picked(self, spec: dict, values: list[str]) -> list[int]:
        size = len(self._choices(spec))
        return [i for v in values if (i := form_index(v, size)) is not None]

    def response_words(self, spec: dict, response: Any) -> Message | str:
        choices = self._choices(spec)
        indices = response if isinstance(response, list) else [response]
        return listing(choices[i].get("text", "") for i in indices if 0 <= i < len(choices))


class SingleChoice(Choice):
    """Moodle multichoice (one answer): the fraction of the chosen choice.

    A negative fraction is clamped to 0 unless the spec sets `allow_negative_total`.
    """

    name = "single"
    label = N_("Single choice")
    template = {
        "choices": [
            {"text": "正确选项", "fraction": "1", "feedback": ""},
            {"text": "错误选项", "fraction": "0", "feedback": "为什么不对"},
        ],
        "shuffle_choices": True,
    }

    def _chosen(self, spec: dict, response: Any) -> dict | None:
        choices = self._choices(spec)
        return choices[response] if is_index(response, len(choices)) else None

    def check_response(self, spec: dict, response: Any) -> Any:
        if not is_index(response, len(self._choices(spec))):
            raise does_not_fit()
        return response

    def response_from_form(self, spec: dict, values: list[str], order: str) -> Any:
        picked = self._picked(spec, values)
        return picked[0] if picked else None

    def right_response(self, spec: dict) -> Any:
        fractions = [fraction_of(c) for c in self._choices(spec)]
        return fractions.index(max(fractions))

    def wrong_response(self, spec: dict) -> Any:
        fractions = [fraction_of(c) for c in self._choices(spec)]
        return fractions.index(min(fractions))

    def grade(self, spec: dict, response: Any) -> Decimal:
        choice = self._chosen(spec, response)
        if choice is None:
            return ZERO
        low = -ONE if spec.get("allow_negative_total") else ZERO
        return clamp(fraction_of(choice), low)

    def right_answer(self, spec: dict) -> Message | None:
        choices = self._choices(spec)
        if not choices:
            return None
        return message(RIGHT_ANSWER, answer=max(choices, key=fraction_of).get("text", ""))

    def feedback(self, spec: dict, response: Any) -> list[str]:
        choice = self._chosen(spec, response)
        return [choice["feedback"]] if choice and choice.get("feedback") else []


class MultiChoice(Choice):
    """Moodle multichoice (several answers): the sum of the chosen choices' fractions.

    The sum is clamped to [0, 1], or to [-1, 1] when `allow_negative_total` is set.
    Duplicate indices count once; any index that is not a valid choice makes the response
    malformed (score 0).
    """

    name = "multi"
    label = N_("Multiple choice")
    template = {
        "choices": [
            {"text": "正确选项一", "fraction": "0.5", "feedback": ""},
            {"text": "正确选项二", "fraction": "0.5", "feedback": ""},
            {"text": "错误选项", "fraction": "-0.5", "feedback": "为什么不对"},
        ],
        "shuffle_choices": True,
        "allow_negative_total": False,
    }

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        out = super().clean_fields(spec, check)
        check.key = "allow_negative_total"
        negative = spec.get("allow_negative_total")
        out["allow_negative_total"] = check.boolean(negative, "allow_negative_total", False)
        return out

    def _chosen(self, spec: dict, response: Any) -> list[dict] | None:
        choices = self._choices(spec)
        if not isinstance(response, list | tuple):
            return None
        if not all(is_index(i, len(choices)) for i in response):
            return None
        return [choices[i] for i in sorted(set(response))]

    def check_response(self, spec: dict, response: Any) -> Any:
        size = len(self._choices(spec))
        if not isinstance(response, list) or not all(is_index(i, size) for i in response):
            raise does_not_fit()
        return sorted(set(response))

    def response_from_form(self, spec: dict, values: list[str], order: str) -> Any:
        return sorted(set(self._picked(spec, values)))

    def right_response(self, spec: dict) -> Any:
        return [i for i, c in enumerate(self._choices(spec)) if fraction_of(c) > 0]

    def grade(self, spec: dict, response: Any) -> Decimal:
        chosen = self._chosen(spec, response)
        if not chosen:
            return ZERO
        total = sum((fraction_of(c) for c in chosen), ZERO)
        low = -ONE if spec.get("allow_negative_total") else ZERO
        return clamp(total, low)

    def right_answer(self, spec: dict) -> Message | None:
        right = [c.get("text", "") for c in self._choices(spec) if fraction_of(c) > 0]
        return message(RIGHT_ANSWER, answer=listing(right)) if right else None

    def feedback(self, spec: dict, response: Any) -> list[str]:
        return [c["feedback"] for c in self._chosen(spec, response) or [] if c.get("feedback")]


class TrueFalse(QuestionType):
    """Moodle truefalse: 1 when the boolean response equals `answer`, else 0."""

    name = "truefalse"
    label = N_("True/false")
    template = {"answer": True, "feedback_true": "", "feedback_false": ""}

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        check.key = "answer"
        if "answer" not in spec:
            check.add(N_("A true/false question needs “answer” (true or false)."))
        answer = check.boolean(spec.get("answer"), "answer", True)
        check.key = "feedback_true"
        where = message(N_("Feedback when answered “true”"))
        feedback_true = check.text(spec.get("feedback_true", ""), where, False)
        check.key = "feedback_false"
        where = message(N_("Feedback when answered “false”"))
        feedback_false = check.text(spec.get("feedback_false", ""), where, False)
        return {"answer": answer, "feedback_true": feedback_true, "feedback_false": feedback_false}

    def check_response(self, spec: dict, response: Any) -> Any:
        if not isinstance(response, bool):
            raise does_not_fit()
        return response

    def response_from_form(self, spec: dict, values: list[str], order: str) -> Any:
        return {"true": True, "false": False}.get(values[0]) if values else None

    def response_words(self, spec: dict, response: Any) -> Message | str:
        return message(TRUE if response else FALSE)

    def right_response(self, spec: dict) -> Any:
        return bool(spec.get("answer"))

    def wrong_response(self, spec: dict) -> Any:
        return not bool(spec.get("answer"))

    def grade(self, spec: dict, response: Any) -> Decimal:
        if not isinstance(response, bool):
            return ZERO
        return ONE if response is bool(spec.get("answer")) else ZERO

    def right_answer(self, spec: dict) -> Message | None:
        return message(RIGHT_ANSWER, answer=message(TRUE if spec.get("answer") else FALSE))

    def feedback(self, spec: dict, response: Any) -> list[str]:
        if not isinstance(response, bool):
            return []
        text = spec.get("feedback_true" if response else "feedback_false")
        return [text] if text else []
