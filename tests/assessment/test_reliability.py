"""Measurement error and evaluator agreement: hand-computed and published examples."""

from decimal import Decimal as D

import pytest

from assessment.reliability import (
    combined_sem,
    icc_absolute,
    leniency,
    sample_sd,
    sem,
    weighted_kappa,
    weighted_kappa_from_table,
    within_band,
)

pytestmark = pytest.mark.pure


def close(value, expected, places=4):
    return value is not None and abs(value - D(str(expected))) < D(10) ** -places


# --- SEM ---------------------------------------------------------------------------------------


def test_sem_is_sd_times_root_of_one_minus_alpha():
    assert sem(10, D("0.84")) == D(4)  # 10 × √0.16
    assert sem(12, D("0.75")) == D(6)  # 12 × √0.25
    assert sem(8, 1) == 0  # perfectly reliable: no error


def test_sem_is_unknown_for_negative_or_missing_alpha():
    assert sem(10, D("-0.2")) is None
    assert sem(10, None) is None
    assert sem(None, D("0.8")) is None


def test_errors_combine_as_root_sum_of_weighted_squares():
    # Equal weights (normalized to 0.5 each): √(1.5² + 2²) = √6.25 = 2.5
    assert combined_sem([(1, 3), (1, 4)]) == D("2.5")
    # Weights 3:1, the second part exact (a KPI): 0.75 × 4 = 3
    assert combined_sem([(3, 4), (1, 0)]) == D(3)
    # Stage weights 2:3 of stage errors 2.5 and 3: √((0.4·2.5)² + (0.6·3)²) = √(1 + 3.24)
    assert close(combined_sem([(2, D("2.5")), (3, 3)]), D("4.24").sqrt(), 12)


def test_an_unknown_error_with_weight_makes_the_combination_unknown():
    assert combined_sem([(1, 3), (1, None)]) is None
    assert combined_sem([(1, 3), (0, None)]) == D(3)  # weight 0 does not enter the score
    assert combined_sem([]) is None


def test_band_edges_belong_to_the_band():
    assert within_band(D("58.5"), 60, D("1.5"))
    assert within_band(D("61.5"), 60, D("1.5"))
    assert not within_band(D("61.51"), 60, D("1.5"))


# --- weighted kappa ----------------------------------------------------------------------------


def test_quadratic_and_linear_kappa_of_a_small_table_worked_by_hand():
    # n = 8; rows 3,3,2 and columns 2,3,3. Quadratic weights 1, 0.75, 0:
    # Po = 6/8 + 0.75·2/8 = 0.9375, Pe = 0.6796875, κ = 0.2578125 / 0.3203125 = 33/41.
    table = [[2, 1, 0], [0, 2, 1], [0, 0, 2]]
    assert close(weighted_kappa_from_table(table, "quadratic"), D(33) / 41, 20)
    # Linear weights 1, 0.5, 0: Po = 0.875, Pe = 0.5625, κ = 0.3125 / 0.4375 = 5/7.
    assert close(weighted_kappa_from_table(table, "linear"), D(5) / 7, 20)


def test_kappa_from_rating_pairs_matches_the_table():
    pairs = (
        [("a", "a")] * 2
        + [("a", "b"), ("b", "b"), ("b", "b"), ("b", "c"), ("c", "c")]
        + [("c", "c")]
    )
    assert close(weighted_kappa(pairs, ["a", "b", "c"]), D(33) / 41, 20)


def test_two_categories_weighted_kappa_equals_simple_kappa():
    # The worked example of the Wikipedia article "Cohen's kappa": 50 proposals,
    # yes/yes 20, yes/no 5, no/yes 10, no/no 15: Po = 0.7, Pe = 0.5, κ = 0.4.
    table = [[20, 5], [10, 15]]
    for weights in ("none", "linear", "quadratic"):
        assert close(weighted_kappa_from_table(table, weights), "0.4", 20)


SKIN = [[10, 4, 1, 0], [5, 10, 12, 2], [2, 4, 12, 5], [0, 2, 6, 13]]


