"""Markdown rendering: Python-Markdown, then an nh3 allow-list. The only place HTML is made from text."""

import functools

import markdown as markdown_lib
import nh3
from markupsafe import Markup

MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "admonition", "toc", "sane_lists", "attr_list"]
MARKDOWN_EXTENSION_CONFIGS = {"toc": {"permalink": False, "toc_depth": "2-3"}}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "input",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "input": {"type", "checked", "disabled"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Strip everything outside the allow-list: scripts, event handlers, javascript: URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> Markup:
    """Render user or course Markdown to safe HTML."""
    return Markup(_rendered(text or ""))  # nosec B704: nh3 has cleaned it to the allow-list


# The HTML depends on the text alone, and building it costs milliseconds (a new Markdown
# instance with its extensions, then nh3): a quiz page renders the same question texts for
# every trainee, so each worker keeps the texts it rendered last.
@functools.lru_cache(maxsize=1024)
def _rendered(text: str) -> str:
    html = markdown_lib.markdown(
        text,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    )
    return sanitize_html(html)
