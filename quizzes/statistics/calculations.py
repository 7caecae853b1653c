"""Quiz and question statistics (item analysis), as Moodle's quiz statistics report.

Definitions: https://docs.moodle.org/dev/Quiz_statistics_calculations, implemented in Moodle by
`mod/quiz/report/statistics/classes/calculator.php` (test statistics) and
`question/classes/statistics/questions/calculator.php` (question statistics). Every formula
below names the Moodle quantity it reproduces. Where a statistic cannot be computed (too few
attempts, zero variance) the field is None instead of a division by zero.

Input: attempts as dicts `{attempt_id, user_id, attempt_number, total, max_total,
items: {question_id: (mark, max_mark)}}` and `which` in first | last | highest | all
(see `quizzes.grading_methods.select_attempts`). Arithmetic is Decimal (28 significant
digits) and results are unrounded: rounding for display is the caller's job.
Pure module: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from quizzes.grading_methods import select_attempts

HUNDRED = Decimal(100)

# Thresholds for the review flags, in percent. Facility bands follow the Moodle user docs for
# the statistics report ("91-95 very easy ... 5-10 very difficult"); discrimination bands
# follow the same page ("0-19 very weak, < 0 question probably invalid"); `dubious` is the
# row highlight of Moodle's statistics table (discriminative efficiency below 15 %).
TOO_EASY_ABOVE = Decimal(90)
TOO_HARD_BELOW = Decimal(10)
WEAK_DISCRIMINATION_BELOW = Decimal(20)
DUBIOUS_EFFICIENCY_BELOW = Decimal(15)


@dataclass(frozen=True)
class QuizStatistics:
    """Test statistics. Mean, median, SD and SE are % of `max_total` (Moodle shows them so);
    CIC and error ratio are already percentages; skewness and kurtosis are plain numbers."""

    which: str
    attempt_count: int
    max_total: Decimal | None
    mean: Decimal | None
    median: Decimal | None
    standard_deviation: Decimal | None
    skewness: Decimal | None
    kurtosis: Decimal | None
    cic: Decimal | None
    error_ratio: Decimal | None
    standard_error: Decimal | None


@dataclass(frozen=True)
class QuestionStatistics:
    """Statistics of one question position; every value is a percentage."""

    question_id: Any
    attempt_count: int
    max_mark: Decimal
    facility: Decimal | None
    standard_deviation: Decimal | None
    intended_weight: Decimal | None
    effective_weight: Decimal | None
    discrimination_index: Decimal | None
    discriminative_efficiency: Decimal | None

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


def _dec(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)  # an ungraded mark counts as 0, as the NULL mark does in Moodle's sums
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _percent(value: Decimal | None, of: Decimal | None) -> Decimal | None:
    if value is None or not of:
        return None
    return HUNDRED * value / of


def _sample_covariance(xs: Sequence[Decimal], ys: Sequence[Decimal]) -> Decimal | None:
    """sum((x - mean x)(y - mean y)) / (s - 1); None for fewer than two values."""
    s = len(xs)
    if s < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    return sum(((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), Decimal(0)) / (s - 1)


def median(values: Sequence[Decimal]) -> Decimal | None:
    """Middle value of the sorted totals; the mean of the two middle ones for an even count."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def compute_statistics(
    attempts: Iterable[Mapping[str, Any]], which: str = "first"
) -> StatisticsReport:
    """Quiz and per-question statistics over the attempts that `which` selects."""
    with localcontext() as ctx:
        ctx.prec = 28
        chosen = select_attempts(attempts, which)
        questions = question_statistics(chosen)
        sum_of_mark_variance = sum(
            (_sample_covariance(m, m) or Decimal(0) for m in _marks_by_question(chosen).values()),
            Decimal(0),
        )
        quiz = quiz_statistics(chosen, which, len(questions), sum_of_mark_variance)
    return StatisticsReport(quiz=quiz, questions=questions)


