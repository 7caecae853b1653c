"""Forced elimination (赛马机制) and scoreboard ranking rules."""

import json
from decimal import Decimal as D

import pytest

from assessment.elimination import Candidate, EliminationRule, preview_elimination
from assessment.overrides import (
    Override,
    OverrideError,
    OverrideReasonRequired,
    apply_overrides,
)
from assessment.ranking import rank_changes, rank_trainees
from assessment.scoring import ScoringInputError
from core.domain import DomainError
from tests.chinese import in_chinese

pytestmark = pytest.mark.pure


def cohort(*scores, exams=None):
    """Trainees t01, t02 … named 学员01 … with the given cumulative scores and exam scores."""
    exams = exams or [None] * len(scores)
    return [
        Candidate(
            f"t{i:02d}",
            f"学员{i:02d}",
            D(str(score)),
            {} if exam is None else {"final_exam": D(str(exam))},
        )
        for i, (score, exam) in enumerate(zip(scores, exams, strict=True), start=1)
    ]


# --- each rule part alone ---------------------------------------------------------------------


def test_bottom_k_cuts_the_k_lowest():
    preview = preview_elimination(cohort(90, 50, 80, 40, 70, 60), EliminationRule(bottom_k=2))
    assert preview.cut_ids == ["t04", "t02"]
    assert preview.remaining_count == 4
    assert "末位2名" in in_chinese(preview.cuts[0].reasons[0])
    assert preview.cuts[0].parts == ("bottom_k",)


@pytest.mark.parametrize(("size", "expected"), [(9, 0), (10, 1), (19, 1), (20, 2)])
def test_bottom_percent_rounds_down(size, expected):
    candidates = cohort(*range(50, 50 + size))
    preview = preview_elimination(candidates, EliminationRule(bottom_percent=D(10)))
    assert len(preview.cut_ids) == expected
    if expected:
        assert f"共{size}人,向下取整为{expected}人" in in_chinese(preview.cuts[0].reasons[0])


def test_threshold_cuts_everyone_below_the_shown_score():
    candidates = cohort("59.994", "59.995", 60, 75, 30)
    preview = preview_elimination(candidates, EliminationRule(below_score=D(60)))
    # 59.995 is shown as 60.00, so it is not below 60
    assert preview.cut_ids == ["t05", "t01"]
    assert tuple(map(in_chinese, preview.cuts[1].reasons)) == ("累计分59.99低于淘汰线60",)


def test_rule_without_any_part_is_rejected():
    with pytest.raises(ScoringInputError):
        EliminationRule(min_remaining=3)


# --- combining parts --------------------------------------------------------------------------


def test_combine_any_cuts_the_union_and_lists_every_reason():
    candidates = cohort(58, 59, 62, 70, 71, 72, 73, 74, 75, 76)
    rule = EliminationRule(below_score=D(60), bottom_percent=D(10), combine="any")
    preview = preview_elimination(candidates, rule)
    assert preview.cut_ids == ["t01", "t02"]
    assert preview.cuts[0].parts == ("below_score", "bottom_percent")
    assert len(preview.cuts[0].reasons) == 2
    assert preview.cuts[1].parts == ("below_score",)


def test_combine_all_cuts_only_who_meets_every_part():
    candidates = cohort(58, 59, 62, 70, 71, 72, 73, 74, 75, 76)
    rule = EliminationRule(below_score=D(60), bottom_k=3, combine="all")
    preview = preview_elimination(candidates, rule)
    # t03 (62) is in the bottom 3 but not below 60
    assert preview.cut_ids == ["t01", "t02"]


def test_combine_all_cuts_nobody_when_everyone_is_above_the_threshold():
    rule = EliminationRule(below_score=D(60), bottom_k=2, combine="all")
    assert preview_elimination(cohort(61, 70, 80, 90), rule).cut_ids == []


# --- ties at the cut line ---------------------------------------------------------------------


def test_tie_at_the_line_is_broken_by_the_first_tie_breaker():
    candidates = cohort(80, 55, 55, 90, exams=[70, 72, 65, 80])
    rule = EliminationRule(bottom_k=1, tie_breakers=("final_exam",))
    preview = preview_elimination(candidates, rule)
    assert preview.cut_ids == ["t03"]  # same score, lower final exam
    assert preview.unresolved_ties == ()
    assert "结业考试分" in in_chinese(preview.tie_notes[0])


