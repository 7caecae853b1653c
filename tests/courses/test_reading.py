"""Search (Chinese terms), the glossary page and glossary links inside lessons."""

from courses.content_sync import sync_content
from courses.rendering import GlossaryLink, link_glossary_terms, render_lesson
from courses.services import search
from tests.courses.factories import make_module

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


def test_lesson_page_links_glossary_terms(login_as, client, tmp_path):
    from tests.courses.factories import write_tree

    sync_content(write_tree(tmp_path))
    login_as("trainee")
    page = client.get("/courses/m/basics/first").get_data(as_text=True)
    assert 'class="glossary-link" href="/courses/glossary#term-' in page


def test_search_finds_chinese_terms_in_the_shipped_course(login_as, client):
    sync_content()
    login_as("trainee")
    for term in ("受托支付", "假按揭"):
        page = client.get("/courses/search", query_string={"q": term}).get_data(as_text=True)
        assert f"<mark>{term}</mark>" in page
        assert 'data-kind="lesson"' in page
    hits = search("受托支付")
    assert {hit.kind for hit in hits} >= {"lesson", "glossary"}


def test_search_escapes_like_wildcards_and_handles_nothing(login_as, client):
    make_module(lessons=1)
    login_as("trainee")
    assert search("%") == []
    assert search("   ") == []
    page = client.get("/courses/search?q=<script>").get_data(as_text=True)
    assert "<script>" not in page.split("<main")[1]
    assert "没有找到" in page


def test_glossary_page_lists_and_filters_terms(login_as, client):
    sync_content()
    login_as("trainee")
    page = client.get("/courses/glossary").get_data(as_text=True)
    assert "受托支付" in page and "五级分类" in page
    page = client.get("/courses/glossary", query_string={"q": "受托"}).get_data(as_text=True)
    assert "受托支付" in page and "五级分类" not in page
    page = client.get("/courses/glossary", query_string={"q": "首检"}).get_data(as_text=True)
    assert "首次贷后检查" in page  # found through its alias


def test_drafts_do_not_appear_in_learner_search(login_as, client):
    module = make_module(lessons=1)
    lesson = module.lessons[0]
    lesson.published_body = None
    lesson.body = "秘密草稿词"
    from core.extensions import db

    db.session.commit()
    login_as("trainee")
    assert search("秘密草稿词") == []


def test_checklists_show_boxes():
    html = str(render_lesson("- [ ] 核对原件\n- [x] 拍照留档\n"))
    assert '<li class="task">☐ 核对原件' in html and '<li class="task">☑ 拍照留档' in html


def test_lesson_page_has_a_table_of_contents(login_as, client):
    module = make_module(lessons=1)
    module.lessons[
        0
    ].published_body = "## 一、定义\n\n正文\n\n### 细节 <b>\n\n正文\n\n## 二、做法\n\n正文\n"
    from core.extensions import db

    db.session.commit()
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}/l1").get_data(as_text=True)
    toc = page.split('class="lesson-toc"')[1].split("</nav>")[0]
    assert toc.count("<li") == 3 and "一、定义" in toc and "二、做法" in toc
    assert 'href="#_1"' in toc
