"""What every question type knows about its spec (docs/question-spec.md).

One class per type, registered once in quizzes/question_types/__init__.py. A type answers:
- for the bank: its label, what a new question starts from, the checks of its own spec keys;
- for taking: how its choices are ordered in an attempt, what the trainee sees (never the
  answer), whether a saved response has the right shape, the response a form's fields stand for,
  a response in words;
- for grading: the fraction of the mark a response earns, the right answer in words, the
  feedback that applies.
Behaviour follows Moodle's question types; where a type deliberately differs, its docstring says
so. Grading never raises on a malformed response: it scores 0. Pure: no Flask, no database.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from decimal import Decimal
from typing import Any, ClassVar

from core.domain import N_, DomainError
from core.messages import Message
from quizzes.question_types.spec_checks import SpecChecker

ZERO = Decimal(0)
ONE = Decimal(1)
MAX_TEXT = 20_000  # the longest text answer an attempt stores
MAX_TRIED_TEXT = 5_000  # the longest text answer the bank's preview grades

RIGHT_ANSWER = N_("Right answer: %(answer)s")


class InvalidResponse(DomainError):
    """A saved response whose shape does not fit the question."""

    status_code = 422


def does_not_fit() -> InvalidResponse:
    return InvalidResponse(N_("This answer does not fit the question. Please answer again."))


def is_index(value: Any, size: int) -> bool:
    """Whether value is a valid index into a list of size (booleans are not indices)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def form_index(value: str, size: int) -> int | None:
    """A form field's index ("2"), or None when it is not one."""
    return int(value) if value.isdigit() and int(value) < size else None


def ordered(order: list[int] | None, size: int) -> list[int]:
    """The attempt's display order, or the spec's when the question was edited since."""
    if order and sorted(order) == list(range(size)):
        return list(order)
    return list(range(size))


def clamp(value: Decimal, low: Decimal = ZERO, high: Decimal = ONE) -> Decimal:
    return max(low, min(high, value))


class QuestionType(ABC):
    """The defaults: no choices to order, nothing to present beyond the text, no feedback."""

    name: ClassVar[str]
    label: ClassVar[str]  # a message id, translated where it is shown
    auto_graded: ClassVar[bool] = True  # grade() gives the mark; random slots draw only these
    has_marks: ClassVar[bool] = True  # False: the question never carries marks (description)
    graded_by_hand: ClassVar[bool] = False  # a trainer grades it (essay)
    template: ClassVar[dict] = {}  # its own spec keys as a new question starts (content: Chinese)

    # --- the bank ------------------------------------------------------------------------

    def clean_fields(self, spec: dict, check: SpecChecker) -> dict:
        """The type's own spec keys, canonical; problems go to check."""
        return {}

    # --- taking --------------------------------------------------------------------------

    def choice_order(self, spec: dict, shuffle: bool, rng: random.Random) -> list[int] | None:
        """The order an attempt shows the choices in (indices into the spec), or None."""
        return None

    def preview_order(self, spec: dict, seed: int) -> list[int] | None:
        """The order the bank's preview shows: the spec's, unless that gives the answer away."""
        return None

    def present(self, spec: dict, order: list[int] | None, response: Any) -> dict:
        """What the trainee sees beyond the text: choices in display order, never the answer."""
        return {}

    def check_response(self, spec: dict, response: Any) -> Any:
        """The response to store if its shape fits the type (normalised); else InvalidResponse."""
        raise does_not_fit()

    def response_at_submit(self, response: Any, order: list[int] | None) -> Any:
        """The response graded at submission (an untouched ordering counts as shown)."""
        return response

    def response_from_form(self, spec: dict, values: list[str], order: str) -> Any:
        """The response a form's fields stand for (the bank's trial); None when empty."""
        return None

    def response_words(self, spec: dict, response: Any) -> Message | str:
        """A saved (non-empty) response in words, for reviews and the grading queue."""
        return str(response)

    def right_response(self, spec: dict) -> Any:
        """A response that earns full marks (demo attempts), or None."""
        return None

    def wrong_response(self, spec: dict) -> Any:
        """A response that earns nothing (demo attempts), or None."""
        return None

    # --- grading -------------------------------------------------------------------------

    @abstractmethod
    def grade(self, spec: dict, response: Any) -> Decimal | None:
        """The fraction of the mark earned (None: graded by a person, or not graded)."""

    def right_answer(self, spec: dict) -> Message | None:
        """The right answer in words, for reviews and the answer key."""
        return None

    def feedback(self, spec: dict, response: Any) -> list[str]:
        """The feedback attached to what the response chose or matched."""
        return []


class TextResponse(QuestionType):
    """Types answered by typing: the response is text of limited length."""

    def check_response(self, spec: dict, response: Any) -> Any:
        if not isinstance(response, str):
            raise does_not_fit()
        if len(response) > MAX_TEXT:
            raise InvalidResponse(N_("The answer is too long."))
        return response

    def response_from_form(self, spec: dict, values: list[str], order: str) -> Any:
        return values[0][:MAX_TRIED_TEXT] if values else None
