"""Grading of one question response against its spec (docs/question-spec.md).

A registry maps each question type name to a grader with three methods:
`grade(spec, response) -> Decimal | None` (the fraction of the mark; None = graded by a person),
`right_answer(spec) -> str` (Chinese summary for review pages) and
`feedback(spec, response) -> list[str]` (per-answer feedback that applies).

Behaviour follows Moodle's question types (qtype_multichoice, qtype_truefalse,
qtype_shortanswer, qtype_numerical, qtype_match, qtype_ordering, qtype_essay); where this module
deliberately differs, the grader's docstring says so. Malformed or missing responses score 0,
they never raise. Pure module: no Flask, no database.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from quizzes.answer_matching import normalize_text, parse_number, text_matches, to_decimal
from quizzes.grading_methods import combine_attempt_grades

__all__ = [
    "QUESTION_TYPES",
    "combine_attempt_grades",
    "feedback_for",
    "grade",
    "is_auto_graded",
    "right_answer_summary",
]

log = logging.getLogger(__name__)

ZERO = Decimal(0)
ONE = Decimal(1)
ORDERING_GRADING = ("absolute_position", "relative_next", "all_or_nothing")


def _clamp(value: Decimal, low: Decimal = ZERO, high: Decimal = ONE) -> Decimal:
    return max(low, min(high, value))


def _fraction(entry: dict) -> Decimal:
    """An answer's fraction from the spec; unreadable fractions count as 0."""
    return to_decimal(entry.get("fraction", "0")) or ZERO


