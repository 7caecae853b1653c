"""Import questions into the bank from GIFT, Aiken or the ordering YAML; all or nothing.

`read_questions` parses without touching the database (the dry run); `import_questions` saves a
parse result only when it has no errors, so a bad file never leaves half its questions behind.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import yaml
from sqlalchemy import select

from core.domain import N_, DomainError
from core.extensions import db
from core.messages import SEMICOLON, Message, listing, message
from quizzes.bank import services as bank_services
from quizzes.bank.validation import clean_spec
from quizzes.importing.aiken import parse_aiken
from quizzes.importing.gift import parse_gift
from quizzes.importing.parsing import ParseResult, base_spec
from quizzes.models.bank import Question

FORMATS = ("gift", "aiken")
DEFAULT_CATEGORY = "默认"  # content: where questions the file does not file go


class ImportRejected(DomainError):
    """The file has errors; nothing was imported."""

    def __init__(self, message_id: str, result: ParseResult, **params):
        super().__init__(message_id, **params)
        self.result = result


def decode_upload(data: bytes) -> str:
    """File bytes as text: UTF-8 (with or without BOM), else GB18030 as Chinese Windows saves."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(N_("The file is not a text file in UTF-8 or GBK encoding."))


def read_questions(text: str, fmt: str, default_category: str | None = None) -> ParseResult:
    """Parse a file's text; `$CATEGORY:` lines in GIFT override default_category (as Moodle)."""
    category = (default_category or "").strip() or DEFAULT_CATEGORY
    if fmt == "gift":
        return parse_gift(text, default_category=category)
    if fmt == "aiken":
        return parse_aiken(text, default_category=category)
    raise DomainError(N_("Unknown file format: choose GIFT or Aiken."))


def read_ordering_yaml(text: str, category_prefix: str = "贷后学堂") -> ParseResult:  # content
    """Ordering questions from the YAML list (quizzes/content/ordering.yaml), checked."""
    result = ParseResult()
    try:
        rows = yaml.safe_load(text) or []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        result.add_error(
            (mark.line + 1) if mark else 1, None, message(N_("The YAML is malformed."))
        )
        return result
    if not isinstance(rows, list):
        result.add_error(1, None, message(N_("The file must be a list of questions.")))
        return result
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            not_object = message(N_("Question %(number)d is not an object."), number=number)
            result.add_error(number, None, not_object)
            continue
        spec = base_spec(
            "ordering",
            name=str(row.get("name") or ""),
            text=str(row.get("text") or ""),
            general_feedback=str(row.get("general_feedback") or ""),
            category=f"{category_prefix}/{row.get('module')}" if row.get("module") else None,
        )
        spec["items"] = row.get("items")
        cleaned, problems = clean_spec(spec)
        if problems:
            found = listing((p.message for p in problems), SEMICOLON)
            result.add_error(number, spec["name"] or None, found)
        else:
            result.questions.append(cleaned)
    return result


def import_questions(
    result: ParseResult,
    *,
    user_id: int | None = None,
    source_prefix: str | None = None,
    note: str = "",
) -> list[Question]:
    """Save every parsed question, or none when the file had an error.

    With source_prefix, each question gets source_key `<prefix><name>` and questions whose key
    already exists are skipped (so loading shipped content twice changes nothing).
    """
    if not result.ok:
        raise ImportRejected(
            N_("The file has %(count)d error(s); nothing was imported."),
            result,
            count=len(result.errors),
        )
    if not result.questions:
        raise ImportRejected(N_("The file holds no questions."), result)
    existing: set[str] = set()
    if source_prefix:
        existing = set(
            db.session.scalars(
                select(Question.source_key).where(Question.source_key.startswith(source_prefix))
            )
        )
    saved = []
    for spec in result.questions:
        key = f"{source_prefix}{spec['name']}"[:120] if source_prefix else None
        if key and key in existing:
            continue
        spec = copy.deepcopy(spec)
        spec.pop("line", None)
        category = bank_services.ensure_category(spec.get("category") or DEFAULT_CATEGORY)
        saved.append(
            bank_services.create_question(
                spec, category, user_id=user_id, source_key=key, note=note
            )
        )
        if key:
            existing.add(key)
    return saved


def dry_run_json(result: ParseResult, translate: Callable[[Message], str] = str) -> dict:
    """What `--dry-run --json` prints: the specs, or the errors with their lines."""
    return {
        "ok": result.ok,
        "count": len(result.questions),
        "questions": result.questions,
        "errors": [
            {"line": error.line, "name": error.name, "message": translate(error.message)}
            for error in result.errors
        ],
    }
