"""Reading the content files: what a trainer writes in courses/content/ and glossary.yaml.

Files only: no app, no database.
"""

import pytest

from courses.content_files import ContentError, read_glossary_file, read_tree
from courses.glossary import split_aliases
from courses.services import snippet
from tests.courses.factories import write_tree

pytestmark = pytest.mark.pure


def test_the_tree_lists_modules_with_their_lessons_in_order(tmp_path):
    [(module, lessons)] = read_tree(write_tree(tmp_path, lessons=("02-second", "01-first")))
    assert module.meta["slug"] == "basics" and module.path == "01-basics/module.md"
    assert [lesson.meta["slug"] for lesson in lessons] == ["first", "second"]


def test_two_modules_with_the_same_short_name_are_refused(tmp_path):
    root = write_tree(tmp_path)
    twin = root / "02-basics"
    twin.mkdir()
    (twin / "module.md").write_text(
        "---\nslug: basics\ntitle: 又一个基础\norder: 2\n---\n简介\n", encoding="utf-8"
    )
    with pytest.raises(ContentError, match="module slugs must be unique"):
        read_tree(root)


def test_glossary_entries_are_read_with_defaults_for_missing_keys(tmp_path):
    (tmp_path / "glossary.yaml").write_text(
        "- term: 受托支付\n  definition: 银行直接付给交易对象。\n  aliases: [受托]\n",
        encoding="utf-8",
    )
    assert read_glossary_file(tmp_path) == [
        {
            "term": "受托支付",
            "english": "",
            "definition": "银行直接付给交易对象。",
            "aliases": ["受托"],
        }
    ]
    assert read_glossary_file(tmp_path / "nowhere") is None


def test_a_glossary_entry_without_a_term_is_refused(tmp_path):
    (tmp_path / "glossary.yaml").write_text("- definition: 没有术语名\n", encoding="utf-8")
    with pytest.raises(ContentError, match="entry without a term"):
        read_glossary_file(tmp_path)


def test_aliases_split_on_lines_commas_and_the_chinese_list_comma():
    assert split_aliases("首检、首次检查\n首检, 贷后首检；  \n") == ["首检", "首次检查", "贷后首检"]


def test_a_search_snippet_marks_the_match_with_some_context():
    before, match, after = snippet("贷后检查要在放款后及时进行。" * 10, "放款")
    assert match == "放款" and before.endswith("贷后检查要在") and after.startswith("后及时进行")
