"""Set-up forms accept what a Chinese keyboard types: full-width punctuation parses like ASCII."""

from assessment import specs


def test_a_rubric_typed_with_full_width_punctuation_equals_the_ascii_one(app):
    with app.app_context():
        ascii_rubric = specs.parse_rubric("表达能力 | 2 | 优:4, 良:3\n规范 | 1 | 好:2, 差:1")
        full_width = specs.parse_rubric("表达能力 ｜ 2 ｜ 优：4，良：3\n规范 | 1 | 好：2, 差:1")
    assert full_width == ascii_rubric
    assert [len(c["levels"]) for c in full_width["criteria"]] == [2, 2]


def test_kpi_bands_typed_with_full_width_punctuation_equal_the_ascii_ones(app):
    with app.app_context():
        ascii_bands = specs.parse_kpi("bands", "", "", "0:0, 3:60; 5:100", False, "笔")
        full_width = specs.parse_kpi("bands", "", "", "0：0，3：60；5：100", False, "笔")
    assert full_width == ascii_bands
    assert len(full_width["bands"]) == 3
