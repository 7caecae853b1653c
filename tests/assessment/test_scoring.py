"""Staged assessment scoring: component normalization, stage and cumulative scores, rounding."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from assessment.scoring import (
    ComponentResult,
    ComponentSpec,
    KpiRule,
    Rubric,
    RubricCriterion,
    RubricLevel,
    ScoringInputError,
    evaluation_score,
    normalize_component,
    present,
    ramp_target,
)
from assessment.stage_scoring import monthly_stage_score, overall_score, stage_score

pytestmark = pytest.mark.pure

DEADLINE = datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
BEFORE = DEADLINE - timedelta(hours=1)
AFTER = DEADLINE + timedelta(minutes=1)

LEVELS = (
    RubricLevel("poor", "差", D(0)),
    RubricLevel("fair", "一般", D(1)),
    RubricLevel("good", "良好", D(2)),
    RubricLevel("excellent", "优秀", D(4)),
)
RUBRIC = Rubric(
    (
        RubricCriterion("clarity", "讲解清晰", D(2), LEVELS),
        RubricCriterion("risk", "风险点把握", D(1), LEVELS),
    )
)


def classroom_components(deadline=DEADLINE):
    """Stage one (课堂培训) as in the domain brief: 15% rubric, 25% case drill, 60% final exam."""
    return [
        ComponentSpec("interaction", "evaluation", D("0.15"), rubric=RUBRIC, deadline=deadline),
        ComponentSpec("case_drill", "case", D("0.25"), max_points=D(50), deadline=deadline),
        ComponentSpec("final_exam", "quiz", D("0.60"), max_points=D(100), deadline=deadline),
    ]


def normalize_all(components, raws, now):
    return {spec.id: normalize_component(spec, raws.get(spec.id), now) for spec in components}


# --- the stage formula ------------------------------------------------------------------------


def test_stage_score_matches_hand_computed_weighted_sum():
    components = classroom_components()
    raws = {
        # evaluator picks excellent/good: (2×100 + 1×50) / 3 = 83.333…
        "interaction": {"clarity": "excellent", "risk": "good"},
        "case_drill": D(40),  # 40 / 50 = 80
        "final_exam": D("73.5"),
    }
    result = stage_score(components, normalize_all(components, raws, BEFORE))
    # 0.15 × 83.333… + 0.25 × 80 + 0.60 × 73.5 = 12.5 + 20 + 44.1 = 76.6
    assert present(result.score) == D("76.60")
    assert result.provisional is False
    assert result.to_dict()["score"] == "76.60"


def test_weights_need_not_sum_to_one():
    percent_weights = [
        ComponentSpec("case_drill", "case", D(25), max_points=D(50)),
        ComponentSpec("final_exam", "quiz", D(60), max_points=D(100)),
    ]
    fraction_weights = [
        ComponentSpec("case_drill", "case", D("0.25"), max_points=D(50)),
        ComponentSpec("final_exam", "quiz", D("0.60"), max_points=D(100)),
    ]
    raws = {"case_drill": D(30), "final_exam": D(90)}
    a = stage_score(percent_weights, normalize_all(percent_weights, raws, BEFORE))
    b = stage_score(fraction_weights, normalize_all(fraction_weights, raws, BEFORE))
    # (25 × 60 + 60 × 90) / 85 = 81.176…
    assert a.score == b.score
    assert present(a.score) == D("81.18")
    assert sum(a.effective_weights.values()) == 1


# --- pending versus missing around the deadline -----------------------------------------------


def test_missing_work_is_pending_before_the_deadline():
    spec = classroom_components()[2]
    assert normalize_component(spec, None, BEFORE).status == "pending"
    assert normalize_component(spec, None, DEADLINE).status == "pending"
    assert normalize_component(spec, None, BEFORE).normalized is None


def test_missing_work_counts_zero_after_the_deadline():
    result = normalize_component(classroom_components()[2], None, AFTER)
    assert result.status == "missing"
    assert result.normalized == 0


def test_work_without_a_deadline_never_becomes_missing():
    spec = ComponentSpec("final_exam", "quiz", D(1), max_points=D(100))
    assert normalize_component(spec, None, AFTER + timedelta(days=365)).status == "pending"


def test_pending_component_is_left_out_and_stage_is_provisional():
    components = classroom_components()
    raws = {"interaction": {"clarity": "excellent", "risk": "excellent"}, "case_drill": D(40)}
    result = stage_score(components, normalize_all(components, raws, BEFORE))
    # (0.15 × 100 + 0.25 × 80) / 0.40 = 87.5: the exam is not yet due
    assert present(result.score) == D("87.50")
    assert result.provisional is True
    assert result.pending == ("final_exam",)


def test_same_gap_after_deadline_drags_the_stage_down():
    components = classroom_components()
    raws = {"interaction": {"clarity": "excellent", "risk": "excellent"}, "case_drill": D(40)}
    result = stage_score(components, normalize_all(components, raws, AFTER))
    # 0.15 × 100 + 0.25 × 80 + 0.60 × 0 = 35
    assert present(result.score) == D("35.00")
    assert result.provisional is False
    assert result.missing == ("final_exam",)


def test_excused_absence_redistributes_weight_without_provisional_flag():
    components = classroom_components()
    results = normalize_all(components, {"case_drill": D(40), "final_exam": D(70)}, AFTER)
    results["interaction"] = normalize_component(components[0], None, AFTER, excused=True)
    result = stage_score(components, results)
    # (0.25 × 80 + 0.60 × 70) / 0.85 = 72.941…
    assert present(result.score) == D("72.94")
    assert result.provisional is False
    assert result.excused == ("interaction",)


def test_stage_with_nothing_counted_has_no_score_yet():
    components = classroom_components()
    result = stage_score(components, normalize_all(components, {}, BEFORE))
    assert result.score is None
    assert result.provisional is True
    assert result.passed(60) is False


def test_stage_needs_a_result_for_every_component():
    with pytest.raises(ScoringInputError):
        stage_score(classroom_components(), {})


def test_quiz_points_above_maximum_are_rejected():
    with pytest.raises(ScoringInputError):
        normalize_component(classroom_components()[1], D(51), BEFORE)


# --- pass mark and hard minimum ---------------------------------------------------------------


def test_hard_minimum_fails_the_stage_even_with_a_high_average():
    components = [
        ComponentSpec("case_drill", "case", D("0.40"), max_points=D(100)),
        ComponentSpec("final_exam", "quiz", D("0.60"), max_points=D(100), hard_min=D(60)),
    ]
    low_exam = stage_score(
        components, normalize_all(components, {"case_drill": 100, "final_exam": 59}, BEFORE)
    )
    assert present(low_exam.score) == D("75.40")
    assert low_exam.hard_min_failed == ("final_exam",)
    assert low_exam.passed(60) is False
    ok = stage_score(
        components, normalize_all(components, {"case_drill": 60, "final_exam": 60}, BEFORE)
    )
    assert ok.passed(60) is True


# --- KPI rules --------------------------------------------------------------------------------


def test_kpi_linear_between_worst_and_best_capped_at_100():
    rule = KpiRule("linear", worst=D(0), best=ramp_target(4, 1, 5))  # month 5 target = 8 loans
    spec = ComponentSpec("loan_count", "kpi", D(1), kpi_rule=rule)
    assert normalize_component(spec, 6, BEFORE).normalized == D(75)
    assert normalize_component(spec, 12, BEFORE).normalized == D(100)
    assert normalize_component(spec, 0, BEFORE).normalized == D(0)


def test_kpi_lower_is_better_for_overdue_rate():
    rule = KpiRule("linear", worst=D("0.05"), best=D("0"), lower_is_better=True)
    assert rule.points(D("0.01")) == D(80)
    assert rule.points(D("0")) == D(100)
    assert rule.points(D("0.08")) == D(0)


def test_kpi_rule_with_direction_contradicting_best_and_worst_is_rejected():
    with pytest.raises(ScoringInputError):
        KpiRule("linear", worst=D("0.05"), best=D("0"))


def test_kpi_bands_award_the_best_band_reached():
    volume = KpiRule("bands", bands=((D(300000), D(60)), (D(500000), D(80)), (D(800000), D(100))))
    assert volume.points(D(550000)) == D(80)
    assert volume.points(D(100000)) == D(0)
    overdue = KpiRule(
        "bands", bands=((D("0.02"), D(100)), (D("0.05"), D(60))), lower_is_better=True
    )
    assert overdue.points(D("0.01")) == D(100)
    assert overdue.points(D("0.03")) == D(60)
    assert overdue.points(D("0.09")) == D(0)


def test_ramp_target_rises_each_month():
    assert [ramp_target(300000, 50000, m) for m in (1, 2, 3)] == [300000, 350000, 400000]


# --- rubric evaluations -----------------------------------------------------------------------


def test_one_evaluator_rubric_score():
    # clarity good (50) weight 2, risk excellent (100) weight 1 → 200 / 3
    score = evaluation_score(RUBRIC, {"clarity": "good", "risk": "excellent"})
    assert present(score) == D("66.67")


def test_two_evaluators_are_averaged():
    first = {"clarity": "excellent", "risk": "excellent"}  # 100
    second = {"clarity": "fair", "risk": "good"}  # (2 × 25 + 50) / 3 = 33.333…
    assert present(evaluation_score(RUBRIC, first, second)) == D("66.67")
    spec = ComponentSpec("interaction", "evaluation", D(1), rubric=RUBRIC)
    result = normalize_component(spec, [first, second], BEFORE)
    assert present(result.normalized) == D("66.67")
    assert result.to_dict()["raw"][1] == second


def test_rubric_with_a_criterion_left_blank_is_rejected():
    with pytest.raises(ScoringInputError, match="风险点把握"):
        evaluation_score(RUBRIC, {"clarity": "good"})


def test_three_evaluators_are_rejected():
    spec = ComponentSpec("interaction", "evaluation", D(1), rubric=RUBRIC)
    sheet = {"clarity": "good", "risk": "good"}
    with pytest.raises(ScoringInputError):
        normalize_component(spec, [sheet, sheet, sheet], BEFORE)


# --- cumulative score -------------------------------------------------------------------------


def test_overall_score_renormalizes_over_finished_stages():
    weights = [D("0.25"), D("0.35"), D("0.40")]
    # (0.25 × 80 + 0.35 × 60) / 0.60 = 68.333…
    assert present(overall_score([D(80), D(60), None], weights)) == D("68.33")
    # all three: 20 + 21 + 0.40 × 90 = 77
    assert overall_score([D(80), D(60), D(90)], weights) == D(77)


def test_overall_score_accepts_stage_score_objects():
    components = classroom_components()
    stage_one = stage_score(
        components,
        normalize_all(
            components,
            {
                "interaction": {"clarity": "excellent", "risk": "excellent"},
                "case_drill": 50,
                "final_exam": 90,
            },
            BEFORE,
        ),
    )
    assert overall_score([stage_one, None], [D("0.25"), D("0.35")]) == D(94)
    assert overall_score([None, None], [1, 1]) is None


def test_lending_stage_is_the_mean_of_monthly_scores():
    months = [D(50), None, D(70), D(90), D(100)]
    assert monthly_stage_score(months) == D("77.5")
    assert present(monthly_stage_score(months, last_n=3)) == D("86.67")
    assert monthly_stage_score([None]) is None


# --- rounding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("59.995", "60.00"), ("59.994", "59.99"), ("2.675", "2.68"), ("0.125", "0.13")],
)
def test_rounding_is_half_up_to_two_places(raw, shown):
    assert str(present(D(raw))) == shown


def test_scores_are_only_rounded_when_presented():
    spec = ComponentSpec("final_exam", "quiz", D(1), max_points=D(3))
    result = normalize_component(spec, D(1), BEFORE)
    assert result.normalized != present(result.normalized)  # 33.333… kept exact
    assert result.to_dict()["normalized"] == "33.33"
    assert isinstance(result, ComponentResult)
