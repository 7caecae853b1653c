"""Lesson HTML: core.markdown.render_markdown, then links from glossary terms to their entries.

The linking works on the already sanitized HTML and only inserts markup it builds itself from
escaped values, so it cannot reopen what the sanitizer closed.
"""

import functools
import re
from dataclasses import dataclass
from html import escape, unescape

from markupsafe import Markup

from core.markdown import render_markdown

# Text inside these elements is never linked: headings, existing links, code.
SKIP_TAGS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "kbd"}
TAG_RE = re.compile(r"(<[^>]*>)")
TAG_NAME_RE = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")


@dataclass(frozen=True)
class GlossaryLink:
    """One spelling (term or alias) pointing at a glossary entry."""

    text: str
    href: str
    title: str


def _link(entry: GlossaryLink) -> str:
    return (
        f'<a class="glossary-link" href="{escape(entry.href)}" '
        f'title="{escape(entry.title)}">{escape(entry.text)}</a>'
    )


def link_glossary_terms(html: str, entries: list[GlossaryLink]) -> str:
    """Link the first occurrence of each entry outside headings, links and code."""
    return _linked(html, tuple(entries))


# The links depend on the lesson's HTML and the glossary alone, and finding them costs a scan of
# every text piece for every spelling (18 ms of a 35 ms lesson page, bench/RESULTS.md issue 14):
# each worker keeps the lessons it linked last. A changed lesson or glossary is another key.
@functools.lru_cache(maxsize=256)
def _linked(html: str, entries: tuple[GlossaryLink, ...]) -> str:
    # Longest spelling first so "首次贷后检查" wins over "贷后检查" at the same place.
    remaining = sorted(entries, key=lambda e: -len(e.text))
    linked_hrefs: set[str] = set()
    out: list[str] = []
    skip_depth = 0
    for piece in TAG_RE.split(html):
        if not piece:
            continue
        if piece.startswith("<"):
            match = TAG_NAME_RE.match(piece)
            if match and match.group(2).lower() in SKIP_TAGS and not piece.endswith("/>"):
                skip_depth += -1 if match.group(1) else 1
                skip_depth = max(skip_depth, 0)
            out.append(piece)
            continue
        if skip_depth or not remaining:
            out.append(piece)
            continue
        out.append(_link_in_text(piece, remaining, linked_hrefs))
    return "".join(out)


def _link_in_text(text: str, remaining: list[GlossaryLink], linked_hrefs: set[str]) -> str:
    result = []
    while True:
        best = None
        for entry in remaining:
            if entry.href in linked_hrefs:
                continue
            # The text is HTML-escaped already; terms are plain CJK/ascii words, escape to match.
            position = text.find(escape(entry.text))
            if position >= 0 and (best is None or position < best[0]):
                best = (position, entry)
        if best is None:
            result.append(text)
            return "".join(result)
        position, entry = best
        needle = escape(entry.text)
        result.append(text[:position])
        result.append(_link(entry))
        linked_hrefs.add(entry.href)
        text = text[position + len(needle) :]


HEADING_RE = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.S)
INNER_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    text: str  # plain text, unescaped; the template escapes it


def table_of_contents(html: str) -> list[TocEntry]:
    """The lesson's h2/h3 headings (ids come from Python-Markdown's toc extension)."""
    return [
        TocEntry(int(level), unescape(anchor), unescape(INNER_TAG_RE.sub("", inner)).strip())
        for level, anchor, inner in HEADING_RE.findall(html)
    ]


TASK_RE = re.compile(r"<li>(<p>)?\[([ xX])\]\s")


def _task_boxes(html: str) -> str:
    """Show "- [ ] item" checklists as boxes (display only; nothing is stored)."""
    return TASK_RE.sub(
        lambda m: f'<li class="task">{m.group(1) or ""}{"☑" if m.group(2) != " " else "☐"} ', html
    )


def render_lesson(markdown_text: str | None, entries: list[GlossaryLink] | None = None) -> Markup:
    """The one pipeline for lesson bodies, used by the reader and the editor preview alike."""
    html = _task_boxes(str(render_markdown(markdown_text)))
    if entries:
        html = link_glossary_terms(html, entries)
    return Markup(html)  # nosec B704: nh3-cleaned HTML; glossary links escape their parts
