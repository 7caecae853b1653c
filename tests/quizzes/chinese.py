"""The quizzes catalog's zh_CN text for a message, for pure tests (no app, no Flask-Babel)."""

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from quizzes.messages import Listing, Message, render

CATALOG = Path(__file__).resolve().parents[2] / "quizzes/translations/zh/LC_MESSAGES/messages.po"


@cache
def _strings() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string}


def _translate(message_id: str, **params) -> str:
    text = _strings().get(message_id, message_id)
    return text % params if params else text


def in_chinese(text: Message | Listing | str | None) -> str:
    """What the Chinese UI shows for text."""
    return render(text, _translate)
