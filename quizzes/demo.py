"""Demo content of the quizzes area: the shipped question bank (quizzes/content/)."""

from pathlib import Path

from sqlalchemy import func, select

from core.extensions import db
from quizzes.gift import parse_gift
from quizzes.importing import import_questions, read_ordering_yaml
from quizzes.models.bank import Question

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SOURCE_PREFIX = "content:"


def load_question_bank() -> str:
    """Import quizzes/content/*.gift and ordering.yaml once; questions already there are kept."""
    added = 0
    for path in sorted(CONTENT_DIR.glob("*.gift")):
        result = parse_gift(path.read_text(encoding="utf-8"))
        added += len(import_questions(result, source_prefix=SOURCE_PREFIX, note="随演示数据导入"))
    ordering = read_ordering_yaml((CONTENT_DIR / "ordering.yaml").read_text(encoding="utf-8"))
    added += len(import_questions(ordering, source_prefix=SOURCE_PREFIX, note="随演示数据导入"))
    total = db.session.scalar(
        select(func.count(Question.id)).where(Question.source_key.startswith(SOURCE_PREFIX))
    )
    return f"{added} questions added, {total} shipped questions in the bank"
