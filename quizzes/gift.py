"""GIFT import and export, mirroring Moodle's question/format/gift/format.php.

Output shape: docs/question-spec.md. Grammar decisions are Moodle's: blank lines separate
questions, `//` lines are comments (`// [tag:x]` adds a tag, as in Moodle 4), `$CATEGORY:`
switches category, the first `{` and first `}` delimit the answers, whose content picks the
type in Moodle's order: empty -> essay, `#` -> numerical, any `~` -> choice, `=` with `->`
-> matching, T/TRUE/F/FALSE -> true/false, else short answer. A choice question is single
exactly when its block contains an `=`. Where Moodle would store a broken question (stray
braces, `%abc%` weights, non-numeric numbers, grades not summing to 100%), we report an error.
"""

from __future__ import annotations

import re
from decimal import Decimal

import quizzes.question_spec as qs
from quizzes.question_spec import ParseResult

TEXT_FORMATS = ("moodle", "html", "plain", "markdown")
TRUE_FALSE_WORDS = ("T", "TRUE", "F", "FALSE")
SHORTANSWER_DEFAULTS = {"case_sensitive": False, "normalize_width": True}

# Escaped control characters become private-use placeholders while parsing (Moodle
# uses "&&058;"-style strings for the same purpose), and are restored at the end.
_PLACEHOLDERS = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004"}
_PLACEHOLDERS |= {"~": "\ue005", "n": "\ue006"}
_RESTORE = {ord(v): ("\n" if k == "n" else k) for k, v in _PLACEHOLDERS.items()}
_ESCAPE_IN_RE = re.compile(r"\\([\\:#={}~n])")
_ESCAPE_OUT_RE = re.compile(r"[\\#=~{}:\n\r]")
_WEIGHT_RE = re.compile(r"%\s*(-?\d+(?:\.\d+)?)\s*%")
_BAD_WEIGHT_RE = re.compile(r"%[^%]*%")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f])+)\]")


class _QuestionError(Exception):
    """A question cannot be imported; the message is shown to the user."""

    name: str | None = None


def _unescape_pre(text: str) -> str:
    """Moodle's escapedchar_pre(): `\\\\` is a backslash, `\\{` etc. become placeholders."""
    return _ESCAPE_IN_RE.sub(lambda m: "\\" if m[1] == "\\" else _PLACEHOLDERS[m[1]], text)


def _restore(text: str) -> str:
    """Moodle's escapedchar_post()."""
    return text.translate(_RESTORE)


def _escape(text: str) -> str:
    """Moodle's repchar(): escape reserved characters, newlines become `\\n`."""
    mapping = {"\n": "\\n", "\r": ""}
    return _ESCAPE_OUT_RE.sub(lambda m: mapping.get(m[0], "\\" + m[0]), text)


def _with_format(text: str, default: str) -> tuple[str, str]:
    """Split a leading `[html]`-style marker off; unknown markers stay in the text."""
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in TEXT_FORMATS:
            return text[1:end], _restore(text[end + 1 :]).strip()
    return default, _restore(text).strip()


def _plain(text: str) -> str:
    """Text of an answer or feedback; its own format marker is dropped (our spec has none)."""
    return _with_format(text.strip(), "moodle")[1]


def _text_and_feedback(part: str) -> tuple[str, str]:
    """Moodle's commentparser(): `answer#feedback`."""
    text, _, feedback = part.partition("#")
    return _plain(text), _plain(feedback)


def _weight(part: str, default: str) -> tuple[str, str]:
    """Read a leading `%50%` / `%-25%` weight; returns (fraction, rest of the answer)."""
    match = _WEIGHT_RE.match(part)
    if match:  # the -100%..100% range is checked with the other grade rules
        return qs.percent_to_fraction(Decimal(match[1])), part[match.end() :]
    if bad := _BAD_WEIGHT_RE.match(part):
        raise _QuestionError(f"分值 {_restore(bad[0])} 写法不对，应写成 %50% 或 %-25% 这样的百分数")
    return default, part


def _split_answers(answer: str, separator: str) -> list[str]:
    """Moodle's explode + "drop an empty first element"."""
    parts = [p.strip() for p in answer.split(separator)]
    return parts[1:] if not parts[0] else parts