def test_later_tie_breakers_are_used_in_order():
    candidates = [
        Candidate("a", "学员甲", D(55), {"conduct_clean": True, "final_exam": D(60)}),
        Candidate("b", "学员乙", D(55), {"conduct_clean": False, "final_exam": D(95)}),
        Candidate("c", "学员丙", D(55), {"conduct_clean": True, "final_exam": D(70)}),
        Candidate("d", "学员丁", D(90), {"conduct_clean": True, "final_exam": D(90)}),
    ]
    rule = EliminationRule(bottom_k=2, tie_breakers=("conduct_clean", "final_exam"))
    # conduct warning first (乙 worst despite the best exam), then exam (甲 below 丙)
    assert preview_elimination(candidates, rule).cut_ids == ["b", "a"]


def test_lower_is_better_tie_breaker():
    candidates = [
        Candidate("a", "学员甲", D(55), {"overdue_rate": D("0.02")}),
        Candidate("b", "学员乙", D(55), {"overdue_rate": D("0.01")}),
        Candidate("c", "学员丙", D(80), {"overdue_rate": D("0")}),
    ]
    rule = EliminationRule(bottom_k=1, tie_breakers=("-overdue_rate",))
    assert preview_elimination(candidates, rule).cut_ids == ["a"]


def test_unresolved_tie_at_the_line_spares_everyone_in_the_tie():
    candidates = cohort(40, 55, 55, 80, 90, exams=[50, 70, 70, 80, 90])
    rule = EliminationRule(bottom_k=2, tie_breakers=("final_exam",))
    preview = preview_elimination(candidates, rule)
    assert preview.cut_ids == ["t01"]  # clearly last; the two tied at 55/70 both stay
    (tie,) = preview.unresolved_ties
    assert tie.trainee_ids == ("t02", "t03")
    assert "均不淘汰" in in_chinese(tie.message)
    assert tie.to_dict()["score"] == "55.00"


def test_tie_entirely_below_the_threshold_is_not_reported_as_unresolved():
    candidates = cohort(55, 55, 80, 90)
    rule = EliminationRule(bottom_k=1, below_score=D(60))
    preview = preview_elimination(candidates, rule)
    assert preview.cut_ids == ["t01", "t02"]
    assert preview.unresolved_ties == ()


# --- guards -----------------------------------------------------------------------------------


def test_min_remaining_spares_the_best_placed_of_the_would_be_cut():
    candidates = cohort(40, 50, 55, 80, 90)
    rule = EliminationRule(below_score=D(60), min_remaining=3)
    preview = preview_elimination(candidates, rule)
    assert preview.cut_ids == ["t01", "t02"]
    assert preview.remaining_count == 3
    assert [e.candidate.trainee_id for e in preview.spared_by_min_remaining] == ["t03"]
    assert any("至少保留3人" in in_chinese(note) for note in preview.notes)


def test_min_remaining_never_splits_a_tie():
    candidates = cohort(40, 50, 50, 80, 90)
    rule = EliminationRule(below_score=D(60), min_remaining=3)
    preview = preview_elimination(candidates, rule)
    assert preview.cut_ids == ["t01"]
    assert {e.candidate.trainee_id for e in preview.spared_by_min_remaining} == {"t02", "t03"}
    assert preview.unresolved_ties[0].trainee_ids == ("t02", "t03")


def test_threshold_can_be_exempt_from_min_remaining():
    candidates = cohort(40, 50, 55, 80, 90)
    rule = EliminationRule(
        below_score=D(60), min_remaining=3, threshold_respects_min_remaining=False
    )
    preview = preview_elimination(candidates, rule)
    assert preview.cut_ids == ["t01", "t02", "t03"]
    assert any("仅剩2人" in in_chinese(note) for note in preview.notes)


def test_small_cohort_gets_no_ranking_elimination():
    rule = EliminationRule(bottom_k=1, below_score=D(60), min_cohort_size=6)
    preview = preview_elimination(cohort(50, 70, 80, 90, 95), rule)
    assert preview.cut_ids == ["t01"]  # only the threshold applies
    preview = preview_elimination(cohort(65, 70, 80, 90, 95), rule)
    assert preview.cut_ids == []
    assert "少于6人" in in_chinese(preview.notes[0])


def test_max_per_round_caps_ranking_cuts():
    rule = EliminationRule(bottom_k=5, max_per_round=2)
    assert len(preview_elimination(cohort(*range(50, 60)), rule).cut_ids) == 2


def test_candidate_without_a_score_cannot_be_previewed():
    candidates = [*cohort(50, 60), Candidate("t9", "学员09", None)]
    with pytest.raises(ScoringInputError, match="学员09") as error:
        preview_elimination(candidates, EliminationRule(bottom_k=1))
    assert in_chinese(error.value) == "学员学员09尚无累计分,不能参加淘汰预览"


# --- overrides and the final decision ---------------------------------------------------------


