"""The README shows the permission table exactly as the code defines it."""

from pathlib import Path

import pytest

from tools.permission_table import markdown_table

pytestmark = pytest.mark.pure

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_starts_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_readme_permission_table_matches_the_code():
    assert markdown_table() in README.read_text(encoding="utf-8")
