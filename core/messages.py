"""Texts the pure rules write for people, translated where they are shown. Pure: no Flask.

A rule (a question type, an importer, the elimination rule) does not know the reader's language,
so it returns a `Message`: an English message id with %(name)s slots and the values for them.
A page, the API or the shell shows it with `render(message, translate)`; in a request,
`core.errors.translated(message)` does that with the reader's gettext.

A value may itself be a Message (a tie-breaker's label, the field a problem is about), a
`Listing` of values joined by a separator that is translated too (", " reads "、" in Chinese),
or a list (joined with the list separator). Stored forms (`to_dict`) keep a decision recorded
today readable in either language later; finished text stored before this existed shows as is.
Mark every id with N_() so that `python -m tools.i18n update` extracts it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from core.domain import N_

Translate = Callable[..., str]  # gettext-like: translate(message_id, **params) -> text

AND = N_(", ")  # zh_CN: 、
OR = N_(" or ")  # zh_CN: 或
SEMICOLON = N_("; ")  # zh_CN: ；
LIST_SEPARATOR = AND


@dataclass(frozen=True, slots=True)
class Message:
    """An English message id and the values of its %(name)s slots (hashable, comparable)."""

    id: str
    params: tuple[tuple[str, object], ...] = ()

    def to_dict(self) -> dict:
        """The stored form: {"id": ..., "params": {...}} with JSON-safe values."""
        return {"id": self.id, "params": {name: _stored(value) for name, value in self.params}}

    def __str__(self) -> str:
        """The English text, for logs and the shell's --json output."""
        return render(self, english)


@dataclass(frozen=True, slots=True)
class Listing:
    """Values shown one after the other, joined by a separator (itself a message id)."""

    items: tuple[object, ...]
    separator: str = AND


def message(message_id: str, **params) -> Message:
    """A Message; lists become tuples so that equal messages compare and hash equal."""
    return Message(message_id, tuple(sorted((k, _frozen(v)) for k, v in params.items())))


def listing(items: Iterable[object], separator: str = AND) -> Listing:
    return Listing(tuple(items), separator)


def render(text, translate: Translate) -> str:
    """A Message, a Listing, a stored message dict or plain text in the reader's language."""
    if text is None:
        return ""
    if isinstance(text, Listing):
        return translate(text.separator).join(render(item, translate) for item in text.items)
    if isinstance(text, Message):
        values = {name: _shown(value, translate) for name, value in text.params}
        return translate(text.id, **values)
    if isinstance(text, Mapping) and "id" in text:
        values = {name: _shown(value, translate) for name, value in text.get("params", {}).items()}
        return translate(text["id"], **values)
    return str(text)


def english(message_id: str, **params) -> str:
    """A Translate that keeps the English message ids (logs, files with no reader yet)."""
    return message_id % params if params else message_id


def _shown(value, translate: Translate):
    if isinstance(value, Message | Listing) or (isinstance(value, Mapping) and "id" in value):
        return render(value, translate)
    if isinstance(value, list | tuple):
        return translate(LIST_SEPARATOR).join(str(_shown(v, translate)) for v in value)
    return value


def _frozen(value):
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def _stored(value):
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_stored(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
