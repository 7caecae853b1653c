"""What the Chinese UI shows for a message, read straight from the zh_CN catalogs, so that
pure tests (no app, no Flask-Babel) can check what a Chinese reader sees."""

from functools import cache

from babel.messages.pofile import read_po

from core.domain import DomainError
from core.messages import message, render
from tools.i18n import CATALOGS, po_path


@cache
def _strings() -> dict[str, str]:
    strings: dict[str, str] = {}
    for catalog_dir in CATALOGS:
        path = po_path(catalog_dir)
        if path.exists():
            with path.open("rb") as handle:
                strings.update({m.id: m.string for m in read_po(handle) if m.id and m.string})
    return strings


def _translate(message_id: str, **params) -> str:
    text = _strings().get(message_id, message_id)
    return text % params if params else text


def in_chinese(text) -> str:
    """A Message, Listing, stored message, DomainError or plain text as zh_CN shows it."""
    if isinstance(text, DomainError):
        text = message(text.message_id, **text.params)
    return render(text, _translate)
