"""Reading courses/content/: lesson and module files (Markdown + YAML front matter) and
glossary.yaml, validated, without touching the database.

Both the content sync (courses.content_sync) and the glossary (courses.glossary) read files
through here, so neither needs the other to parse them.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app

from core.domain import DomainError
from core.front_matter import FrontMatterError, split_front_matter

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent / "content"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME_RE = re.compile(r"^(\d{2})-([a-z0-9-]+?)(\.md)?$")


class ContentError(DomainError):
    """A content file is malformed; the message names the file."""


@dataclass
class ParsedFile:
    path: str
    meta: dict
    body: str
    digest: str


def content_dir() -> Path:
    return Path(current_app.config.get("COURSES_CONTENT_DIR") or DEFAULT_CONTENT_DIR)


def parse_file(path: Path, root: Path) -> ParsedFile:
    """Split a Markdown file into front matter and body."""
    raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    relative = str(path.relative_to(root))
    try:
        meta, body = split_front_matter(raw)
    except FrontMatterError as error:
        raise ContentError(f"{relative}: {error}") from error
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return ParsedFile(relative, meta, body, digest)


def _check_name(parsed: ParsedFile, name: str) -> None:
    match = NAME_RE.match(name)
    slug, order = parsed.meta.get("slug"), parsed.meta.get("order")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        raise ContentError(f"{parsed.path}: slug must be ascii kebab-case")
    if not isinstance(parsed.meta.get("title"), str) or not parsed.meta["title"].strip():
        raise ContentError(f"{parsed.path}: title is required")
    if not match or int(match.group(1)) != order or match.group(2) != slug:
        raise ContentError(f"{parsed.path}: name must be '{order!s:0>2}-{slug}'")


def read_tree(root: Path) -> list[tuple[ParsedFile, list[ParsedFile]]]:
    """All modules with their lessons, validated; raises ContentError before touching the db."""
    modules = []
    for directory in sorted(p for p in root.iterdir() if p.is_dir()):
        module_file = directory / "module.md"
        if not module_file.exists():
            continue
        parsed = parse_file(module_file, root)
        _check_name(parsed, directory.name)
        lessons = []
        for lesson_file in sorted(directory.glob("[0-9][0-9]-*.md")):
            lesson = parse_file(lesson_file, root)
            _check_name(lesson, lesson_file.name)
            lessons.append(lesson)
        modules.append((parsed, lessons))
    slugs = [m.meta["slug"] for m, _l in modules]
    if len(slugs) != len(set(slugs)):
        raise ContentError("module slugs must be unique")
    return modules


def read_lesson_file(source_path: str, root: Path | None = None) -> ParsedFile:
    """One lesson file, for "reset to file version"."""
    root = Path(root or content_dir())
    path = (root / source_path).resolve()
    if root.resolve() not in path.parents or not path.is_file():
        raise ContentError(f"{source_path}: the file no longer exists")
    return parse_file(path, root.resolve())


def read_glossary_file(root: Path) -> list[dict] | None:
    """glossary.yaml as a list of {term, english, definition, aliases}; None if there is none."""
    path = Path(root) / "glossary.yaml"
    if not path.exists():
        return None
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        raise ContentError(f"glossary.yaml: unreadable ({error})") from error
    if not isinstance(entries, list):
        raise ContentError("glossary.yaml: must be a list of entries")
    parsed = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("term"):
            raise ContentError(f"glossary.yaml: entry without a term: {entry!r}")
        parsed.append(
            {
                "term": str(entry["term"]).strip(),
                "english": str(entry.get("english") or ""),
                "definition": str(entry.get("definition") or "").strip(),
                "aliases": [str(a) for a in entry.get("aliases") or []],
            }
        )
    return parsed
