"""Side-by-side diffs of two versions (pure rules over text, no app needed)."""

import pytest

from case_library.diff import side_by_side

pytestmark = pytest.mark.pure


def test_side_by_side_pairs_lines_and_marks_gaps():
    old = "\n".join(f"第{n}行" for n in range(1, 21))
    new = old.replace("第2行", "第二行").replace("第19行\n", "")
    rows = side_by_side(old, new, context=1)
    kinds = [r.kind for r in rows]
    assert kinds == ["equal", "changed", "equal", "gap", "equal", "deleted", "equal"]
    assert rows[1].old == [("第", False), ("2", True), ("行", False)]
    assert rows[5].old_no == 19 and rows[5].new_no is None
    assert side_by_side("同样", "同样") == []