def _is_index(value: Any, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _texts(items: list[str]) -> str:
    return "；".join(t for t in items if t)


class QuestionType(ABC):
    """Base grader: auto-graded, no right-answer text, no feedback."""

    auto_graded = True

    @abstractmethod
    def grade(self, spec: dict, response: Any) -> Decimal | None:
        """The fraction of the mark earned (None: graded by a person)."""

    def right_answer(self, spec: dict) -> str:
        return ""

    def feedback(self, spec: dict, response: Any) -> list[str]:
        return []


class SingleChoice(QuestionType):
    """Moodle multichoice (one answer): the fraction of the chosen choice.

    A negative fraction is clamped to 0 unless the spec sets `allow_negative_total`.
    """

    def _chosen(self, spec: dict, response: Any) -> dict | None:
        choices = spec.get("choices") or []
        return choices[response] if _is_index(response, len(choices)) else None

    def grade(self, spec: dict, response: Any) -> Decimal:
        choice = self._chosen(spec, response)
        if choice is None:
            return ZERO
        low = -ONE if spec.get("allow_negative_total") else ZERO
        return _clamp(_fraction(choice), low)

    def right_answer(self, spec: dict) -> str:
        choices = spec.get("choices") or []
        if not choices:
            return ""
        best = max(choices, key=_fraction)
        return f"正确答案：{best.get('text', '')}"

    def feedback(self, spec: dict, response: Any) -> list[str]:
        choice = self._chosen(spec, response)
        return [choice["feedback"]] if choice and choice.get("feedback") else []


class MultiChoice(QuestionType):
    """Moodle multichoice (several answers): the sum of the chosen choices' fractions.

    The sum is clamped to [0, 1], or to [-1, 1] when `allow_negative_total` is set.
    Duplicate indices count once; any index that is not a valid choice makes the response
    malformed (score 0).
    """

    def _chosen(self, spec: dict, response: Any) -> list[dict] | None:
        choices = spec.get("choices") or []
        if not isinstance(response, (list, tuple)):
            return None
        if not all(_is_index(i, len(choices)) for i in response):
            return None
        return [choices[i] for i in sorted(set(response))]

    def grade(self, spec: dict, response: Any) -> Decimal:
        chosen = self._chosen(spec, response)
        if not chosen:
            return ZERO
        total = sum((_fraction(c) for c in chosen), ZERO)
        low = -ONE if spec.get("allow_negative_total") else ZERO
        return _clamp(total, low)

    def right_answer(self, spec: dict) -> str:
        right = [c.get("text", "") for c in spec.get("choices") or [] if _fraction(c) > 0]
        return f"正确答案：{'、'.join(right)}" if right else ""

    def feedback(self, spec: dict, response: Any) -> list[str]:
        return [c["feedback"] for c in self._chosen(spec, response) or [] if c.get("feedback")]


class TrueFalse(QuestionType):
    """Moodle truefalse: 1 when the boolean response equals `answer`, else 0."""

    def grade(self, spec: dict, response: Any) -> Decimal:
        if not isinstance(response, bool):
            return ZERO
        return ONE if response is bool(spec.get("answer")) else ZERO

    def right_answer(self, spec: dict) -> str:
        return f"正确答案：{'正确' if spec.get('answer') else '错误'}"

    def feedback(self, spec: dict, response: Any) -> list[str]:
        if not isinstance(response, bool):
            return []
        text = spec.get("feedback_true" if response else "feedback_false")
        return [text] if text else []


class ShortAnswer(QuestionType):
    """Moodle shortanswer with `*` wildcards, width folding and whitespace collapsing.

    Differs from Moodle on purpose: Moodle takes the FIRST matching answer in order; we take
    the matching answer with the highest fraction, so answer order cannot cost marks.
    An empty response matches nothing.
    """

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
        return max(matches, key=_fraction) if matches else None

    def grade(self, spec: dict, response: Any) -> Decimal:
        best = self._best(spec, response)
        return _clamp(_fraction(best)) if best else ZERO

    def right_answer(self, spec: dict) -> str:
        answers = [a for a in spec.get("answers") or [] if _fraction(a) > 0]
        if not answers:
            return ""
        top = max(_fraction(a) for a in answers)
        texts = [a.get("text", "") for a in answers if _fraction(a) == top]
        return f"正确答案：{' 或 '.join(texts)}"

    def feedback(self, spec: dict, response: Any) -> list[str]:
        best = self._best(spec, response)
        return [best["feedback"]] if best and best.get("feedback") else []


class Numerical(QuestionType):
    """Moodle numerical: an answer matches when |response - value| <= tolerance.

    Value `*` matches any number (Moodle's catch-all). Like ShortAnswer, the matching answer
    with the highest fraction wins (Moodle takes the first match). Text scores 0.
    """

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
            if matched and (best is None or _fraction(answer) > _fraction(best)):
                best = answer
        return best

    def grade(self, spec: dict, response: Any) -> Decimal:
        best = self._best(spec, response)
        return _clamp(_fraction(best)) if best else ZERO

    def right_answer(self, spec: dict) -> str:
        answers = [a for a in spec.get("numerical_answers") or [] if _fraction(a) > 0]
        top = max((_fraction(a) for a in answers), default=None)
        answers = [a for a in answers if _fraction(a) == top and a.get("value") not in (None, "*")]
        parts = []
        for a in answers:
            tolerance = to_decimal(a.get("tolerance", "0")) or ZERO
            suffix = f"（允许误差 ±{tolerance}）" if tolerance else ""
            parts.append(f"{a['value']}{suffix}")
        return f"正确答案：{' 或 '.join(parts)}" if parts else ""

    def feedback(self, spec: dict, response: Any) -> list[str]:
        best = self._best(spec, response)
        return [best["feedback"]] if best and best.get("feedback") else []


class Matching(QuestionType):
    """Moodle match: each sub-question (pair with a non-empty left) weighs the same.

    The response maps the pair's index (as a string, or an int) to the right-hand text
    chosen; texts are compared after trimming and collapsing whitespace.
    """

    def grade(self, spec: dict, response: Any) -> Decimal:
        if not isinstance(response, dict):
            return ZERO
        pairs = spec.get("pairs") or []
        stems = [i for i, p in enumerate(pairs) if str(p.get("left", "")).strip()]
        if not stems:
            return ZERO
        right = 0
        for i in stems:
            chosen = response.get(str(i), response.get(i))
            if isinstance(chosen, str) and _same(chosen, pairs[i].get("right", "")):
                right += 1
        return Decimal(right) / Decimal(len(stems))

    def right_answer(self, spec: dict) -> str:
        pairs = [p for p in spec.get("pairs") or [] if str(p.get("left", "")).strip()]
        lines = [f"{p['left']} → {p.get('right', '')}" for p in pairs]
        return f"正确配对：{_texts(lines)}" if lines else ""


def _same(chosen: str, right: str) -> bool:
    return normalize_text(chosen, case_sensitive=True) == normalize_text(right, case_sensitive=True)


class Ordering(QuestionType):
    """Ordering: the response lists indices into `items` in the trainee's order.

    `grading` in the spec picks the rule (default `absolute_position`, our documented choice):
    - `absolute_position`: share of items in their correct position (Moodle qtype_ordering
      "absolute position");
    - `relative_next`: share of the n-1 adjacent pairs whose second item is the correct next
      one (Moodle "relative to the next item, excluding last");
    - `all_or_nothing`: 1 only for the exact order.
    A response that is not a permutation of all item indices scores 0.
    """

    def grade(self, spec: dict, response: Any) -> Decimal:
        n = len(spec.get("items") or [])
        if n == 0 or not isinstance(response, (list, tuple)) or len(response) != n:
            return ZERO
        if not all(_is_index(i, n) for i in response) or len(set(response)) != n:
            return ZERO
        rule = spec.get("grading") or "absolute_position"
        if rule == "all_or_nothing":
            return ONE if list(response) == list(range(n)) else ZERO
        if rule == "relative_next":
            if n == 1:
                return ONE
            hits = sum(1 for a, b in zip(response, response[1:], strict=False) if b == a + 1)
            return Decimal(hits) / Decimal(n - 1)
        if rule != "absolute_position":
            log.warning("unknown ordering grading %r; using absolute_position", rule)
        hits = sum(1 for position, index in enumerate(response) if position == index)
        return Decimal(hits) / Decimal(n)

    def right_answer(self, spec: dict) -> str:
        items = spec.get("items") or []
        return f"正确顺序：{' → '.join(items)}" if items else ""


class Essay(QuestionType):
    """Essay: graded by a person, so `grade` returns None."""

    auto_graded = False

    def grade(self, spec: dict, response: Any) -> None:
        return None

    def right_answer(self, spec: dict) -> str:
        criteria = []
        for row in spec.get("rubric") or []:
            points = [to_decimal(level.get("points")) for level in row.get("levels") or []]
            top = max((p for p in points if p is not None), default=None)
            suffix = f"（最高 {top} 分）" if top is not None else ""
            criteria.append(f"{row.get('criterion', '')}{suffix}")
        head = "本题由阅卷人人工评分。"
        return f"{head}评分要点：{_texts(criteria)}" if criteria else head


class Description(Essay):
    """Description: text only, never graded."""

    def right_answer(self, spec: dict) -> str:
        return ""


QUESTION_TYPES: dict[str, QuestionType] = {
    "single": SingleChoice(),
    "multi": MultiChoice(),
    "truefalse": TrueFalse(),
    "shortanswer": ShortAnswer(),
    "numerical": Numerical(),
    "matching": Matching(),
    "ordering": Ordering(),
    "essay": Essay(),
    "description": Description(),
}


def _grader(spec: dict) -> QuestionType:
    qtype = spec.get("type") if isinstance(spec, dict) else None
    try:
        return QUESTION_TYPES[qtype]
    except (KeyError, TypeError):
        raise ValueError(f"unknown question type: {qtype!r}") from None


def _safely(fallback: Any, call: Callable[[], Any], spec: dict) -> Any:
    """Run a grader call; a broken spec is logged and scores `fallback` instead of a 500."""
    try:
        return call()
    except (AttributeError, IndexError, InvalidOperation, KeyError, TypeError, ValueError):
        log.exception("grading failed for question %r", spec.get("name"))
        return fallback


def grade(spec: dict, response: Any) -> Decimal | None:
    """The fraction of the mark earned: Decimal in [0, 1] ([-1, 1] with `allow_negative_total`).

    None for types graded by a person (essay) or not graded (description).
    Raises ValueError only for an unknown question type.
    """
    grader = _grader(spec)
    fallback = ZERO if grader.auto_graded else None
    return _safely(fallback, lambda: grader.grade(spec, response), spec)


def is_auto_graded(qtype: str) -> bool:
    """Whether questions of this type are graded by `grade` (False for essay, description, unknown)."""
    grader = QUESTION_TYPES.get(qtype)
    return bool(grader and grader.auto_graded)


def right_answer_summary(spec: dict) -> str:
    """The correct answer in Chinese, for review pages ("正确答案：……")."""
    grader = _grader(spec)
    return _safely("", lambda: grader.right_answer(spec), spec)


def feedback_for(spec: dict, response: Any) -> list[str]:
    """Feedback attached to the answers this response chose or matched (may be empty)."""
    grader = _grader(spec)
    return _safely([], lambda: grader.feedback(spec, response), spec)
