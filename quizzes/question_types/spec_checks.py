"""Checks of a spec's values before the bank saves it, one problem message per mistake.

`SpecChecker` reads a value, records what is wrong with it and returns a canonical value, so a
check reads as the spec's shape and every mistake of a spec is reported at once. Each problem
names the spec key it concerns (`key`), which lets the editor show it beside the right field.
Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from core.domain import N_
from core.messages import Message, message
from quizzes.question_types.values import format_decimal, parse_decimal

# Where a problem is, for entries of a list: "Fraction of choice 2" reads "第2个选项的分值".
FRACTION_OF = N_("Fraction of %(entry)s %(number)d")
FEEDBACK_OF = N_("Feedback of %(entry)s %(number)d")
TEXT_OF = N_("Text of %(entry)s %(number)d")


@dataclass(frozen=True)
class SpecProblem:
    """One mistake in a spec; key is the spec key it concerns ("name", "choices", ...)."""

    key: str
    message: Message


@dataclass
class SpecChecker:
    """Collects the problems of one spec while its values are read."""

    problems: list[SpecProblem] = field(default_factory=list)
    key: str = ""  # the spec key being read; problems are filed under it

    def add(self, message_id: str, **params) -> None:
        self.problems.append(SpecProblem(self.key, message(message_id, **params)))

    def decimal(self, value, where: Message, low=None, high=None) -> str:
        """A canonical decimal string; "0" (and a problem) when value is not a number."""
        number = parse_decimal(str(value)) if isinstance(value, str | int | float) else None
        if isinstance(value, bool) or number is None:
            self.add(N_("%(where)s must be a number."), where=where)
            return "0"
        if high is not None and not low <= number <= high:
            self.add(
                N_("%(where)s must be between %(low)s and %(high)s."),
                where=where,
                low=low,
                high=high,
            )
        elif low is not None and number < low:
            self.add(N_("%(where)s cannot be less than %(low)s."), where=where, low=low)
        return format_decimal(number)

    def text(self, value, where: Message | str, required: bool = True) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(N_("%(where)s must be text."), where=where)
            return ""
        if required and not value.strip():
            self.add(N_("%(where)s cannot be empty."), where=where)
        return value

    def boolean(self, value, where: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(N_("%(where)s can only be true or false."), where=where)
            return default
        return value

    def entries(self, spec: dict, entry: Message, entries: Message, minimum: int) -> list[dict]:
        """The list of objects under self.key, checked for shape and length."""
        found = spec.get(self.key)
        if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
            self.add(N_("The %(entries)s must be a list of objects ({…})."), entries=entries)
            return []
        if len(found) < minimum == 1:
            self.add(N_("At least one %(entry)s is needed."), entry=entry)
        elif len(found) < minimum:
            self.add(
                N_("At least %(number)d %(entries)s are needed."), number=minimum, entries=entries
            )
        return found

    def graded(
        self,
        spec: dict,
        entry: Message,
        entries: Message,
        minimum: int,
        fields: Callable[[dict, int], dict],
    ) -> list[dict]:
        """Answers with a fraction and feedback; fields(entry, number) reads the rest of each."""
        cleaned = []
        for number, row in enumerate(self.entries(spec, entry, entries, minimum), start=1):
            checked = fields(row, number)
            where = message(FRACTION_OF, entry=entry, number=number)
            checked["fraction"] = self.decimal(row.get("fraction", "0"), where, -1, 1)
            where = message(FEEDBACK_OF, entry=entry, number=number)
            checked["feedback"] = self.text(row.get("feedback", ""), where, False)
            cleaned.append(checked)
        if cleaned and not self.problems:
            problem = grade_problem(spec["type"], [row["fraction"] for row in cleaned])
            if problem:
                self.problems.append(SpecProblem(self.key, problem))
        return cleaned

    def graded_texts(self, spec: dict, entry: Message, entries: Message, minimum: int) -> list:
        """Answers that are a text with a fraction and feedback (choices, short answers)."""

        def fields(row: dict, number: int) -> dict:
            where = message(TEXT_OF, entry=entry, number=number)
            return {"text": self.text(row.get("text"), where)}

        return self.graded(spec, entry, entries, minimum, fields)


def grade_problem(qtype: str, fractions: list[str]) -> Message | None:
    """Moodle's save-time grade rule (None when the grades are fine).

    Multi: the positive grades must add up to 100%. Other types: some answer must be worth 100%.
    """
    values = [Decimal(f) for f in fractions]
    if any(not -1 <= v <= 1 for v in values):
        return message(N_("Fractions must be between -100% and 100%."))
    if qtype == "multi":
        total = sum((v for v in values if v > 0), Decimal(0))
        if round(total, 2) != 1:
            return message(
                N_(
                    "The right choices of a multiple-choice question must add up to 100%%; "
                    "now they add up to %(total)s%%."
                ),
                total=format_decimal(total * 100),
            )
    elif values and max(values) != 1:
        return message(N_("At least one answer must be worth 100%."))
    return None
