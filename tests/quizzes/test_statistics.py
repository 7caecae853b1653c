"""Quiz statistics against a hand-computed example, attempt selection and degenerate cases.

The statistics are floats (quizzes/statistics/calculations.py): results that are whole numbers on
paper are compared to 1e-9.
"""

import math
from decimal import Decimal

import pytest

from quizzes.grading_methods import select_attempts
from quizzes.statistics.calculations import compute_statistics

pytestmark = pytest.mark.pure

D = Decimal

# The hand-computed example: 5 trainees, first attempts, 3 questions.
# Q1 and Q2 are worth 1 mark, Q3 is worth 2; the quiz is out of 4.
#
#   trainee   Q1  Q2  Q3  total
#   u1         1   1   2    4
#   u2         1   0   2    3
#   u3         1   1   0    2
#   u4         0   1   1    2
#   u5         0   0   0    0
#
# Totals x = 4, 3, 2, 2, 0; s = 5; mean = 11/5 = 2.2 -> 55 % of 4; median = 2 -> 50 %.
# Deviations d = 1.8, 0.8, -0.2, -0.2, -2.2
#   sum d^2 = 3.24 + 0.64 + 0.04 + 0.04 + 4.84 = 8.8
#   sum d^3 = 5.832 + 0.512 - 0.008 - 0.008 - 10.648 = -4.32
#   sum d^4 = 10.4976 + 0.4096 + 0.0016 + 0.0016 + 23.4256 = 34.336
# SD = sqrt(8.8 / 4) = sqrt(2.2) = 1.48324 -> 37.081 % of 4
# m2 = 1.76, m3 = -0.864, m4 = 6.8672
# k2 = 5 * 1.76 / 4 = 2.2;  k3 = 25 * -0.864 / (4 * 3) = -1.8
# skewness = -1.8 / 2.2^1.5 = -1.8 / 3.26313 = -0.55162
# k4 = 25 * (6 * 6.8672 - 3 * 4 * 1.76^2) / (4 * 3 * 2) = 25 * 4.032 / 24 = 4.2
# kurtosis = 4.2 / 2.2^2 = 0.86777
# Question mark variances (s - 1): V1 = 1.2/4 = 0.3, V2 = 0.3, V3 = 4/4 = 1 -> sum 1.6
# CIC = 100 * 3/2 * (1 - 1.6/2.2) = 40.909 %
# ER = 100 * sqrt(1 - 0.40909) = 76.871 %;  SE = 0.76871 * 1.48324 = 1.14018 -> 28.504 % of 4
#
# Q1: x = 1,1,1,0,0 (mean 0.6); rest of test y = 3,2,1,2,0 (mean 1.6)
#   V(x) = 0.3; V(y) = (1.96 + 0.16 + 0.36 + 0.16 + 2.56)/4 = 1.3
#   C(x,y) = (0.56 + 0.16 - 0.24 - 0.24 + 0.96)/4 = 0.3
#   DI = 100 * 0.3 / sqrt(0.3 * 1.3) = 48.038
#   sorted x 0,0,1,1,1 and sorted y 0,1,2,2,3: Cmax = (0.96+0.36+0.16+0.16+0.56)/4 = 0.55
#   DE = 100 * 0.3 / 0.55 = 54.545;  facility 60 %;  SD = sqrt(0.3) = 54.772 % of 1
# Q2: x = 1,0,1,1,0; y = 3,3,1,1,0 (mean 1.6): V(y) = 7.2/4 = 1.8, C = 0.2/4 = 0.05
#   DI = 5 / sqrt(0.54) = 6.804 (weak); Cmax = 2.2/4 = 0.55, DE = 9.091 (dubious)
# Q3: x = 2,2,0,1,0 (mean 1); y = 2,1,2,1,0 (mean 1.2): V(y) = 2.8/4 = 0.7, C = 1/4 = 0.25
#   DI = 25 / sqrt(0.7) = 29.881; Cmax = 3/4 = 0.75, DE = 33.333; facility 50 %; SD 50 %
# Effective weight: C(x, total) = 0.6, 0.35, 1.25 -> sqrt 0.7746, 0.5916, 1.1180 (sum 2.4842)
#   Q1 = 31.180 %, Q2 = 23.814 %, Q3 = 45.005 %
MARKS = {
    "u1": (1, 1, 2),
    "u2": (1, 0, 2),
    "u3": (1, 1, 0),
    "u4": (0, 1, 1),
    "u5": (0, 0, 0),
}
MAX = (1, 1, 2)


