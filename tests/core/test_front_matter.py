"""Content files' front matter: one parser, clear refusals."""

import pytest

from core.front_matter import FrontMatterError, split_front_matter

pytestmark = pytest.mark.pure


def test_front_matter_and_body_are_split():
    meta, body = split_front_matter(
        "---\nslug: intro\ntitle: 概论\n---\n## 一、范围\n\n---\n\n正文\n"
    )
    assert meta == {"slug": "intro", "title": "概论"}
    assert body.startswith("## 一、范围")
    assert "正文" in body  # a horizontal rule in the body is not a second header


def test_windows_line_endings_and_bom_are_accepted():
    meta, body = split_front_matter("\ufeff---\r\nslug: a\r\n---\r\n正文\r\n")
    assert meta == {"slug": "a"}
    assert body == "正文\n"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("slug: a\n正文", "missing"),
        ("---\nslug: a\n正文", "not closed"),
        ("---\nslug: [a\n---\n正文", "unreadable"),
        ("---\n- a\n- b\n---\n正文", "mapping"),
    ],
)
def test_malformed_front_matter_is_refused_with_a_reason(raw, reason):
    with pytest.raises(FrontMatterError, match=reason):
        split_front_matter(raw)
