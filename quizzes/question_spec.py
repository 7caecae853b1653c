"""Small shared pieces for the question importers: result types and spec helpers.

The dict shape itself is documented in docs/question-spec.md; this module only
builds and formats it. Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

DEFAULT_NAME_LENGTH = 40
FALLBACK_NAME = "未命名题目"

_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class ParseError:
    """One question that could not be imported; `message` is shown to the user as is."""

    line: int
    name: str | None
    message: str


@dataclass
class ParseResult:
    """Questions read from a file, plus one error per question that was skipped."""

    questions: list[dict] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, line: int, name: str | None, message: str) -> None:
        self.errors.append(ParseError(line, name, f"第{line}行:{message}"))


def default_name(text: str) -> str:
    """Question name made from the start of its text (tags stripped), as Moodle does."""
    plain = _SPACE_RE.sub(" ", _TAG_RE.sub("", text)).strip()
    return plain[:DEFAULT_NAME_LENGTH].strip() or FALLBACK_NAME


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


def grade_problem(qtype: str, fractions: list[str]) -> str | None:
    """Moodle's save-time grade rule, as a user message (None when the grades are fine).

    Multi: the positive grades must add up to 100%. Other types: some answer must be worth 100%.
    """
    values = [Decimal(f) for f in fractions]
    if any(not -1 <= v <= 1 for v in values):
        return "分值必须在 -100% 到 100% 之间"
    if qtype == "multi":
        total = sum((v for v in values if v > 0), Decimal(0))
        if round(total, 2) != 1:
            return f"多选题各正确选项的分值之和应为 100%，现在是 {format_decimal(total * 100)}%"
    elif values and max(values) != 1:
        return "至少要有一个得满分（100%）的答案"
    return None


def normalize_source(text: str) -> str:
    """Drop a UTF-8 BOM and turn Windows / old Mac line endings into `\\n`."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Runs of (1-based line number, stripped line) separated by blank lines."""
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


_PRE_TAG = re.compile(r"<(/?)pre\b[^>]*>", re.IGNORECASE)


def join_block(block: list[tuple[int, str]], raw_lines: list[str]) -> str:
    """A block's lines joined by newlines; whitespace inside an HTML `<pre>` is kept exactly.

    Moodle keeps each line of a question as written, so indented code in `<pre>` survives an
    import; outside `<pre>` leading and trailing blanks carry no meaning and are dropped.
    """
    joined, in_pre = [], False
    for number, line in block:
        raw, opened = raw_lines[number - 1], in_pre
        for tag in _PRE_TAG.finditer(line):
            in_pre = not tag[1]
        if opened:
            line = raw if in_pre else raw.rstrip()
        elif in_pre:
            line = raw.lstrip()
        joined.append(line)
    return "\n".join(joined)


def clean_category_path(raw: str, default: str | None = None) -> str | None:
    """`$course$/top/贷后/预警` -> `贷后/预警`, as Moodle drops the context and `top`.

    A doubled slash is a literal slash inside one category name and stays doubled.
    """
    parts = [p.strip() for p in raw.replace("//", "\0").split("/")]
    parts = [p.replace("\0", "//") for p in parts if p]
    if parts and re.fullmatch(r"\$[a-z]+\$", parts[0]):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return "/".join(parts) or default


def base_spec(
    qtype: str,
    *,
    name: str,
    text: str,
    text_format: str = "moodle",
    general_feedback: str = "",
    category: str | None = None,
    tags: list[str] | None = None,
    line: int | None = None,
) -> dict:
    """The keys every question spec carries, in the documented order."""
    spec = {
        "type": qtype,
        "name": name,
        "text": text,
        "text_format": text_format,
        "general_feedback": general_feedback,
        "default_mark": "0" if qtype == "description" else "1",
        "category": category,
        "tags": list(tags or []),
    }
    if line is not None:
        spec["line"] = line
    return spec