def attempt(user, number, marks, attempt_id=None):
    return {
        "attempt_id": attempt_id or f"{user}-{number}",
        "user_id": user,
        "attempt_number": number,
        "total": D(sum(marks)),
        "max_total": D(4),
        "items": {
            f"q{i + 1}": (D(m), D(mx)) for i, (m, mx) in enumerate(zip(marks, MAX, strict=True))
        },
    }


FIRST_ATTEMPTS = [attempt(user, 1, marks) for user, marks in MARKS.items()]
# Retries that the "first attempts" report must ignore.
RETRIES = [attempt("u5", 2, (1, 1, 2)), attempt("u4", 2, (1, 1, 2))]


def close(value, expected, tol=1e-9):
    assert value is not None
    assert abs(float(value) - expected) < tol, (value, expected)


def independent_quiz_stats(totals, question_marks, max_total):
    """Straight-line float arithmetic, written separately from quizzes.statistics."""
    s = len(totals)
    mean = sum(totals) / s
    dev = [t - mean for t in totals]
    p2, p3, p4 = (sum(d**k for d in dev) for k in (2, 3, 4))
    sd = math.sqrt(p2 / (s - 1))
    k2 = p2 / (s - 1)
    k3 = s * p3 / ((s - 1) * (s - 2))
    k4 = s * ((s + 1) * p4 - 3 * (s - 1) * p2 * p2 / s) / ((s - 1) * (s - 2) * (s - 3))
    variances = []
    for marks in question_marks:
        m = sum(marks) / s
        variances.append(sum((x - m) ** 2 for x in marks) / (s - 1))
    p = len(question_marks)
    cic = p / (p - 1) * (1 - sum(variances) / k2)
    er = math.sqrt(1 - cic)
    return {
        "mean": 100 * mean / max_total,
        "sd": 100 * sd / max_total,
        "skewness": k3 / k2**1.5,
        "kurtosis": k4 / k2**2,
        "cic": 100 * cic,
        "error_ratio": 100 * er,
        "standard_error": 100 * er * sd / max_total,
    }


def test_quiz_statistics_match_the_hand_computed_example():
    quiz = compute_statistics(FIRST_ATTEMPTS + RETRIES, "first").quiz

    assert quiz.attempt_count == 5
    assert quiz.max_total == D(4)
    close(quiz.mean, 55)
    assert quiz.median == D(50)
    close(quiz.standard_deviation, 37.08099243547831)
    close(quiz.skewness, -0.5516180692881072)
    close(quiz.kurtosis, 0.8677685950413223)  # 4.2 / 4.84
    close(quiz.cic, 40.90909090909091)  # 150 * 0.6 / 2.2
    close(quiz.error_ratio, 76.87061147858074)
    close(quiz.standard_error, 28.50438562747845)

    totals = [sum(m) for m in MARKS.values()]
    columns = [[m[i] for m in MARKS.values()] for i in range(3)]
    expected = independent_quiz_stats(totals, columns, 4)
    close(quiz.mean, expected["mean"])
    close(quiz.standard_deviation, expected["sd"])
    close(quiz.skewness, expected["skewness"])
    close(quiz.kurtosis, expected["kurtosis"])
    close(quiz.cic, expected["cic"])
    close(quiz.error_ratio, expected["error_ratio"])
    close(quiz.standard_error, expected["standard_error"])


