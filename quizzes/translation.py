"""Question-type labels in the reader's language (messages in general: core.i18n.translated)."""

from core.i18n import plain_gettext
from quizzes.question_types import QUESTION_TYPES, QuestionType


def type_label(qtype: QuestionType) -> str:
    """The type's label in the reader's language (labels are message ids)."""
    return plain_gettext(qtype.label)


def type_labels() -> dict[str, str]:
    """Every question type's label in the reader's language, in the bank's order."""
    return {name: type_label(qtype) for name, qtype in QUESTION_TYPES.items()}
