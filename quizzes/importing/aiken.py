"""Aiken import and export, mirroring Moodle's question/format/aiken/format.php.

A question is one line of text, then one line per choice (`A. ` or `A) `; Moodle 4 also takes
`A.text` without the space), then `ANSWER: B`. Blank lines are optional. Only single-choice
questions exist in Aiken, without feedback.

Beyond Moodle, because Chinese documents are usually typed that way, we accept full-width
labels (`A．` `A）` `A、`) and a full-width colon after ANSWER, and we report a question left
open at the end of the file (Moodle drops it silently).
"""

from __future__ import annotations

import re
from decimal import Decimal

import quizzes.importing.parsing as qs
from core.domain import N_
from core.messages import Message, message
from quizzes.importing.parsing import ParseResult

_CHOICE_RE = re.compile(r"([A-Z])[.)．）、][ \t]?(.*)")
_ANSWER_RE = re.compile(r"ANSWER[:：](.*)")
MAX_CHOICES = 26
NO_QUESTION = N_(
    "This line has no question before it (write the question before its choices and ANSWER)."
)
NO_ANSWER = N_("The question has no ANSWER: line and was not imported.")


def _question(text: str, line: int, category: str | None) -> dict:
    spec = qs.base_spec(
        "single",
        name=qs.default_name(text),
        text=text,
        text_format="plain",
        category=category,
        line=line,
    )
    return spec | {"choices": [], "shuffle_choices": True}


def _finish(question: dict, answer: str, result: ParseResult) -> None:
    """Close a question on its ANSWER line, or record why it cannot be imported."""
    choices, line, name = question["choices"], question["line"], question["name"]
    letter = answer.strip()[:1]
    index = ord(letter) - ord("A") if letter else -1
    if len(choices) < 2:
        too_few = N_("Fewer than two choices: at least A and B are needed.")
        result.add_error(line, name, message(too_few))
    elif not all(c["text"] for c in choices):
        result.add_error(line, name, message(N_("A choice is empty.")))
    elif not 0 <= index < len(choices):
        last = chr(ord("A") + len(choices) - 1)
        letter = N_("ANSWER must be followed by a letter from A to %(last)s, not “%(answer)s”.")
        result.add_error(line, name, message(letter, last=last, answer=answer.strip()))
    else:
        choices[index]["fraction"] = "1"
        result.questions.append(question)


def parse_aiken(text: str, default_category: str | None = None) -> ParseResult:
    """Parse an Aiken file into single-choice question specs; never raises."""
    result = ParseResult()
    question: dict | None = None
    for number, raw in enumerate(qs.normalize_source(text).split("\n"), start=1):
        line = raw.strip()
        if len(line.encode()) < 2:  # Moodle skips lines shorter than two bytes
            continue
        choice = _CHOICE_RE.fullmatch(line)
        answer = _ANSWER_RE.fullmatch(line)
        if choice or answer:
            if question is None:
                result.add_error(number, None, message(NO_QUESTION))
            elif choice:
                item = {"text": choice[2].strip(), "fraction": "0", "feedback": ""}
                question["choices"].append(item)
            else:
                _finish(question, answer[1], result)
                question = None
            continue
        if question is not None:
            result.add_error(question["line"], question["name"], message(NO_ANSWER))
        question = _question(line, number, default_category)
    if question is not None:
        result.add_error(question["line"], question["name"], message(NO_ANSWER))
    return result


def aiken_problem(question: dict) -> Message | None:
    """Why a question cannot be written as Aiken, or None when it can."""
    if question.get("type") != "single":
        return message(N_("Aiken holds single-choice questions only."))
    fractions = [Decimal(c["fraction"]) for c in question.get("choices", [])]
    if not 2 <= len(fractions) <= MAX_CHOICES:
        return message(N_("Aiken needs 2 to %(most)d choices."), most=MAX_CHOICES)
    if fractions.count(Decimal(1)) != 1 or any(f not in (0, 1) for f in fractions):
        return message(
            N_("Aiken holds exactly one fully right choice, without partial or negative credit.")
        )
    return None


def aiken_unexportable(questions: list[dict]) -> list[Message]:
    """Why export_aiken() leaves out each question it leaves out."""
    left_out = N_("Question %(number)d “%(name)s” cannot be exported: %(problem)s")
    return [
        message(left_out, number=number, name=q.get("name", ""), problem=problem)
        for number, q in enumerate(questions, start=1)
        if (problem := aiken_problem(q))
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def export_aiken(questions: list[dict]) -> str:
    """Write the single-choice questions as Aiken; see aiken_unexportable() for the rest.

    Aiken has no names, feedback, categories or formats, so those are not written.
    """
    chunks = []
    for q in questions:
        if aiken_problem(q):
            continue
        lines = [_one_line(q["text"])]
        for index, choice in enumerate(q["choices"]):
            letter = chr(ord("A") + index)
            lines.append(f"{letter}) {_one_line(choice['text'])}")
            if Decimal(choice["fraction"]) == 1:
                correct = letter
        lines.append(f"ANSWER: {correct}")
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n" if chunks else ""