def test_skin_condition_agreement_study_published_by_sas():
    # SAS/STAT User's Guide, PROC FREQ, "Getting Started: Agreement Study" (table from Fleiss,
    # Levin & Paik, Statistical Methods for Rates and Proportions, 3rd ed.): two
    # dermatologists rate 88 patients terrible / poor / marginal / clear. Published simple
    # kappa: 0.3449.
    assert close(weighted_kappa_from_table(SKIN, "none"), "0.3449")


def test_quadratic_kappa_equals_the_fleiss_cohen_moment_form():
    # Fleiss & Cohen (1973), "The equivalence of weighted kappa and the intraclass correlation
    # coefficient as measures of reliability", Educational and Psychological Measurement 33:
    # with quadratic weights, κw = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²), moments over n.
    # Checked on the SAS table, the ratings scored 1..4.
    x, y = [], []
    for i, row in enumerate(SKIN, 1):
        for j, count in enumerate(row, 1):
            x += [D(i)] * count
            y += [D(j)] * count
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / n
    sxx = sum((a - mx) ** 2 for a in x) / n
    syy = sum((b - my) ** 2 for b in y) / n
    moment_form = 2 * sxy / (sxx + syy + (mx - my) ** 2)
    assert close(weighted_kappa_from_table(SKIN, "quadratic"), moment_form, 20)
    # Near-misses count more under quadratic weights than under linear ones, and more under
    # linear weights than under none.
    linear = weighted_kappa_from_table(SKIN, "linear")
    assert weighted_kappa_from_table(SKIN, "quadratic") > linear > D("0.3449")


def test_kappa_without_chance_room_or_ratings_is_unknown():
    assert weighted_kappa([], ["a", "b"]) is None
    assert weighted_kappa([("a", "a"), ("a", "a")], ["a", "b"]) is None  # Pe = 1
    with pytest.raises(ValueError):
        weighted_kappa([("a", "z")], ["a", "b"])


# --- ICC ---------------------------------------------------------------------------------------


def test_icc_of_a_constant_offset_worked_by_hand():
    # Rater 2 always gives one point more: BMS = 8, JMS = 1.5, EMS = 0, n = 3, k = 2.
    # ICC(2,1) = 8 / (8 + 0 + 2·1.5/3) = 8/9; ICC(2,2) = 8 / (8 + 1.5/3) = 16/17.
    single, average = icc_absolute([[1, 2], [3, 4], [5, 6]])
    assert close(single, D(8) / 9, 20)
    assert close(average, D(16) / 17, 20)


def test_icc_of_shrout_and_fleiss_1979_table_2():
    # Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
    # reliability. Psychological Bulletin 86(2), 420-428. Table 2: 6 targets, 4 judges.
    # Table 4 reports ICC(2,1) = .29 and ICC(2,4) = .62.
    table = [
        [9, 2, 5, 8],
        [6, 1, 3, 2],
        [8, 4, 6, 8],
        [7, 1, 2, 6],
        [10, 5, 6, 9],
        [6, 2, 4, 7],
    ]
    single, average = icc_absolute(table)
    assert close(single, "0.29", 2)
    assert close(average, "0.62", 2)


def test_icc_needs_two_targets_two_raters_and_some_spread():
    assert icc_absolute([[1, 2]]) is None
    assert icc_absolute([[1], [2]]) is None
    assert icc_absolute([[5, 5], [5, 5]]) is None


def test_leniency_is_the_mean_difference_from_the_others():
    scores = {"A": {"t1": 80, "t2": 70}, "B": {"t1": 70, "t2": 60}, "C": {"t1": 75}}
    found = leniency(scores)
    # A: t1 80 − mean(70, 75) = 7.5; t2 70 − 60 = 10 → 8.75
    assert found["A"] == D("8.75")
    assert leniency({"A": {"t1": 80}, "B": {"t2": 60}}) == {}


def test_sample_sd():
    # Mean 5, squared deviations sum to 32, over n - 1 = 7.
    assert sample_sd([2, 4, 4, 4, 5, 5, 7, 9]) == (D(32) / 7).sqrt()
    assert sample_sd([1]) is None
