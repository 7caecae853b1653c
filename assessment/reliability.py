"""Measurement error and agreement between evaluators: pure rules, no Flask, no database.

- Standard error of measurement (classical test theory): SEM = SD × √(1 − r), where r is the
  score's reliability — Cronbach's α (Moodle's "coefficient of internal consistency") for a
  quiz, the intraclass correlation for a rubric scored by several evaluators. A negative r
  gives no SEM: the items (or evaluators) then disagree more than chance, and SD × √(1 − r)
  would be larger than the spread of the scores themselves.
- Propagation through weights: a weighted sum Σ wᵢ·Xᵢ of scores with independent errors has
  SEM √Σ (wᵢ·SEMᵢ)², the weights taken as they enter the sum (normalized to total 1).
- Weighted kappa (Cohen 1968) for two evaluators' ordinal levels, with linear or quadratic
  disagreement weights; the quadratic one is what the agreement page reports.
- Intraclass correlation, two-way model, absolute agreement (Shrout & Fleiss 1979, ICC(2,1)
  for one evaluator's score and ICC(2,k) for the mean of k evaluators; McGraw & Wong's
  ICC(A,1) / ICC(A,k)).

Arithmetic is Decimal (28 significant digits), unrounded; None instead of a division by zero.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal, localcontext

ZERO, ONE = Decimal(0), Decimal(1)


def _dec(value) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def sem(sd, reliability) -> Decimal | None:
    """SD × √(1 − reliability); None when either is unknown or the reliability is negative
    (a reliability above 1 cannot happen and is refused as well)."""
    if sd is None or reliability is None:
        return None
    sd, reliability = _dec(sd), _dec(reliability)
    if reliability < 0 or reliability > 1 or sd < 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return sd * (ONE - reliability).sqrt()


def combined_sem(parts: Sequence[tuple[object, object]]) -> Decimal | None:
    """√Σ (wᵢ·SEMᵢ)² over (weight, SEM) pairs, weights normalized to total 1.

    A part with weight 0 is ignored; a part with a positive weight and an unknown SEM (None)
    makes the result unknown, since leaving it out would understate the error. No part with a
    positive weight gives None.
    """
    pairs = [(_dec(w), s) for w, s in parts if _dec(w) > 0]
    if not pairs or any(s is None for _w, s in pairs):
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        total = sum((w for w, _s in pairs), ZERO)
        return sum(((w / total * _dec(s)) ** 2 for w, s in pairs), ZERO).sqrt()


def within_band(score, line, half_width) -> bool:
    """Whether |score − line| ≤ half_width (the edges belong to the band)."""
    return abs(_dec(score) - _dec(line)) <= _dec(half_width)


# --- weighted kappa ---------------------------------------------------------------------------

# "none" gives Cohen's (1960) simple kappa: only identical levels count as agreement.
KAPPA_WEIGHTS = ("none", "linear", "quadratic")


def weighted_kappa(
    pairs: Sequence[tuple[Hashable, Hashable]],
    categories: Sequence[Hashable],
    weights: str = "quadratic",
) -> Decimal | None:
    """Cohen's weighted kappa of two evaluators' ratings on ordered ``categories``.

    With category positions i, j of 0..c-1, the agreement weight is 1 − |i − j|/(c − 1)
    (linear, Cicchetti–Allison) or 1 − ((i − j)/(c − 1))² (quadratic, Fleiss–Cohen);
    κw = (Po − Pe) / (1 − Pe) with Po = Σ wᵢⱼ pᵢⱼ and Pe = Σ wᵢⱼ pᵢ. p.ⱼ.
    None without pairs, with fewer than two categories, or when Pe = 1 (one evaluator gave a
    single category to everyone and the other agreed: chance explains everything).
    Raises ValueError for a rating outside ``categories`` or unknown weights.
    """
    if weights not in KAPPA_WEIGHTS:
        raise ValueError(f"unknown kappa weights: {weights!r}")
    c = len(categories)
    if not pairs or c < 2:
        return None
    position = {category: i for i, category in enumerate(categories)}
    counts = [[0] * c for _ in range(c)]
    for a, b in pairs:
        if a not in position or b not in position:
            raise ValueError(f"rating outside the categories: {a!r}, {b!r}")
        counts[position[a]][position[b]] += 1
    return weighted_kappa_from_table(counts, weights)


def _agreement_weight(i: int, j: int, c: int, weights: str) -> Decimal:
    if weights == "none":
        return ONE if i == j else ZERO
    distance = Decimal(abs(i - j)) / (c - 1)
    return ONE - (distance if weights == "linear" else distance * distance)


def weighted_kappa_from_table(counts: Sequence[Sequence[int]], weights: str = "quadratic"):
    """``weighted_kappa`` from a square table of counts (rows: evaluator A, columns: B)."""
    if weights not in KAPPA_WEIGHTS:
        raise ValueError(f"unknown kappa weights: {weights!r}")
    c = len(counts)
    n = sum(sum(row) for row in counts)
    if c < 2 or n == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        rows = [Decimal(sum(row)) / n for row in counts]
        cols = [Decimal(sum(counts[i][j] for i in range(c))) / n for j in range(c)]
        observed = expected = ZERO
        for i in range(c):
            for j in range(c):
                w = _agreement_weight(i, j, c, weights)
                observed += w * counts[i][j] / n
                expected += w * rows[i] * cols[j]
        if expected == 1:
            return None
        return (observed - expected) / (ONE - expected)


# --- intraclass correlation -------------------------------------------------------------------


def icc_absolute(table: Sequence[Sequence[object]]) -> tuple[Decimal, Decimal] | None:
    """(ICC(2,1), ICC(2,k)): two-way random effects, absolute agreement, for n targets (rows)
    each scored by the same k evaluators (columns), no missing cells.

    From the two-way ANOVA mean squares BMS (targets), JMS (evaluators), EMS (residual):
      ICC(2,1) = (BMS − EMS) / (BMS + (k−1)·EMS + k·(JMS − EMS)/n)
      ICC(2,k) = (BMS − EMS) / (BMS + (JMS − EMS)/n)
    None for fewer than two targets or evaluators, or when every score is the same.
    """
    n = len(table)
    k = len(table[0]) if n else 0
    if n < 2 or k < 2 or any(len(row) != k for row in table):
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        x = [[_dec(v) for v in row] for row in table]
        grand = sum((sum(row, ZERO) for row in x), ZERO) / (n * k)
        row_means = [sum(row, ZERO) / k for row in x]
        col_means = [sum((x[i][j] for i in range(n)), ZERO) / n for j in range(k)]
        ss_total = sum(((v - grand) ** 2 for row in x for v in row), ZERO)
        ss_rows = k * sum(((m - grand) ** 2 for m in row_means), ZERO)
        ss_cols = n * sum(((m - grand) ** 2 for m in col_means), ZERO)
        ss_error = ss_total - ss_rows - ss_cols
        bms = ss_rows / (n - 1)
        jms = ss_cols / (k - 1)
        ems = ss_error / ((n - 1) * (k - 1))
        single_denominator = bms + (k - 1) * ems + k * (jms - ems) / n
        average_denominator = bms + (jms - ems) / n
        if single_denominator == 0 or average_denominator == 0:
            return None
        return (bms - ems) / single_denominator, (bms - ems) / average_denominator


def leniency(scores: Mapping[Hashable, Mapping[Hashable, object]]) -> dict[Hashable, Decimal]:
    """Each evaluator's mean difference from the other evaluators of the same trainees.

    ``scores`` is {evaluator: {trainee: score}}. For every trainee an evaluator shares with at
    least one other, the difference is their score minus the mean of the others' scores; the
    evaluator's leniency is the mean of those differences (positive: more generous). An
    evaluator sharing no trainee is left out.
    """
    result = {}
    with localcontext() as ctx:
        ctx.prec = 28
        for evaluator, own in scores.items():
            differences = []
            for trainee, value in own.items():
                others = [
                    _dec(theirs[trainee])
                    for other, theirs in scores.items()
                    if other != evaluator and trainee in theirs
                ]
                if others:
                    differences.append(_dec(value) - sum(others, ZERO) / len(others))
            if differences:
                result[evaluator] = sum(differences, ZERO) / len(differences)
    return result


def sample_sd(values: Sequence[object]) -> Decimal | None:
    """√(Σ(x − mean)² / (n − 1)); None for fewer than two values."""
    if len(values) < 2:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        xs = [_dec(v) for v in values]
        mean = sum(xs, ZERO) / len(xs)
        return (sum(((v - mean) ** 2 for v in xs), ZERO) / (len(xs) - 1)).sqrt()
