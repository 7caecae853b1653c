"""YAML front matter for content files (courses, cases): one parser for every area."""

import yaml


class FrontMatterError(ValueError):
    """The file has no readable front matter; the message says why (in English, for logs/CLI)."""


def split_front_matter(raw: str) -> tuple[dict, str]:
    """Split '---\\n<yaml>\\n---\\n<body>' into (mapping, body); line endings are normalized."""
    text = raw.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise FrontMatterError("missing YAML front matter (the file must start with ---)")
    header, separator, body = text[4:].partition("\n---")
    if not separator:
        raise FrontMatterError("front matter is not closed by a --- line")
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        raise FrontMatterError(f"front matter unreadable ({error})") from error
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping")
    return meta, body.lstrip("-").strip("\n") + "\n"