def _choice_fields(answer: str) -> dict:
    single = "=" in answer
    parts = _split_answers(answer.replace("=", "~="), "~")
    if len(parts) < 2:
        raise _QuestionError("选择题至少需要两个选项")
    choices = []
    for part in parts:
        if part.startswith("="):
            fraction, part = "1", part[1:].strip()
            if _BAD_WEIGHT_RE.match(part):
                raise _QuestionError(
                    "选择题里 = 表示唯一正确答案，不能再加分值；部分得分请写成 ~%50%"
                )
        else:
            fraction, part = _weight(part, "0")
        text, feedback = _text_and_feedback(part)
        if not text:
            raise _QuestionError("有一个选项内容为空")
        choices.append({"text": text, "fraction": fraction, "feedback": feedback})
    kind = "single" if single else "multi"
    if problem := qs.grade_problem(kind, [c["fraction"] for c in choices]):
        raise _QuestionError(problem + ("" if single else "（单选题请用 = 标出正确答案）"))
    return {"type": kind, "choices": choices, "shuffle_choices": True}


def _matching_fields(answer: str) -> dict:
    pairs = []
    for part in _split_answers(answer, "="):
        marker = part.find("->")
        if marker < 0:
            raise _QuestionError(f"匹配项“{_restore(part)}”缺少 ->，应写成 =左侧 -> 右侧")
        left = _plain(part[:marker])
        right = _restore(part[marker + 2 :]).strip()
        if not right:
            raise _QuestionError(f"匹配项“{left}”的右侧为空")
        pairs.append({"left": left, "right": right})
    if sum(1 for p in pairs if p["left"]) < 2:
        raise _QuestionError("匹配题至少需要两组配对（= 左侧 -> 右侧）")
    return {"type": "matching", "pairs": pairs}


def _truefalse_fields(answer: str) -> dict:
    bits = answer.split("#", 2) + ["", ""]
    value = _plain(bits[0]) in ("T", "TRUE")
    wrong, right = _plain(bits[1]), _plain(bits[2])
    feedback_true, feedback_false = (right, wrong) if value else (wrong, right)
    return dict(
        type="truefalse", answer=value, feedback_true=feedback_true, feedback_false=feedback_false
    )


def _require_full_credit(fractions: list[str]) -> None:
    if problem := qs.grade_problem("", fractions):
        raise _QuestionError(problem)


def _shortanswer_fields(answer: str) -> dict:
    answers = []
    for part in _split_answers(answer, "="):
        fraction, part = _weight(part, "1")
        text, feedback = _text_and_feedback(part)
        if not text:
            raise _QuestionError("有一个答案内容为空")
        answers.append({"text": text, "fraction": fraction, "feedback": feedback})
    if not answers:
        raise _QuestionError("填空题至少需要一个答案")
    _require_full_credit([a["fraction"] for a in answers])
    return {"type": "shortanswer", "answers": answers} | SHORTANSWER_DEFAULTS


def _number(text: str) -> Decimal:
    value = qs.parse_decimal(text)
    if value is None:
        raise _QuestionError(f"数值题答案“{text}”不是数字")
    return value


def _numerical_fields(answer: str) -> dict:
    body, tilde, wrong = answer[1:].partition("~")
    results = []
    for part in _split_answers(body, "="):
        fraction, part = _weight(part, "1")
        text, feedback = _text_and_feedback(part)
        if text.find("..") > 0:  # min..max, stored as midpoint and half-width (Moodle)
            low, high = (_number(t) for t in text.split("..", 1))
            value = (low + high) / 2
            tolerance = high - value
        elif text.find(":") > 0:  # value:tolerance
            value, tolerance = (_number(t) for t in text.split(":", 1))
        else:
            value, tolerance = _number(text), Decimal(0)
        if tolerance < 0:
            raise _QuestionError(f"数值题答案“{text}”的误差范围不能为负")
        value, tolerance = qs.format_decimal(value), qs.format_decimal(tolerance)
        results.append(dict(value=value, tolerance=tolerance, fraction=fraction, feedback=feedback))
    if not results:
        raise _QuestionError("数值题缺少答案，应写成 {#数值} 或 {#数值:误差}")
    _require_full_credit([r["fraction"] for r in results])
    if tilde:  # `~#feedback`: Moodle stores it as a catch-all "*" answer worth 0
        feedback = _text_and_feedback(tilde + wrong)[1]
        results.append({"value": "*", "tolerance": "0", "fraction": "0", "feedback": feedback})
    return {"type": "numerical", "numerical_answers": results}


