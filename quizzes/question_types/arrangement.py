"""Types answered by arranging: matching (Moodle match) and ordering (Moodle qtype_ordering)."""

from __future__ import annotations

import logging
import random
from decimal import Decimal
from typing import Any

from core.domain import N_
from core.messages import SEMICOLON, Message, listing, message
from quizzes.answer_matching import normalize_text
from quizzes.question_types.base import (
    ONE,
    ZERO,
    QuestionType,
    does_not_fit,
    form_index,
    is_index,
    ordered,
)
from quizzes.question_types.spec_checks import SpecChecker

log = logging.getLogger(__name__)

ORDERING_GRADING = ("absolute_position", "relative_next", "all_or_nothing")


def _stems(pairs: list[dict]) -> list[int]:
    """Indices of the pairs that are sub-questions (a pair without a left side is a distractor)."""
    return [i for i, p in enumerate(pairs) if str(p.get("left", "")).strip()]


def _same(chosen: str, right: str) -> bool:
    return normalize_text(chosen, case_sensitive=True) == normalize_text(right, case_sensitive=True)


class Matching(QuestionType):
    """Moodle match: each sub-question (pair with a non-empty left) weighs the same.

    The response maps the pair's index (as a string, or an int) to the right-hand text
    chosen; texts are compared after trimming and collapsing whitespace.
    """

    name = "matching"
    label = N_("Matching")
    template = {
        "pairs": [
            {"left": "左侧一", "right": "右侧一"},
            {"left": "左侧二", "right": "右侧二"},
            {"left": "", "right": "干扰项"},
        ]
    }

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        check.key = "pairs"
        entry, entries = message(N_("pair")), message(N_("pairs"))
        pairs = []
        for number, row in enumerate(check.entries(spec, entry, entries, 2), start=1):
            left = message(N_("Left side of %(entry)s %(number)d"), entry=entry, number=number)
            right = message(N_("Right side of %(entry)s %(number)d"), entry=entry, number=number)
            pairs.append(
                {
                    "left": check.text(row.get("left", ""), left, False),
                    "right": check.text(row.get("right"), right),
                }
            )
        if pairs and sum(1 for p in pairs if p["left"].strip()) < 2:
            check.add(
                N_(
                    "A matching question needs at least two pairs with a left side "
                    "(pairs without one are distractors)."
                )
            )
        return {"pairs": pairs}

    def choice_order(self, spec: dict, shuffle: bool, rng: random.Random) -> list[int] | None:
        order = list(range(len(spec.get("pairs") or [])))
        rng.shuffle(order)  # the right-hand options; the stems keep their order
        return order

    def present(self, spec: dict, order: list[int] | None, response: Any) -> dict:
        pairs = spec.get("pairs") or []
        options: list[str] = []
        for i in ordered(order, len(pairs)):
            right = pairs[i].get("right", "")
            if right and right not in options:
                options.append(right)
        return {
            "stems": [{"index": i, "text": pairs[i].get("left", "")} for i in _stems(pairs)],
            "options": options,
        }

    def check_response(self, spec: dict, response: Any) -> Any:
        size = len(spec.get("pairs") or [])
        if not isinstance(response, dict) or not all(
            isinstance(v, str) and str(k).isdigit() and int(k) < size for k, v in response.items()
        ):
            raise does_not_fit()
        return {str(k): v for k, v in response.items() if v}

    def response_from_form(self, spec: dict, values: list[str], order: str) -> Any:
        stems = _stems(spec.get("pairs") or [])
        return {str(i): v for i, v in zip(stems, values, strict=False) if v}

    def response_words(self, spec: dict, response: Any) -> Message | str:
        pairs = spec.get("pairs") or []
        return listing(
            (
                f"{pairs[int(k)].get('left', '')} → {v}"
                for k, v in sorted(response.items(), key=lambda kv: int(kv[0]))
                if int(k) < len(pairs)
            ),
            SEMICOLON,
        )

    def right_response(self, spec: dict) -> Any:
        return {str(i): p["right"] for i, p in enumerate(spec.get("pairs") or []) if p.get("left")}

    def grade(self, spec: dict, response: Any) -> Decimal:
        if not isinstance(response, dict):
            return ZERO
        pairs = spec.get("pairs") or []
        stems = _stems(pairs)
        if not stems:
            return ZERO
        right = 0
        for i in stems:
            chosen = response.get(str(i), response.get(i))
            if isinstance(chosen, str) and _same(chosen, pairs[i].get("right", "")):
                right += 1
        return Decimal(right) / Decimal(len(stems))

    def right_answer(self, spec: dict) -> Message | None:
        pairs = [p for p in spec.get("pairs") or [] if str(p.get("left", "")).strip()]
        lines = [f"{p['left']} → {p.get('right', '')}" for p in pairs]
        if not lines:
            return None
        return message(N_("Right pairs: %(pairs)s"), pairs=listing(lines, SEMICOLON))