def independent_question_stats(x, y, max_mark):
    s = len(x)
    mx, my = sum(x) / s, sum(y) / s
    vx = sum((a - mx) ** 2 for a in x) / (s - 1)
    vy = sum((b - my) ** 2 for b in y) / (s - 1)
    cov = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / (s - 1)
    cmax = sum((a - mx) * (b - my) for a, b in zip(sorted(x), sorted(y), strict=True)) / (s - 1)
    return {
        "facility": 100 * mx / max_mark,
        "sd": 100 * math.sqrt(vx) / max_mark,
        "di": 100 * cov / math.sqrt(vx * vy),
        "de": 100 * cov / cmax,
    }


def test_question_statistics_match_the_hand_computed_example():
    questions = {q.question_id: q for q in compute_statistics(FIRST_ATTEMPTS, "first").questions}
    assert list(questions) == ["q1", "q2", "q3"]

    q1, q2, q3 = questions["q1"], questions["q2"], questions["q3"]
    assert (q1.facility, q2.facility, q3.facility) == (D(60), D(60), D(50))
    close(q1.standard_deviation, 54.772255750516614)
    assert q3.standard_deviation == D(50)
    close(q1.discrimination_index, 48.038446141526141)
    close(q1.discriminative_efficiency, 54.545454545454545)
    close(q2.discrimination_index, 6.804138174397717)
    close(q2.discriminative_efficiency, 9.090909090909091)
    close(q3.discrimination_index, 29.880715233359841)
    close(q3.discriminative_efficiency, 33.333333333333333)
    assert (q1.intended_weight, q2.intended_weight, q3.intended_weight) == (D(25), D(25), D(50))
    close(q1.effective_weight, 31.18044530515563)
    close(q2.effective_weight, 23.814458468884354)
    close(q3.effective_weight, 45.005096225960016)

    totals = [sum(m) for m in MARKS.values()]
    for i, q in enumerate((q1, q2, q3)):
        x = [m[i] for m in MARKS.values()]
        y = [t - a for t, a in zip(totals, x, strict=True)]
        expected = independent_question_stats(x, y, MAX[i])
        close(q.facility, expected["facility"])
        close(q.standard_deviation, expected["sd"])
        close(q.discrimination_index, expected["di"])
        close(q.discriminative_efficiency, expected["de"])


def test_flags_in_the_hand_computed_example():
    q1, q2, q3 = compute_statistics(FIRST_ATTEMPTS).questions
    assert not any((q1.too_easy, q1.too_hard, q1.negative_discrimination, q1.weak_discrimination))
    assert q2.weak_discrimination and q2.dubious and not q2.negative_discrimination
    assert not q3.weak_discrimination and not q3.dubious


def test_which_attempts_changes_the_population():
    attempts = FIRST_ATTEMPTS + RETRIES
    report_all = compute_statistics(attempts, "all")
    assert report_all.quiz.attempt_count == 7
    close(report_all.quiz.mean, 100 * 19 / 7 / 4)
    close(compute_statistics(attempts, "last").quiz.mean, 100 * 17 / 5 / 4)
    assert compute_statistics(attempts, "highest").quiz.attempt_count == 5


def test_attempt_selection_rules():
    attempts = [
        {"attempt_id": 1, "user_id": "a", "attempt_number": 1, "total": D(2)},
        # Listed out of order on purpose: selection must go by attempt_number.
        {"attempt_id": 3, "user_id": "a", "attempt_number": 3, "total": D(4)},
        {"attempt_id": 2, "user_id": "a", "attempt_number": 2, "total": D(4)},
        {"attempt_id": 4, "user_id": "a", "attempt_number": 4, "total": None},  # in progress
        {"attempt_id": 5, "user_id": "b", "attempt_number": 1, "total": D(1)},
    ]

    def ids(which):
        return [a["attempt_id"] for a in select_attempts(attempts, which)]

    assert ids("first") == [1, 5]
    assert ids("last") == [3, 5]
    assert ids("highest") == [2, 5]  # tie goes to the earlier attempt
    assert ids("all") == [1, 3, 2, 5]
    assert ids("average") == ids("all")
    with pytest.raises(ValueError):
        select_attempts(attempts, "best")


