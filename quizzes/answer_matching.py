"""Pure helpers that compare what a trainee typed with the stored answers.

Used by `quizzes.grading` for short-answer and numerical questions. No Flask, no database.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# A number as typed: optional sign, digits with optional well-formed thousands groups
# ("12,800", "1,234,567.5"), optional decimals and exponent. Commas anywhere else ("12,8")
# are rejected rather than guessed at: in zh_CN the comma is never a decimal separator.
_NUMBER_RE = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?",
    re.ASCII,
)
# Minus signs that NFKC leaves alone but people paste from word processors.
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})
_WILDCARD_SPLIT = re.compile(r"(\\\*|\*)")


def to_decimal(value: object) -> Decimal | None:
    """A finite Decimal from a spec value (str, int, Decimal), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            return None
        return result if result.is_finite() else None
    return None


def parse_number(response: object) -> Decimal | None:
    """Parse a typed number: "12,800", "12800.0", " 12800 ", "１２８００" all give 12800.

    Full-width digits, signs and punctuation are folded with NFKC. Text, empty input,
    NaN/Infinity and badly grouped commas give None (the response then scores 0).
    """
    if isinstance(response, bool) or response is None:
        return None
    if isinstance(response, (int, float, Decimal)):
        return to_decimal(response)
    if not isinstance(response, str):
        return None
    text = unicodedata.normalize("NFKC", response).translate(_MINUS_SIGNS).strip()
    if not _NUMBER_RE.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex only lets valid numbers through
        return None


def normalize_text(text: str, *, case_sensitive: bool = False, normalize_width: bool = True) -> str:
    """Fold a short answer for comparison: NFKC width folding, collapsed whitespace, case."""
    if normalize_width:
        text = unicodedata.normalize("NFKC", text)
    # str.split() with no argument also splits on the ideographic space U+3000.
    text = " ".join(text.split())
    return text if case_sensitive else text.casefold()


def text_matches(
    answer: str, response: str, *, case_sensitive: bool = False, normalize_width: bool = True
) -> bool:
    """True when `response` matches the stored short answer `answer`.

    As in Moodle's qtype_shortanswer, `*` in the answer matches any run of characters
    (including none) and `\\*` matches a literal asterisk; the whole response must match
    (Moodle anchors its pattern with ^ and $). Both sides are folded with `normalize_text` first.
    """
    pattern = normalize_text(answer, case_sensitive=case_sensitive, normalize_width=normalize_width)
    value = normalize_text(response, case_sensitive=case_sensitive, normalize_width=normalize_width)
    if "*" not in pattern:
        return pattern == value
    return _wildcard_match(_literal_pieces(pattern), value)


def _literal_pieces(pattern: str) -> list[str]:
    """The literal texts between the wildcards: "a*b\\*c*" -> ["a", "b*c", ""]."""
    pieces, current = [], []
    for part in _WILDCARD_SPLIT.split(pattern):
        if part == "*":
            pieces.append("".join(current))
            current = []
        else:
            current.append("*" if part == "\\*" else part)
    pieces.append("".join(current))
    return pieces


def _wildcard_match(pieces: list[str], value: str) -> bool:
    """Whether value is pieces[0] + anything + pieces[1] + ... + anything + pieces[-1].

    No regular expression: a pattern like `*a*a*a*` makes a backtracking matcher try every
    split of a long answer (seconds for a few thousand characters). Here the first piece must
    start the value and the last must end it; each piece between is taken at its leftmost
    place after the one before, which finds a match whenever there is one, in linear passes.
    """
    if len(pieces) == 1:  # only escaped asterisks: a plain comparison
        return pieces[0] == value
    first, *middle, last = pieces
    if len(first) + len(last) > len(value) or not value.startswith(first):
        return False
    if not value.endswith(last):
        return False
    position, end = len(first), len(value) - len(last)
    for piece in middle:
        found = value.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True
