"""Texts the pure modules write for people, translated where they are shown. Pure: no Flask.

A question type, a spec check or an importer does not know the reader's language, so it returns
a `Message`: an English message id with %(name)s slots and the values for them. The page, the
API or the shell shows it with `render(message, gettext)` (quizzes.translation.translated in a
request). A value may itself be a Message (the field a problem is about, "true"), or a `Listing`
of values joined by a separator that is translated too (", " reads "、" in Chinese).
Mark every id with N_() so that `python -m tools.i18n update quizzes` extracts it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.domain import N_

Translate = Callable[..., str]  # gettext-like: translate(message_id, **params) -> text

AND = N_(", ")  # zh_CN: 、
OR = N_(" or ")  # zh_CN: 或
SEMICOLON = N_("; ")  # zh_CN: ；


@dataclass(frozen=True, slots=True)
class Message:
    """An English message id and the values of its %(name)s slots (hashable, comparable)."""

    id: str
    params: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        """The English text, for logs and the shell's --json output."""
        return render(self, english)


@dataclass(frozen=True, slots=True)
class Listing:
    """Values shown one after the other, joined by a separator (itself a message id)."""

    items: tuple[object, ...]
    separator: str = AND


def message(message_id: str, **params) -> Message:
    return Message(message_id, tuple(sorted(params.items())))


def listing(items: Iterable[object], separator: str = AND) -> Listing:
    return Listing(tuple(items), separator)


def render(text: Message | Listing | str | None, translate: Translate) -> str:
    """A message (or a listing, or plain text) in the reader's language; None reads as ""."""
    if text is None:
        return ""
    if isinstance(text, Listing):
        return translate(text.separator).join(render(item, translate) for item in text.items)
    if isinstance(text, Message):
        values = {name: _shown(value, translate) for name, value in text.params}
        return translate(text.id, **values)
    return str(text)


def _shown(value: object, translate: Translate) -> object:
    return render(value, translate) if isinstance(value, Message | Listing) else value


def english(message_id: str, **params) -> str:
    """A Translate that keeps the English message ids (logs, files with no reader yet)."""
    return message_id % params if params else message_id