def quiz_statistics(
    chosen: Sequence[Mapping[str, Any]], which: str, p: int, sum_of_mark_variance: Decimal
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
    totals = [_dec(a["total"]) for a in chosen]
    s = len(totals)
    max_total = _dec(chosen[0]["max_total"]) if chosen else None
    mean = _mean(totals) if s else None
    sd = skewness = kurtosis = cic = error_ratio = standard_error = None
    if s > 1:
        deviations = [x - mean for x in totals]
        power2 = sum((d**2 for d in deviations), Decimal(0))
        sd = (power2 / (s - 1)).sqrt()
        if s > 2:
            m2 = power2 / s
            m3 = sum((d**3 for d in deviations), Decimal(0)) / s
            m4 = sum((d**4 for d in deviations), Decimal(0)) / s
            k2 = s * m2 / (s - 1)
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            if k2 != 0:
                skewness = k3 / (k2 * k2.sqrt())
                if s > 3:
                    k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2)
                    k4 /= (s - 1) * (s - 2) * (s - 3)
                    kurtosis = k4 / (k2 * k2)
                if p > 1:
                    cic = HUNDRED * p / (p - 1) * (1 - sum_of_mark_variance / k2)
                    if cic <= HUNDRED:
                        error_ratio = HUNDRED * (1 - cic / HUNDRED).sqrt()
                        standard_error = error_ratio * sd / HUNDRED
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


def _marks_by_question(chosen: Sequence[Mapping[str, Any]]) -> dict[Any, list[Decimal]]:
    marks: dict[Any, list[Decimal]] = {}
    for attempt in chosen:
        for qid, (mark, _max_mark) in attempt["items"].items():
            marks.setdefault(qid, []).append(_dec(mark))
    return marks


def question_statistics(chosen: Sequence[Mapping[str, Any]]) -> list[QuestionStatistics]:
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
    rows: dict[Any, dict[str, list[Decimal]]] = {}
    for attempt in chosen:
        items = {qid: (_dec(m), _dec(mm)) for qid, (m, mm) in attempt["items"].items()}
        sum_marks = sum((m for m, _mm in items.values()), Decimal(0))
        for qid, (mark, max_mark) in items.items():
            row = rows.setdefault(qid, {"x": [], "max": [], "total": []})
            row["x"].append(mark)
            row["max"].append(max_mark)
            row["total"].append(sum_marks)
    max_total = _dec(chosen[0]["max_total"]) if chosen else None

    cov_overall = {qid: _sample_covariance(r["x"], r["total"]) for qid, r in rows.items()}
    sum_sqrt_cov = sum((c.sqrt() for c in cov_overall.values() if c and c > 0), Decimal(0))

    result = []
    for qid, row in rows.items():
        x, totals = row["x"], row["total"]
        y = [t - m for t, m in zip(totals, x, strict=True)]
        max_mark = _mean(row["max"])
        var_x, var_y, cov = (
            _sample_covariance(x, x),
            _sample_covariance(y, y),
            _sample_covariance(x, y),
        )
        di = de = effective = None
        if var_x and var_y:
            di = HUNDRED * cov / (var_x * var_y).sqrt()
        cov_max = _sample_covariance(sorted(x), sorted(y)) if len(x) > 1 else None
        if cov_max:
            # Cmax uses each list's own mean, so it equals the covariance of the sorted lists.
            de = HUNDRED * cov / cov_max
        c_overall = cov_overall[qid]
        if sum_sqrt_cov and c_overall is not None and c_overall >= 0:
            effective = HUNDRED * c_overall.sqrt() / sum_sqrt_cov
        result.append(
            QuestionStatistics(
                question_id=qid,
                attempt_count=len(x),
                max_mark=max_mark,
                facility=_percent(_mean(x), max_mark),
                standard_deviation=_percent(var_x.sqrt() if var_x is not None else None, max_mark),
                intended_weight=_percent(max_mark, max_total),
                effective_weight=effective,
                discrimination_index=di,
                discriminative_efficiency=de,
            )
        )
    return result
