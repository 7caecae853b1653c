"""The zh_CN words a reader sees for the pure rules' messages, read straight from the
assessment catalog: pure tests need no app to check what a Chinese manager reads."""

from functools import cache

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from assessment.messages import render
from core.domain import DomainError
from tools.i18n import po_path


@cache
def _catalog() -> Catalog:
    with po_path("assessment/translations").open("rb") as handle:
        return read_po(handle, locale="zh")


def _translate(message_id: str, **params) -> str:
    entry = _catalog().get(message_id)
    text = entry.string if entry is not None and entry.string else message_id
    return text % params if params else text


def zh(text) -> str:
    """A Message (or its stored dict, or a DomainError) as the zh_CN reader sees it."""
    if isinstance(text, DomainError):
        text = {"id": text.message_id, "params": text.params}
    return render(text, _translate)
