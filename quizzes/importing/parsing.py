"""Small shared pieces for the question importers: result types and spec helpers.

The dict shape itself is documented in docs/question-spec.md; this module only
builds and formats it. Errors are messages, translated where the report is shown.
Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.domain import N_
from core.messages import Message, message
from quizzes.question_types import question_type

DEFAULT_NAME_LENGTH = 40
FALLBACK_NAME = "未命名题目"  # content: the name a question without text gets in the bank

_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class ParseError:
    """One question that could not be imported; `message` names its line ("Line 3: ...")."""

    line: int
    name: str | None
    message: Message


@dataclass
class ParseResult:
    """Questions read from a file, plus one error per question that was skipped."""

    questions: list[dict] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, line: int, name: str | None, problem: Message) -> None:
        at_line = message(N_("Line %(line)d: %(problem)s"), line=line, problem=problem)
        self.errors.append(ParseError(line, name, at_line))


def default_name(text: str) -> str:
    """Question name made from the start of its text (tags stripped), as Moodle does."""
    plain = _SPACE_RE.sub(" ", _TAG_RE.sub("", text)).strip()
    return plain[:DEFAULT_NAME_LENGTH].strip() or FALLBACK_NAME


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
        "default_mark": "1" if question_type(qtype).has_marks else "0",
        "category": category,
        "tags": list(tags or []),
    }
    if line is not None:
        spec["line"] = line
    return spec
