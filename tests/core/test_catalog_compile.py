"""Compiling the translation catalogs while other processes read them (test workers, servers).

The suite's workers each compile the catalogs when they start (tests/conftest.py), while the
other worker's app already reads them: a catalog written in place was once read half-written
("BadZipFile"-like gettext errors in an unrelated test).
"""

import os

import pytest

from tools.i18n import replace_if_changed

pytestmark = pytest.mark.pure


def test_a_changed_catalog_replaces_the_file_whole(tmp_path):
    target = tmp_path / "messages.mo"
    target.write_bytes(b"old catalog")
    with target.open("rb") as reader_opened_before:
        assert replace_if_changed(target, b"new catalog, longer than the old one")
        # A reader that opened the old file keeps reading all of it, not a mix of both.
        assert reader_opened_before.read() == b"old catalog"
    assert target.read_bytes() == b"new catalog, longer than the old one"
    assert [p.name for p in tmp_path.iterdir()] == ["messages.mo"]  # no temporary left behind


def test_an_unchanged_catalog_is_not_rewritten(tmp_path):
    target = tmp_path / "messages.mo"
    target.write_bytes(b"same catalog")
    inode = os.stat(target).st_ino
    assert not replace_if_changed(target, b"same catalog")
    assert os.stat(target).st_ino == inode


def test_a_missing_catalog_is_written(tmp_path):
    target = tmp_path / "messages.mo"
    assert replace_if_changed(target, b"first catalog")
    assert target.read_bytes() == b"first catalog"