def sample_preview():
    rule = EliminationRule(bottom_k=2, min_remaining=3)
    return preview_elimination(cohort(40, 50, 70, 80, 90), rule)


def test_keep_override_removes_a_trainee_from_the_cut():
    decision = apply_overrides(sample_preview(), [Override("t02", "keep", "本月有重大改进表现")])
    assert decision.cut_ids == ["t01"]
    assert "t02" in decision.kept_ids
    assert decision.warnings == ()


def test_cut_override_adds_a_trainee_with_the_reason_recorded():
    decision = apply_overrides(
        sample_preview(), [Override("t03", "cut", "  经核实多次未做贷后检查  ")]
    )
    assert decision.cut_ids == ["t01", "t02", "t03"]
    assert decision.cuts[-1].source == "override"
    assert tuple(map(in_chinese, decision.cuts[-1].reasons)) == ("人工淘汰:经核实多次未做贷后检查",)
    # 2 left, below min_remaining 3: allowed, but flagged
    assert "低于最少保留人数3人" in in_chinese(decision.warnings[0])


@pytest.mark.parametrize("reason", ["", "   ", "太差了", "态度 差"])
def test_override_without_a_real_reason_is_refused(reason):
    with pytest.raises(OverrideReasonRequired) as error:
        apply_overrides(sample_preview(), [Override("t01", "keep", reason)])
    assert "理由" in in_chinese(error.value)
    assert isinstance(error.value, DomainError)


def test_five_character_reason_is_enough_by_default_and_minimum_is_configurable():
    assert apply_overrides(sample_preview(), [Override("t01", "keep", "家中有急事")]).cut_ids == [
        "t02"
    ]
    with pytest.raises(OverrideReasonRequired, match="20"):
        apply_overrides(
            sample_preview(), [Override("t01", "keep", "家中有急事")], reason_min_chars=20
        )


@pytest.mark.parametrize(
    "override",
    [
        Override("t05", "keep", "成绩优秀继续保留"),  # not on the cut list
        Override("t01", "cut", "再次确认淘汰此人"),  # already cut
        Override("t99", "keep", "不存在的学员编号"),
        Override("t01", "pause", "未知的调整动作"),
    ],
)
def test_meaningless_overrides_are_refused(override):
    with pytest.raises(OverrideError):
        apply_overrides(sample_preview(), [override])


def test_one_override_per_trainee():
    overrides = [
        Override("t01", "keep", "第一次调整理由"),
        Override("t01", "keep", "第二次调整理由"),
    ]
    with pytest.raises(OverrideError) as error:
        apply_overrides(sample_preview(), overrides)
    assert "一次" in in_chinese(error.value)


def test_decision_snapshot_is_json_serializable():
    candidates = cohort(40, 55, 55, 80, 90, exams=[50, 70, 70, 80, 90])
    preview = preview_elimination(
        candidates, EliminationRule(bottom_k=2, min_remaining=2, tie_breakers=("final_exam",))
    )
    decision = apply_overrides(preview, [Override("t02", "cut", "平分由主管人工裁定淘汰")])
    snapshot = json.loads(json.dumps(decision.to_dict(), ensure_ascii=False))
    assert snapshot["overrides"][0]["reason"] == "平分由主管人工裁定淘汰"
    assert snapshot["preview"]["unresolved_ties"][0]["trainee_ids"] == ["t02", "t03"]
    assert snapshot["preview"]["rule"]["tie_breakers"] == ["final_exam"]
    assert [c["trainee_id"] for c in snapshot["cuts"]] == ["t01", "t02"]
    assert snapshot["remaining_count"] == 3


# --- scoreboard ranking -----------------------------------------------------------------------


def test_competition_ranking_shares_ranks_and_skips():
    ranked = rank_trainees(cohort(90, 80, 80, 70, "79.999"))
    assert [(r.row.trainee_id, r.rank) for r in ranked] == [
        ("t01", 1),
        ("t02", 2),
        ("t03", 2),
        ("t05", 2),  # 79.999 is shown as 80.00
        ("t04", 5),
    ]
    assert [r.tied for r in ranked] == [False, True, True, True, False]


def test_tie_breakers_separate_ranks_and_unscored_rows_come_last():
    rows = [*cohort(80, 80, exams=[60, 90]), Candidate("t03", "学员03", None)]
    ranked = rank_trainees(rows, ["final_exam"])
    assert [(r.row.trainee_id, r.rank) for r in ranked] == [("t02", 1), ("t01", 2), ("t03", None)]


def test_rank_changes_since_last_period():
    changes = rank_changes({"a": 5, "b": 1, "c": 3}, {"a": 2, "b": 3, "d": 1})
    assert changes == {"a": 3, "b": -2, "d": None}
