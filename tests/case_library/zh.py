"""The case library's zh_CN catalog, read directly: pure tests check the Chinese words too."""

from functools import cache

from babel.messages.pofile import read_po

from tools.i18n import po_path


@cache
def _catalog():
    with po_path("case_library/translations").open("rb") as handle:
        return read_po(handle)


def zh(message_id: str) -> str:
    """What a Chinese reader sees for message_id."""
    entry = _catalog().get(message_id)
    assert entry is not None and entry.string, f"no zh_CN translation for {message_id!r}"
    return entry.string
