"""GIFT import, mirroring Moodle's question/format/gift/format.php (export: gift_export.py).

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

import quizzes.importing.parsing as qs
import quizzes.question_types.values as values
from core.domain import N_
from core.messages import Message, message
from quizzes.importing.parsing import ParseResult
from quizzes.question_types.spec_checks import grade_problem

TEXT_FORMATS = ("moodle", "html", "plain", "markdown")
TRUE_FALSE_WORDS = ("T", "TRUE", "F", "FALSE")
SHORTANSWER_DEFAULTS = {"case_sensitive": False, "normalize_width": True}

# Escaped control characters become private-use placeholders while parsing (Moodle
# uses "&&058;"-style strings for the same purpose), and are restored at the end.
_PLACEHOLDERS = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004"}
_PLACEHOLDERS |= {"~": "\ue005", "n": "\ue006"}
_RESTORE = {ord(v): ("\n" if k == "n" else k) for k, v in _PLACEHOLDERS.items()}
_ESCAPE_IN_RE = re.compile(r"\\([\\:#={}~n])")
_WEIGHT_RE = re.compile(r"%\s*(-?\d+(?:\.\d+)?)\s*%")
_BAD_WEIGHT_RE = re.compile(r"%[^%]*%")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f])+)\]")


class _QuestionError(Exception):
    """A question cannot be imported; the problem (a message) is shown to the user."""

    name: str | None = None

    def __init__(self, message_id: str | Message, **params):
        problem = message_id if isinstance(message_id, Message) else message(message_id, **params)
        super().__init__(problem)
        self.problem = problem


def _unescape_pre(text: str) -> str:
    """Moodle's escapedchar_pre(): `\\\\` is a backslash, `\\{` etc. become placeholders."""
    return _ESCAPE_IN_RE.sub(lambda m: "\\" if m[1] == "\\" else _PLACEHOLDERS[m[1]], text)


def _restore(text: str) -> str:
    """Moodle's escapedchar_post()."""
    return text.translate(_RESTORE)


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
        return values.percent_to_fraction(Decimal(match[1])), part[match.end() :]
    if bad := _BAD_WEIGHT_RE.match(part):
        wrong = N_("The weight %(weight)s is wrong; write a percentage such as %%50%% or %%-25%%.")
        raise _QuestionError(wrong, weight=_restore(bad[0]))
    return default, part


def _split_answers(answer: str, separator: str) -> list[str]:
    """Moodle's explode + "drop an empty first element"."""
    parts = [p.strip() for p in answer.split(separator)]
    return parts[1:] if not parts[0] else parts


def _choice_fields(answer: str) -> dict:
    single = "=" in answer
    parts = _split_answers(answer.replace("=", "~="), "~")
    if len(parts) < 2:
        raise _QuestionError(N_("A choice question needs at least two choices."))
    choices = []
    for part in parts:
        if part.startswith("="):
            fraction, part = "1", part[1:].strip()
            if _BAD_WEIGHT_RE.match(part):
                raise _QuestionError(
                    N_(
                        "In a choice question = marks the one right answer, without a weight; "
                        "write partial credit as ~%50%."
                    )
                )
        else:
            fraction, part = _weight(part, "0")
        text, feedback = _text_and_feedback(part)
        if not text:
            raise _QuestionError(N_("A choice is empty."))
        choices.append({"text": text, "fraction": fraction, "feedback": feedback})
    kind = "single" if single else "multi"
    if problem := grade_problem(kind, [c["fraction"] for c in choices]):
        hint = N_("%(problem)s (mark the right answer of a single-choice question with =)")
        raise _QuestionError(problem if single else message(hint, problem=problem))
    return {"type": kind, "choices": choices, "shuffle_choices": True}


def _matching_fields(answer: str) -> dict:
    pairs = []
    for part in _split_answers(answer, "="):
        marker = part.find("->")
        if marker < 0:
            no_arrow = N_("The pair “%(pair)s” has no ->; write =left -> right.")
            raise _QuestionError(no_arrow, pair=_restore(part))
        left = _plain(part[:marker])
        right = _restore(part[marker + 2 :]).strip()
        if not right:
            raise _QuestionError(N_("The right side of the pair “%(left)s” is empty."), left=left)
        pairs.append({"left": left, "right": right})
    if sum(1 for p in pairs if p["left"]) < 2:
        raise _QuestionError(N_("A matching question needs at least two pairs (= left -> right)."))
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
    if problem := grade_problem("", fractions):
        raise _QuestionError(problem)


def _shortanswer_fields(answer: str) -> dict:
    answers = []
    for part in _split_answers(answer, "="):
        fraction, part = _weight(part, "1")
        text, feedback = _text_and_feedback(part)
        if not text:
            raise _QuestionError(N_("An answer is empty."))
        answers.append({"text": text, "fraction": fraction, "feedback": feedback})
    if not answers:
        raise _QuestionError(N_("A short-answer question needs at least one answer."))
    _require_full_credit([a["fraction"] for a in answers])
    return {"type": "shortanswer", "answers": answers} | SHORTANSWER_DEFAULTS


def _number(text: str) -> Decimal:
    value = values.parse_decimal(text)
    if value is None:
        raise _QuestionError(N_("The numerical answer “%(text)s” is not a number."), text=text)
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
            negative = N_("The tolerance of the numerical answer “%(text)s” cannot be negative.")
            raise _QuestionError(negative, text=text)
        value, tolerance = values.format_decimal(value), values.format_decimal(tolerance)
        results.append(dict(value=value, tolerance=tolerance, fraction=fraction, feedback=feedback))
    if not results:
        no_answer = N_(
            "The numerical question has no answer; write {#value} or {#value:tolerance}."
        )
        raise _QuestionError(no_answer)
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
        raise _QuestionError(N_("The answer block has no opening brace {."))
    if finish < 0:
        raise _QuestionError(N_("The answer block has no closing brace }."))
    if finish < start:
        raise _QuestionError(N_("The braces are the wrong way round: } comes before {."))
    answer = text[start + 1 : finish].strip()
    # Answers at the very end leave no gap; anywhere else is Moodle's missing-word format.
    gap = "" if text.endswith("}") else "_____"
    question_text = text[:start] + gap + text[finish + 1 :]
    if "{" in answer or "{" in question_text or "}" in question_text:
        raise _QuestionError(
            N_("A question has one answer block {…}; write \\{ or \\} for a brace in its text.")
        )
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
            raise _QuestionError(N_("The question text is empty."))
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
            result.add_error(lines[0][0], exc.name, exc.problem)
    return result
