"""Texts the pure rules write for people (elimination reasons, notes, warnings). Pure: no Flask.

A rule does not know the reader's language, so it returns a :class:`Message` — an English
message id with parameters — and the page translates it when it is shown. Decisions store the
message as ``{"id": ..., "params": {...}}``, so a decision recorded today reads in Chinese for
one manager and in English for another. Decisions recorded before this existed hold finished
Chinese text; :func:`render` shows such text as it was stored.

A parameter may itself be a message (a tie-breaker's label) or a list (trainees' names), which
is joined with the reader's list separator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from core.domain import N_

LIST_SEPARATOR = N_(", ")  # zh_CN: 、

Translate = Callable[..., str]  # gettext-like: translate(message_id, **params) -> text


@dataclass(frozen=True, slots=True)
class Message:
    """An English message id with %(name)s slots and the values for them (hashable)."""

    id: str
    params: tuple[tuple[str, object], ...] = ()

    def to_dict(self) -> dict:
        """The stored form: {"id": ..., "params": {...}} with JSON-safe values."""
        return {"id": self.id, "params": {name: _stored(value) for name, value in self.params}}


def message(message_id: str, **params) -> Message:
    """A Message; lists become tuples so that equal messages compare and hash equal."""
    return Message(message_id, tuple(sorted((k, _frozen(v)) for k, v in params.items())))


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


def render(text, translate: Translate) -> str:
    """A Message, its stored dict, or plain stored text, in the reader's language."""
    if isinstance(text, Message):
        text = text.to_dict()
    if not isinstance(text, Mapping) or "id" not in text:
        return "" if text is None else str(text)
    params = {name: _shown(value, translate) for name, value in text.get("params", {}).items()}
    return translate(text["id"], **params)


def _shown(value, translate: Translate):
    if isinstance(value, Mapping) and "id" in value:
        return render(value, translate)
    if isinstance(value, list | tuple):
        return translate(LIST_SEPARATOR).join(str(_shown(v, translate)) for v in value)
    return value