def _type_fields(answer: str) -> dict:
    """Moodle's type decision, in Moodle's order."""
    if answer == "":
        return {"type": "essay", "rubric": [], "response_template": ""}
    if answer.startswith("#"):
        return _numerical_fields(answer)
    if "~" in answer:
        return _choice_fields(answer)
    if "=" in answer and "->" in answer:
        return _matching_fields(answer)
    check = answer[: answer.find("#")].strip() if answer.find("#") > 0 else answer
    if check in TRUE_FALSE_WORDS:
        return _truefalse_fields(answer)
    return _shortanswer_fields(answer)


def _title_and_text(text: str) -> tuple[str | None, str]:
    if not text.startswith("::"):
        return None, text
    title, found, rest = text[2:].partition("::")
    if not found:  # Moodle drops the opening `::` and names the question from its text
        return None, text[2:]
    return (_restore(title).strip() or None), rest.strip()


def _answer_block(text: str) -> tuple[str | None, str]:
    """Return (answer block or None for a description, question text with the gap)."""
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        return None, text
    if start < 0:
        raise _QuestionError("答案块缺少左花括号 {")
    if finish < 0:
        raise _QuestionError("答案块缺少右花括号 }")
    if finish < start:
        raise _QuestionError("花括号顺序颠倒：} 出现在 { 之前")
    answer = text[start + 1 : finish].strip()
    # Answers at the very end leave no gap; anywhere else is Moodle's missing-word format.
    gap = "" if text.endswith("}") else "_____"
    question_text = text[:start] + gap + text[finish + 1 :]
    if "{" in answer or "{" in question_text or "}" in question_text:
        raise _QuestionError("一道题只能有一个答案块 {…}；题干里要显示花括号请写成 \\{ 或 \\}")
    return answer, question_text


def _read_question(text: str, category: str | None, tags: list[str], line: int) -> dict:
    title, text = _title_and_text(text)
    try:
        answer, question_text = _answer_block(text)
        general_feedback = ""
        if answer is not None and "####" in answer:
            cut = answer.rfind("####")
            answer, general_feedback = answer[:cut].strip(), answer[cut + 4 :]
        text_format, question_text = _with_format(question_text.strip(), "moodle")
        if not question_text:
            raise _QuestionError("题干为空")
        fields = {"type": "description"} if answer is None else _type_fields(answer)
    except _QuestionError as exc:
        exc.name = title or qs.default_name(_plain(text.partition("{")[0]))
        raise
    spec = qs.base_spec(
        fields.pop("type"),
        name=title or qs.default_name(question_text),
        text=question_text,
        text_format=text_format,
        general_feedback=_with_format(general_feedback.strip(), text_format)[1],
        category=category,
        tags=tags,
        line=line,
    )
    return spec | fields


def parse_gift(text: str, default_category: str | None = None) -> ParseResult:
    """Parse a GIFT file into question specs; a bad question becomes an error, never raises."""
    result = ParseResult()
    text = qs.normalize_source(text)
    raw_lines, category = text.split("\n"), default_category
    for block in qs.blocks(text):
        comments = "\n".join(line for _, line in block if line.startswith("//"))
        lines = [(n, line) for n, line in block if not line.startswith("//")]
        if not lines:
            continue
        if lines[0][1].startswith("$CATEGORY:"):
            category = qs.clean_category_path(
                _restore(_unescape_pre(lines[0][1])[10:]), default_category
            )
            lines = lines[1:]  # Moodle expects a blank line here; be lenient
            if not lines:
                continue
        tags = [t for raw in _TAG_RE.findall(comments) if (t := raw.replace("\\]", "]").strip())]
        body = _unescape_pre(qs.join_block(lines, raw_lines))
        try:
            result.questions.append(_read_question(body, category, tags, lines[0][0]))
        except _QuestionError as exc:
            result.add_error(lines[0][0], exc.name, str(exc))
    return result


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
    return f"{mark}%{qs.fraction_to_percent(fraction)}%"


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


def export_gift(questions: list[dict]) -> str:
    """Write question specs as GIFT; types GIFT cannot hold are listed as `//` comments."""
    chunks = []
    category = None
    for q in questions:
        if q["type"] not in EXPORTABLE_TYPES:
            chunks.append(f"// 《{q.get('name', '')}》是 {q['type']} 题型，GIFT 无法表示，已跳过")
            continue
        if q.get("category") != category:
            category = q.get("category")
            chunks.append(f"$CATEGORY: {_escape(category) if category else 'top'}")
        chunks.append(_export_one(q))
    return "\n\n".join(chunks) + "\n" if chunks else ""
