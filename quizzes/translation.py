"""Showing the pure modules' messages (quizzes.messages) in the reader's language."""

from flask_babel import gettext

from quizzes.messages import Listing, Message, render
from quizzes.question_types import QUESTION_TYPES, QuestionType


def translated(text: Message | Listing | str | None) -> str:
    """The text in the current request's language (the default language in the shell)."""
    return render(text, gettext)


def type_label(qtype: QuestionType) -> str:
    """The type's label in the reader's language (labels are message ids)."""
    return gettext(qtype.label)


def type_labels() -> dict[str, str]:
    """Every question type's label in the reader's language, in the bank's order."""
    return {name: type_label(qtype) for name, qtype in QUESTION_TYPES.items()}
