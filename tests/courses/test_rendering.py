"""Lesson HTML: glossary terms linked once, never inside headings, links or code; checklists.

Plain functions over text: no app, no database.
"""

import pytest

from courses.rendering import GlossaryLink, link_glossary_terms, render_lesson

pytestmark = pytest.mark.pure

ENTRIES = [
    GlossaryLink("贷后检查", "/g#term-1", "检查定义"),
    GlossaryLink("首次贷后检查", "/g#term-2", "首检定义"),
    GlossaryLink("挪用", "/g#term-3", 'say "hi" <b>'),
]


def test_first_occurrence_is_linked_once_and_longest_term_wins():
    html = str(render_lesson("首次贷后检查之后还有贷后检查,贷后检查要写报告。", ENTRIES))
    assert html.count('href="/g#term-2"') == 1
    assert html.count('href="/g#term-1"') == 1
    assert html.index("term-2") < html.index("term-1")


def test_terms_in_headings_links_and_code_are_not_linked():
    markdown = "## 挪用的后果\n\n[挪用](https://example.com)\n\n`挪用`\n\n```\n挪用\n```\n"
    html = link_glossary_terms(str(render_lesson(markdown)), ENTRIES)
    assert "glossary-link" not in html
    html = str(render_lesson(markdown + "\n正文里的挪用。\n", ENTRIES))
    assert html.count("glossary-link") == 1


def test_glossary_link_title_is_escaped():
    html = str(render_lesson("客户挪用了贷款", ENTRIES))
    assert 'title="say &quot;hi&quot; &lt;b&gt;"' in html


def test_checklists_show_boxes():
    html = str(render_lesson("- [ ] 核对原件\n- [x] 拍照留档\n"))
    assert '<li class="task">☐ 核对原件' in html and '<li class="task">☑ 拍照留档' in html


def test_a_changed_glossary_shows_at_once_on_a_lesson_rendered_before():
    # Each worker keeps linked lessons; the glossary is part of the key, so an edit shows.
    lesson = "贷后检查要写报告。"
    assert 'title="检查定义"' in str(render_lesson(lesson, ENTRIES))
    edited = [GlossaryLink("贷后检查", "/g#term-1", "修订后的定义"), *ENTRIES[1:]]
    html = str(render_lesson(lesson, edited))
    assert 'title="修订后的定义"' in html and "检查定义" not in html
    assert "glossary-link" not in str(render_lesson(lesson, []))