class Ordering(QuestionType):
    """Ordering: the response lists indices into `items` in the trainee's order.

    `grading` in the spec picks the rule (default `absolute_position`, our documented choice):
    - `absolute_position`: share of items in their correct position (Moodle qtype_ordering
      "absolute position");
    - `relative_next`: share of the n-1 adjacent pairs whose second item is the correct next
      one (Moodle "relative to the next item, excluding last");
    - `all_or_nothing`: 1 only for the exact order.
    A response that is not a permutation of all item indices scores 0. As in Moodle, an
    ordering left untouched is graded in the order it was shown.
    """

    name = "ordering"
    label = N_("Ordering")
    template = {"items": ["第一步", "第二步", "第三步"], "grading": "absolute_position"}

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        check.key = "items"
        items = spec.get("items")
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            check.add(N_("The items to order must be a list of texts, in the right order."))
            items = []
        elif len(items) < 2:
            check.add(N_("An ordering question needs at least 2 items."))
        elif any(not i.strip() for i in items):
            check.add(N_("Items to order cannot be empty."))
        elif len({i.strip() for i in items}) != len(items):
            check.add(N_("Items to order must differ from each other."))
        check.key = "grading"
        grading = spec.get("grading") or "absolute_position"
        if grading not in ORDERING_GRADING:
            check.add(N_("grading can only be %(choices)s."), choices=listing(ORDERING_GRADING))
        return {"items": list(items), "grading": grading}

    def choice_order(self, spec: dict, shuffle: bool, rng: random.Random) -> list[int] | None:
        order = list(range(len(spec.get("items") or [])))
        if len(order) > 1:
            while order == sorted(order):  # never hand out the answer
                rng.shuffle(order)
        return order

    def preview_order(self, spec: dict, seed: int) -> list[int] | None:
        return self.choice_order(spec, True, random.Random(seed))  # the same at every visit

    def present(self, spec: dict, order: list[int] | None, response: Any) -> dict:
        items = spec.get("items") or []
        shown = response if isinstance(response, list) else order
        return {"items": [{"index": i, "text": items[i]} for i in ordered(shown, len(items))]}

    def check_response(self, spec: dict, response: Any) -> Any:
        size = len(spec.get("items") or [])
        if (
            not isinstance(response, list)
            or sorted(response) != list(range(size))
            or not all(is_index(i, size) for i in response)
        ):
            raise does_not_fit()
        return response

    def response_at_submit(self, response: Any, order: list[int] | None) -> Any:
        if response is None and order:
            return list(order)  # as in Moodle, the order on screen is the answer
        return response

    def response_from_form(self, spec: dict, values: list[str], order: str) -> Any:
        size = len(spec.get("items") or [])
        picked = [i for v in order.split(",") if (i := form_index(v.strip(), size)) is not None]
        return picked if sorted(picked) == list(range(size)) else None

    def response_words(self, spec: dict, response: Any) -> Message | str:
        items = spec.get("items") or []
        return " → ".join(items[i] for i in response if 0 <= i < len(items))

    def right_response(self, spec: dict) -> Any:
        return list(range(len(spec.get("items") or [])))

    def wrong_response(self, spec: dict) -> Any:
        return list(reversed(range(len(spec.get("items") or []))))

    def grade(self, spec: dict, response: Any) -> Decimal:
        n = len(spec.get("items") or [])
        if n == 0 or not isinstance(response, list | tuple) or len(response) != n:
            return ZERO
        if not all(is_index(i, n) for i in response) or len(set(response)) != n:
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

    def right_answer(self, spec: dict) -> Message | None:
        items = spec.get("items") or []
        if not items:
            return None
        return message(N_("Right order: %(items)s"), items=" → ".join(items))
