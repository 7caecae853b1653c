"""Quiz and question statistics (item analysis), as Moodle's quiz statistics report.

Definitions: https://docs.moodle.org/dev/Quiz_statistics_calculations, implemented in Moodle by
`mod/quiz/report/statistics/classes/calculator.php` (test statistics) and
`question/classes/statistics/questions/calculator.php` (question statistics). Every formula
below names the Moodle quantity it reproduces. Where a statistic cannot be computed (too few
attempts, zero variance) the field is None instead of a division by zero.

Input: attempts as dicts `{attempt_id, user_id, attempt_number, total, max_total,
items: {question_id: (mark, max_mark)}}` and `which` in first | last | highest | all
(see `quizzes.grading_methods.select_attempts`). Arithmetic is float64 (numpy): these are
statistics of marks, not money, and they agree with Moodle's own test fixture to better than
1e-8 (tests/quizzes/test_statistics_moodle.py); Decimal made 10,000 attempts × 50 questions
take seconds. Results are unrounded floats: rounding for display is the caller's job.
Pure module: no Flask, no database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from quizzes.grading_methods import select_attempts

# Thresholds for the review flags, in percent. Facility bands follow the Moodle user docs for
# the statistics report ("91-95 very easy ... 5-10 very difficult"); discrimination bands
# follow the same page ("0-19 very weak, < 0 question probably invalid"); `dubious` is the
# row highlight of Moodle's statistics table (discriminative efficiency below 15 %).
TOO_EASY_ABOVE = 90
TOO_HARD_BELOW = 10
WEAK_DISCRIMINATION_BELOW = 20
DUBIOUS_EFFICIENCY_BELOW = 15


@dataclass(frozen=True)
class QuizStatistics:
    """Test statistics. Mean, median, SD and SE are % of `max_total` (Moodle shows them so);
    CIC and error ratio are already percentages; skewness and kurtosis are plain numbers."""

    which: str
    attempt_count: int
    max_total: float | None
    mean: float | None
    median: float | None
    standard_deviation: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


@dataclass(frozen=True)
class QuestionStatistics:
    """Statistics of one question position; every value is a percentage."""

    question_id: Any
    attempt_count: int
    max_mark: float
    facility: float | None
    standard_deviation: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None

    @property
    def too_easy(self) -> bool:
        """Facility above 90 %."""
        return self.facility is not None and self.facility > TOO_EASY_ABOVE

    @property
    def too_hard(self) -> bool:
        """Facility below 10 %."""
        return self.facility is not None and self.facility < TOO_HARD_BELOW

    @property
    def negative_discrimination(self) -> bool:
        """Discrimination index below 0: weaker trainees do better on it than stronger ones."""
        di = self.discrimination_index
        return di is not None and di < 0

    @property
    def weak_discrimination(self) -> bool:
        """Discrimination index in [0, 20)."""
        di = self.discrimination_index
        return di is not None and 0 <= di < WEAK_DISCRIMINATION_BELOW

    @property
    def dubious(self) -> bool:
        """Discriminative efficiency below 15 % (Moodle highlights such rows)."""
        de = self.discriminative_efficiency
        return de is not None and de < DUBIOUS_EFFICIENCY_BELOW


@dataclass(frozen=True)
class StatisticsReport:
    quiz: QuizStatistics
    questions: list[QuestionStatistics]


Marks = np.ndarray  # float64


def _float(value: Any) -> float:
    # An ungraded mark (None) counts as 0, as the NULL mark does in Moodle's sums.
    return 0.0 if value is None else float(value)


def _percent(value: float | None, of: float | None) -> float | None:
    if value is None or not of:
        return None
    return 100 * value / of


def _constant(values: Marks) -> bool:
    return values[0] == values[-1] if len(values) < 3 else bool(values.min() == values.max())


def _sample_covariance(xs: Marks, ys: Marks) -> float | None:
    """sum((x - mean x)(y - mean y)) / (s - 1); None for fewer than two values.

    Exactly 0 when either list is constant: its mean need not be exact in binary floating
    point, and a variance of 1e-33 instead of 0 would turn "no spread" into nonsense ratios.
    """
    s = len(xs)
    if s < 2:
        return None
    if _constant(xs) or _constant(ys):
        return 0.0
    return float(np.dot(xs - xs.mean(), ys - ys.mean()) / (s - 1))


def median(values: Marks) -> float | None:
    """Middle value of the sorted totals; the mean of the two middle ones for an even count."""
    if not len(values):
        return None
    return float(np.median(values))


@dataclass(frozen=True)
class _MarkTable:
    """The chosen attempts as arrays: one row per attempt, one column per question."""

    question_ids: list[Any]  # column order = order of first appearance
    marks: Marks  # (attempts, questions); 0 where the attempt lacks the question
    max_marks: Marks  # same shape
    present: np.ndarray  # bool, same shape


def _mark_table(chosen: Sequence[Mapping[str, Any]]) -> _MarkTable:
    # Attempts are grouped by their list of question ids (one group for a quiz of fixed
    # questions), so each group goes into the arrays in one step instead of item by item.
    columns: dict[Any, int] = {}
    layouts: dict[tuple, tuple[list[int], list[int], list[list]]] = {}
    for row, attempt in enumerate(chosen):
        items = attempt["items"]
        keys = tuple(items)
        layout = layouts.get(keys)
        if layout is None:
            layout = layouts[keys] = ([columns.setdefault(q, len(columns)) for q in keys], [], [])
        layout[1].append(row)
        layout[2].append(list(items.values()))
    shape = (len(chosen), len(columns))
    table = _MarkTable(list(columns), np.zeros(shape), np.zeros(shape), np.zeros(shape, bool))
    for cols, rows, values in layouts.values():
        if not cols:
            continue
        # (attempts, questions, [mark, max mark]); None (ungraded) becomes NaN, then 0.
        pairs = np.nan_to_num(np.array(values, dtype=float))
        where = (np.array(rows)[:, None], np.array(cols)[None, :])
        table.marks[where] = pairs[:, :, 0]
        table.max_marks[where] = pairs[:, :, 1]
        table.present[where] = True
    return table


def compute_statistics(
    attempts: Iterable[Mapping[str, Any]], which: str = "first"
) -> StatisticsReport:
    """Quiz and per-question statistics over the attempts that `which` selects."""
    chosen = select_attempts(attempts, which)
    table = _mark_table(chosen)
    questions = question_statistics(chosen, table)
    sum_of_mark_variance = sum(
        _sample_covariance(x, x) or 0.0
        for x in (table.marks[table.present[:, j], j] for j in range(len(table.question_ids)))
    )
    quiz = quiz_statistics(chosen, which, len(questions), sum_of_mark_variance)
    return StatisticsReport(quiz=quiz, questions=questions)


def quiz_statistics(
    chosen: Sequence[Mapping[str, Any]], which: str, p: int, sum_of_mark_variance: float
) -> QuizStatistics:
    """Moodle test statistics over the attempt totals x_1..x_s (s = attempt count).

    mean = sum(x)/s; median as `median`; SD = sqrt(sum((x-mean)^2) / (s-1)) when s > 1.
    With m_k = sum((x-mean)^k)/s (k = 2, 3, 4), when s > 2 (Moodle, "Skewness and Kurtosis"):
      k2 = s m2/(s-1); k3 = s^2 m3/((s-1)(s-2)); skewness = k3 / k2^(3/2)         (k2 != 0)
      k4 = s^2 ((s+1) m4 - 3(s-1) m2^2) / ((s-1)(s-2)(s-3)); kurtosis = k4/k2^2   (s > 3)
      CIC = 100 p/(p-1) (1 - sum(V(question marks)) / k2)   with p questions, p > 1
      ER = 100 sqrt(1 - CIC/100)   (None when CIC > 100, where Moodle gets NaN)
      SE = ER/100 * SD
    `sum_of_mark_variance` is the sum over questions of the sample variance of their marks.
    """
    totals = np.array([_float(a["total"]) for a in chosen], dtype=float)
    s = len(totals)
    max_total = _float(chosen[0]["max_total"]) if chosen else None
    mean = float(totals.mean()) if s else None
    sd = skewness = kurtosis = cic = error_ratio = standard_error = None
    if s > 1:
        constant = _constant(totals)
        deviations = np.zeros(s) if constant else totals - mean
        power2 = float(np.dot(deviations, deviations))
        sd = math.sqrt(power2 / (s - 1))
        if s > 2 and not constant:
            squared = deviations * deviations
            m2 = power2 / s
            m3 = float(np.dot(squared, deviations)) / s
            m4 = float(np.dot(squared, squared)) / s
            k2 = s * m2 / (s - 1)
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            skewness = k3 / (k2 * math.sqrt(k2))
            if s > 3:
                k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2)
                k4 /= (s - 1) * (s - 2) * (s - 3)
                kurtosis = k4 / (k2 * k2)
            if p > 1:
                cic = 100 * p / (p - 1) * (1 - sum_of_mark_variance / k2)
                if cic <= 100:
                    error_ratio = 100 * math.sqrt(1 - cic / 100)
                    standard_error = error_ratio * sd / 100
    return QuizStatistics(
        which=which,
        attempt_count=s,
        max_total=max_total,
        mean=_percent(mean, max_total),
        median=_percent(median(totals), max_total),
        standard_deviation=_percent(sd, max_total),
        skewness=skewness,
        kurtosis=kurtosis,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=_percent(standard_error, max_total),
    )


def question_statistics(
    chosen: Sequence[Mapping[str, Any]], table: _MarkTable | None = None
) -> list[QuestionStatistics]:
    """Moodle question statistics, one per question, in order of first appearance.

    For the s attempts containing the question: x = its mark, T = the attempt's sum of item
    marks, y = T - x (the rest of the test). V and C are sample (s-1) variance / covariance.
      facility = 100 mean(x) / max mark;   SD = 100 sqrt(V(x)) / max mark
      discrimination index DI = 100 C(x, y) / sqrt(V(x) V(y))     (None when V(x) V(y) = 0)
      discriminative efficiency DE = 100 C(x, y) / Cmax, where Cmax pairs the SORTED x with
        the SORTED y (the largest covariance these values allow)   (None when Cmax = 0)
      intended weight = 100 max mark / max total
      effective weight = 100 sqrt(C(x, T)) / sum over questions of sqrt(C(x_q, T)), skipping
        questions with C(x_q, T) < 0, whose own effective weight is None (Moodle "negcovar").
    A question whose max mark differs between attempts uses the mean max mark.
    """
    table = table if table is not None else _mark_table(chosen)
    max_total = _float(chosen[0]["max_total"]) if chosen else None
    sum_marks = table.marks.sum(axis=1)
    columns = []
    for j in range(len(table.question_ids)):
        present = table.present[:, j]
        x = table.marks[present, j]
        columns.append((x, sum_marks[present], table.max_marks[present, j]))
    cov_overall = [_sample_covariance(x, totals) for x, totals, _max in columns]
    sum_sqrt_cov = sum(math.sqrt(c) for c in cov_overall if c and c > 0)

    result = []
    for qid, (x, totals, max_marks), c_overall in zip(
        table.question_ids, columns, cov_overall, strict=True
    ):
        y = totals - x
        max_mark = float(max_marks.mean())
        var_x, var_y, cov = (
            _sample_covariance(x, x),
            _sample_covariance(y, y),
            _sample_covariance(x, y),
        )
        di = de = effective = None
        if var_x and var_y:
            di = 100 * cov / math.sqrt(var_x * var_y)
        cov_max = _sample_covariance(np.sort(x), np.sort(y)) if len(x) > 1 else None
        if cov_max:
            # Cmax uses each list's own mean, so it equals the covariance of the sorted lists.
            de = 100 * cov / cov_max
        if sum_sqrt_cov and c_overall is not None and c_overall >= 0:
            effective = 100 * math.sqrt(c_overall) / sum_sqrt_cov
        result.append(
            QuestionStatistics(
                question_id=qid,
                attempt_count=len(x),
                max_mark=max_mark,
                facility=_percent(float(x.mean()), max_mark),
                standard_deviation=_percent(
                    math.sqrt(var_x) if var_x is not None else None, max_mark
                ),
                intended_weight=_percent(max_mark, max_total),
                effective_weight=effective,
                discrimination_index=di,
                discriminative_efficiency=de,
            )
        )
    return result
