"""Decimal values of a spec as canonical strings, and percents. Pure: no Flask, no database."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from quizzes.answer_matching import to_decimal

ZERO = Decimal(0)


def format_decimal(value: Decimal) -> str:
    """Canonical decimal string: no exponent, no trailing zeros ("0.5", "3", "-0.25")."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_decimal(text: str) -> Decimal | None:
    """A finite Decimal from user text, or None when the text is not a plain number."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def percent_to_fraction(percent: Decimal) -> str:
    """`50` -> "0.5", `-25` -> "-0.25"."""
    return format_decimal(percent / 100)


def fraction_to_percent(fraction: str) -> str:
    """ "0.5" -> "50" (for writing `%50%`)."""
    return format_decimal(Decimal(fraction) * 100)


def shown_percent(fraction: object) -> str:
    """ "0.3333333" -> "33.33333" for an answer key; an unreadable value is shown as it is."""
    try:
        return fraction_to_percent(str(fraction))
    except ArithmeticError:
        return str(fraction)


def fraction_of(entry: dict) -> Decimal:
    """An answer's fraction from the spec; an unreadable fraction counts as 0."""
    return to_decimal(entry.get("fraction", "0")) or ZERO


def default_mark(spec: dict) -> Decimal:
    """The question's default mark; 1 when it is missing or unreadable."""
    return parse_decimal(str(spec.get("default_mark", "1"))) or Decimal(1)
