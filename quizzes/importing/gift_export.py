"""GIFT export, mirroring Moodle's question/format/gift/format.php (import: gift.py).

Every question type GIFT can hold is written so that gift.parse_gift reads it back unchanged;
ordering questions cannot be written and are listed as `//` comments instead.
"""

from __future__ import annotations

import re
from decimal import Decimal

import quizzes.question_types.values as values
from core.domain import N_
from core.messages import Translate, english, message, render

_ESCAPE_OUT_RE = re.compile(r"[\\#=~{}:\n\r]")


def _escape(text: str) -> str:
    """Moodle's repchar(): escape reserved characters, newlines become `\\n`."""
    mapping = {"\n": "\\n", "\r": ""}
    return _ESCAPE_OUT_RE.sub(lambda m: mapping.get(m[0], "\\" + m[0]), text)


EXPORTABLE_TYPES = {"single", "multi", "truefalse", "shortanswer", "numerical", "matching"}
EXPORTABLE_TYPES |= {"essay", "description"}


def _text(text: str) -> str:
    """Escaped answer/feedback text; `[moodle]` guards text that starts like a format marker."""
    guard = "[moodle]" if re.match(r"\[(moodle|html|plain|markdown)\]", text) else ""
    return guard + _escape(text)


def _line(prefix: str, text: str, feedback: str = "") -> str:
    return f"\t{prefix}{text}" + (f"#{_text(feedback)}" if feedback else "")


def _prefix(mark: str, fraction: str, full_mark: str) -> str:
    """`=` / `~` for full and zero credit (per type), `=%50%` / `~%50%` otherwise."""
    if Decimal(fraction) == 1 and full_mark:
        return full_mark
    if Decimal(fraction) == 0 and mark == "~":
        return "~"
    return f"{mark}%{values.fraction_to_percent(fraction)}%"


def _answer_lines(q: dict) -> list[str]:
    """Lines between `{` and `}` for the types that list their answers."""
    kind = q["type"]
    if kind in ("single", "multi"):
        full = "=" if kind == "single" else ""  # no `=` at all keeps a question multi
        return [
            _line(_prefix("~", c["fraction"], full), _text(c["text"]), c.get("feedback", ""))
            for c in q["choices"]
        ]
    if kind == "shortanswer":
        return [
            _line(_prefix("=", a["fraction"], "="), _text(a["text"]), a.get("feedback", ""))
            for a in q["answers"]
        ]
    if kind == "matching":
        return [_line("=", f"{_text(p['left'])} -> {_escape(p['right'])}") for p in q["pairs"]]
    answers = q["numerical_answers"]  # the catch-all `*` answers must come last
    lines = [
        _line(
            _prefix("=", a["fraction"], "="),
            f"{a['value']}:{a.get('tolerance') or '0'}",
            a.get("feedback", ""),
        )
        for a in answers
        if a["value"] != "*"
    ]
    return lines + [f"\t~#{_text(a.get('feedback', ''))}" for a in answers if a["value"] == "*"]


def _question_text(q: dict, text: str) -> str:
    text_format = q.get("text_format") or "moodle"
    return f"[{text_format}]{_escape(text)}" if text_format != "moodle" else _text(text)


def _with_answers(q: dict, block: str) -> str:
    """Put the block in the `_____` gap (missing word) or after the text."""
    head, gap, tail = q["text"].partition("_____")
    if gap and tail.strip():
        return _question_text(q, head) + block + _escape(tail)
    return _question_text(q, q["text"]) + block


def _export_one(q: dict) -> str:
    kind = q["type"]
    general = f"####{_text(q['general_feedback'])}" if q.get("general_feedback") else ""
    if kind == "description":
        body = _question_text(q, q["text"])
    elif kind == "essay":
        body = _with_answers(q, "{" + general + "}")
    elif kind == "truefalse":
        right, wrong = q.get("feedback_true", ""), q.get("feedback_false", "")
        if not q["answer"]:
            right, wrong = wrong, right
        inner = "TRUE" if q["answer"] else "FALSE"
        inner += f"#{_text(wrong)}" if wrong or right else ""
        inner += f"#{_text(right)}" if right else ""
        body = _with_answers(q, "{" + inner + general + "}")
    else:
        lines = _answer_lines(q) + ([f"\t{general}"] if general else [])
        opening = "{#\n" if kind == "numerical" else "{\n"
        body = _with_answers(q, opening + "\n".join(lines) + "\n}")
    tags = " ".join("[tag:" + t.replace("]", "\\]") + "]" for t in q.get("tags") or [])
    name = f"::{_escape(q.get('name') or '')}::"
    return (f"// {tags}\n" if tags else "") + name + body


def export_gift(questions: list[dict], translate: Translate = english) -> str:
    """Write question specs as GIFT; types GIFT cannot hold are listed as `//` comments
    (in translate's language: the reader's on a download)."""
    chunks = []
    category = None
    for q in questions:
        if q["type"] not in EXPORTABLE_TYPES:
            left_out = N_(
                "“%(name)s” is a question of type %(type)s, which GIFT cannot hold: left out"
            )
            chunks.append(
                "// " + render(message(left_out, name=q.get("name", ""), type=q["type"]), translate)
            )
            continue
        if q.get("category") != category:
            category = q.get("category")
            chunks.append(f"$CATEGORY: {_escape(category) if category else 'top'}")
        chunks.append(_export_one(q))
    return "\n\n".join(chunks) + "\n" if chunks else ""
