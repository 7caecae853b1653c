"""Search (Chinese terms), the glossary page and glossary links inside lessons."""

from core.extensions import db
from courses.content_sync import sync_content
from courses.services import search
from tests.courses.factories import make_module, write_tree


def test_lesson_page_links_glossary_terms(login_as, client, tmp_path):
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
    db.session.commit()
    login_as("trainee")
    assert search("秘密草稿词") == []


def test_lesson_page_has_a_table_of_contents(login_as, client):
    module = make_module(lessons=1)
    module.lessons[
        0
    ].published_body = "## 一、定义\n\n正文\n\n### 细节 <b>\n\n正文\n\n## 二、做法\n\n正文\n"
    db.session.commit()
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}/l1").get_data(as_text=True)
    toc = page.split('class="lesson-toc"')[1].split("</nav>")[0]
    assert toc.count("<li") == 3 and "一、定义" in toc and "二、做法" in toc
    assert 'href="#_1"' in toc