def test_easy_hard_and_negative_flags():
    # q0 always right, q1 never, q2 right only for the trainees who do worse overall.
    rows = [(1, 0, 0, 2), (1, 0, 0, 2), (1, 0, 1, 0), (1, 0, 1, 1)]
    maxes = (1, 1, 1, 2)
    attempts = [
        {
            "attempt_id": n,
            "user_id": n,
            "attempt_number": 1,
            "total": D(sum(r)),
            "max_total": D(5),
            "items": {f"q{i}": (D(m), D(maxes[i])) for i, m in enumerate(r)},
        }
        for n, r in enumerate(rows)
    ]
    easy, hard, negative, other = compute_statistics(attempts).questions
    assert easy.too_easy and easy.facility == D(100)
    assert hard.too_hard and hard.facility == D(0)
    # Zero variance: no discrimination figures, so no discrimination flags either.
    assert easy.discrimination_index is None and easy.discriminative_efficiency is None
    assert not easy.negative_discrimination and not easy.weak_discrimination
    assert negative.negative_discrimination and negative.discrimination_index < 0
    assert negative.effective_weight is None  # negative covariance with the total
    assert not other.too_easy and not other.too_hard


def test_no_attempts():
    report = compute_statistics([], "first")
    assert report.quiz.attempt_count == 0
    assert report.quiz.mean is None and report.quiz.median is None
    assert report.quiz.standard_deviation is None and report.quiz.cic is None
    assert report.questions == []


def test_one_attempt_has_a_mean_but_no_spread():
    report = compute_statistics([attempt("u1", 1, (1, 0, 1))])
    quiz = report.quiz
    assert quiz.mean == D(50) and quiz.median == D(50)
    assert quiz.standard_deviation is None
    assert quiz.skewness is None and quiz.kurtosis is None
    assert quiz.cic is None and quiz.error_ratio is None and quiz.standard_error is None
    q1 = report.questions[0]
    assert q1.facility == D(100)
    assert q1.standard_deviation is None
    assert q1.discrimination_index is None and q1.discriminative_efficiency is None
    assert q1.effective_weight is None


def test_identical_scores_give_no_shape_statistics():
    attempts = [attempt(u, 1, (1, 0, 1)) for u in ("a", "b", "c", "d")]
    quiz = compute_statistics(attempts).quiz
    assert quiz.standard_deviation == D(0)
    assert quiz.skewness is None and quiz.kurtosis is None and quiz.cic is None


def test_two_and_three_attempts():
    two = compute_statistics([attempt("a", 1, (1, 1, 2)), attempt("b", 1, (0, 0, 0))]).quiz
    assert two.median == D(50)  # mean of the two middle totals 4 and 0
    close(two.standard_deviation, 100 * math.sqrt(8) / 4)
    assert two.skewness is None and two.cic is None

    three = [attempt("a", 1, (1, 1, 2)), attempt("b", 1, (0, 0, 0)), attempt("c", 1, (1, 0, 0))]
    quiz = compute_statistics(three).quiz
    assert quiz.skewness is not None and quiz.cic is not None
    assert quiz.kurtosis is None  # needs four attempts


def test_single_question_quiz_has_no_cic():
    attempts = [
        {
            "attempt_id": n,
            "user_id": n,
            "attempt_number": 1,
            "total": D(m),
            "max_total": D(1),
            "items": {"only": (D(m), D(1))},
        }
        for n, m in enumerate([1, 0, 1, 1])
    ]
    report = compute_statistics(attempts)
    assert report.quiz.kurtosis is not None
    assert report.quiz.cic is None and report.quiz.error_ratio is None
    only = report.questions[0]
    assert only.discrimination_index is None  # the rest of the test is always 0
    assert only.effective_weight == D(100)


def test_zero_max_total_gives_no_percentages():
    attempts = [
        {
            "attempt_id": n,
            "user_id": n,
            "attempt_number": 1,
            "total": D(0),
            "max_total": D(0),
            "items": {"q": (D(0), D(0))},
        }
        for n in range(3)
    ]
    report = compute_statistics(attempts)
    assert report.quiz.mean is None and report.quiz.median is None
    assert report.questions[0].facility is None
