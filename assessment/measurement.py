"""Measurement error at the cut line: who is "within measurement error" of an elimination.

Every component score carries an error (formulas in ``assessment.reliability``):
- quiz: SEM = SD × √(1 − α) from the quiz's item analysis over the attempts its grading method
  counts (``quizzes.results.reliability``), rescaled to the component's 0–100;
- evaluation scored by two or more evaluators: SEM = SD × √(1 − ICC), the ICC of the mean of the
  evaluators (two-way, absolute agreement, ICC(2,k)), since the component score is that mean;
- KPI: exact (SEM 0);
- one evaluator, a case or a simulator run: no estimate. Their error is left out, so the band is
  then the narrowest it could be; the page says so.
A quiz whose α rests on too few attempts or items, or is negative, gives no band at all: the
page explains instead. Errors are independent and combine through the weights as
√Σ(wᵢ·SEMᵢ)², first components into a stage, then stages into the cumulative score.

The cut line is the rule's cut-off when the rule is only a cut-off, otherwise midway between
the best-placed trainee cut and the worst-placed trainee kept. Everyone whose shown cumulative
score lies within ±k·SEM of it (k: the stage's ``band_k``) is in the band, cut or spared, and
confirming the elimination needs a note for each of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from assessment import reliability
from assessment.board_results import voided_questions
from assessment.models import Evaluation, Stage
from assessment.scoring import jsonable, present, present_str
from core.domain import N_
from core.extensions import db
from core.messages import Message, message
from quizzes import results as quiz_results

# Trainees scored by two evaluators needed before their agreement is taken as the error.
MIN_DOUBLE_SCORED = 5
FORMULA = N_(
    "SEM of a quiz = SD × √(1 − α); of an evaluation by several evaluators = SD × √(1 − ICC); "
    "KPIs are exact. Independent errors combine through the weights as √Σ(wᵢ·SEMᵢ)²."
)
QUIZ_PROBLEMS = {
    "few_attempts": N_(
        "%(name)s: only %(attempts)s attempts count (at least %(minimum)s are needed), so its "
        "reliability is not stable enough to say how large the error is."
    ),
    "few_items": N_(
        "%(name)s: only %(items)s questions (at least %(minimum)s are needed), so its "
        "reliability is not stable enough to say how large the error is."
    ),
    "negative_alpha": N_(
        "%(name)s: its reliability (α = %(alpha)s) is negative: its questions disagree with "
        "each other, so the quiz score may not measure one ability. Review its flagged "
        "questions before relying on it."
    ),
    "no_alpha": N_(
        "%(name)s: its reliability cannot be computed (no spread in the scores), so the error "
        "is unknown."
    ),
}


@dataclass(frozen=True)
class ComponentError:
    """One component's standard error of measurement on its 0–100 scale."""

    component_id: int
    name: str
    kind: str
    weight: Decimal
    sem: Decimal | None
    status: str  # exact | estimated | unknown | unstable
    note: Message | None = None

    def to_dict(self) -> dict:
        return {
            "component_id": self.component_id,
            "name": self.name,
            "kind": self.kind,
            "weight": str(self.weight),
            "sem": present_str(self.sem),
            "status": self.status,
            "note": self.note.to_dict() if self.note else None,
        }


@dataclass(frozen=True)
class BandMember:
    trainee_id: str
    name: str
    score: Decimal
    distance: Decimal  # score − cut line
    outcome: str  # cut | spared

    def to_dict(self) -> dict:
        return {
            "trainee_id": self.trainee_id,
            "name": self.name,
            "score": present_str(self.score),
            "distance": present_str(self.distance),
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class MeasurementBand:
    """The band at a stage's cut line, or why there is none (``problems``)."""

    stage_id: int
    k: Decimal
    sem: Decimal | None
    line: Decimal | None
    members: tuple[BandMember, ...] = ()
    components: tuple[ComponentError, ...] = ()
    problems: tuple[Message, ...] = ()

    @property
    def shown(self) -> bool:
        return self.sem is not None and self.line is not None and not self.problems

    @property
    def half_width(self) -> Decimal | None:
        return None if self.sem is None else self.k * self.sem

    @property
    def low(self) -> Decimal | None:
        return None if not self.shown else self.line - self.half_width

    @property
    def high(self) -> Decimal | None:
        return None if not self.shown else self.line + self.half_width

    @property
    def unknown(self) -> tuple[ComponentError, ...]:
        return tuple(c for c in self.components if c.status == "unknown")

    @property
    def member_ids(self) -> list[str]:
        return [m.trainee_id for m in self.members]

    def to_dict(self) -> dict:
        return {
            "stage_id": self.stage_id,
            "k": str(self.k),
            "sem": present_str(self.sem),
            "line": present_str(self.line),
            "low": present_str(self.low),
            "high": present_str(self.high),
            "shown": self.shown,
            "formula": FORMULA,
            "members": [m.to_dict() for m in self.members],
            "components": [c.to_dict() for c in self.components],
            "problems": [p.to_dict() for p in self.problems],
        }


# --- errors of the components -----------------------------------------------------------------


def evaluation_sheets(component_id: int) -> dict[int, dict[int, Decimal]]:
    """{trainee id: {evaluator id: score}} of one evaluation component (one query)."""
    sheets: dict[int, dict[int, Decimal]] = {}
    rows = db.session.execute(
        select(Evaluation.trainee_id, Evaluation.evaluator_id, Evaluation.score).where(
            Evaluation.component_id == component_id
        )
    )
    for trainee_id, evaluator_id, score in rows:
        sheets.setdefault(trainee_id, {})[evaluator_id] = Decimal(score)
    return sheets


def _evaluation_error(component) -> tuple[Decimal | None, str, Message | None]:
    double = [
        [score for _e, score in sorted(found.items())][:2]
        for found in evaluation_sheets(component.id).values()
        if len(found) >= 2
    ]
    if len(double) < MIN_DOUBLE_SCORED:
        return (
            None,
            "unknown",
            message(
                N_(
                    "%(name)s: %(count)s trainees were scored by two evaluators (at least "
                    "%(minimum)s are needed to estimate its error); its error is not in the band."
                ),
                name=component.name,
                count=len(double),
                minimum=MIN_DOUBLE_SCORED,
            ),
        )
    icc = reliability.icc_absolute(double)
    sd = reliability.sample_sd([sum(pair) / 2 for pair in double])
    if icc is None or sd is None:
        return None, "unknown", message(QUIZ_PROBLEMS["no_alpha"], name=component.name)
    average = icc[1]
    if average < 0:
        note = N_(
            "%(name)s: the evaluators' agreement (ICC = %(icc)s) is negative, so the error "
            "cannot be estimated. Review the evaluator agreement page."
        )
        return None, "unstable", message(note, name=component.name, icc=_two(average))
    note = N_("%(name)s: ICC of the evaluators' mean %(icc)s, SD %(sd)s, SEM %(sem)s")
    sem = reliability.sem(sd, average)
    return (
        sem,
        "estimated",
        message(note, name=component.name, icc=_two(average), sd=_two(sd), sem=_two(sem)),
    )


def _quiz_error(component) -> tuple[Decimal | None, str, Message | None]:
    voided = voided_questions(component)
    found = quiz_results.reliability(component.ref_id, voided) if component.ref_id else None
    if found is None:
        return None, "unknown", None
    if found.problem:
        params = {
            "name": component.name,
            "attempts": found.attempt_count,
            "items": found.item_count,
            "alpha": _two(found.alpha),
            "minimum": quiz_results.MIN_ATTEMPTS_FOR_ALPHA
            if found.problem == "few_attempts"
            else quiz_results.MIN_ITEMS_FOR_ALPHA,
        }
        return None, "unstable", message(QUIZ_PROBLEMS[found.problem], **params)
    max_points = Decimal(str((component.config or {}).get("max_points", 100)))
    sem = found.sem * 100 / max_points
    note = N_("%(name)s: α %(alpha)s over %(attempts)s attempts, SEM %(sem)s")
    return (
        sem,
        "estimated",
        message(
            note,
            name=component.name,
            alpha=_two(found.alpha),
            attempts=found.attempt_count,
            sem=_two(sem),
        ),
    )


def _two(value) -> str:
    return "—" if value is None else str(present(Decimal(value)))


def component_error(component) -> ComponentError:
    """The error of one component's score (see the module docstring)."""
    sem, status, note = None, "unknown", None
    if component.kind == "kpi":
        sem, status = Decimal(0), "exact"
    elif component.kind == "quiz":
        sem, status, note = _quiz_error(component)
    elif component.kind == "evaluation":
        sem, status, note = _evaluation_error(component)
    if status == "unknown" and note is None:
        note = message(
            N_(
                "%(name)s: no reliability estimate exists for this score; its error is not in the band."
            ),
            name=component.name,
        )
    return ComponentError(
        component.id, component.name, component.kind, Decimal(component.weight), sem, status, note
    )


# --- combining and the band -------------------------------------------------------------------


def cumulative_sem(
    stages: Sequence[tuple[Decimal, Sequence[ComponentError]]],
) -> Decimal | None:
    """√Σ over stages of (stage weight · stage SEM)², each stage SEM √Σ(component weight ·
    SEM)²; weights normalized. Unknown errors count as 0 (the band is then a lower bound)."""
    stage_parts = []
    for weight, errors in stages:
        parts = [(e.weight, e.sem or Decimal(0)) for e in errors]
        stage_parts.append((weight, reliability.combined_sem(parts) or Decimal(0)))
    return reliability.combined_sem(stage_parts)


def cut_line(preview) -> Decimal | None:
    """The rule's cut-off for a cut-off-only rule; otherwise midway between the best-placed
    trainee cut and the worst-placed trainee kept (None when nobody is cut or nobody kept)."""
    rule = preview.rule
    if rule.parts == ("below_score",):
        return Decimal(rule.below_score)
    cut_ids = set(preview.cut_ids)
    cut = [present(r.row.score) for r in preview.standings if r.row.trainee_id in cut_ids]
    kept = [present(r.row.score) for r in preview.standings if r.row.trainee_id not in cut_ids]
    if cut and kept:
        return (max(cut) + min(kept)) / 2
    return None if rule.below_score is None else Decimal(rule.below_score)


def band_members(preview, line: Decimal, half_width: Decimal) -> tuple[BandMember, ...]:
    """Trainees whose shown score lies within ±half_width of the line, worst placed first."""
    cut_ids = set(preview.cut_ids)
    members = []
    for ranked in reversed(preview.standings):
        row = ranked.row
        shown = present(row.score)
        if reliability.within_band(shown, line, half_width):
            outcome = "cut" if row.trainee_id in cut_ids else "spared"
            members.append(BandMember(row.trainee_id, row.name, shown, shown - line, outcome))
    return tuple(members)


def band(stages: Sequence[Stage], index: int, preview) -> MeasurementBand:
    """The band of ``stages[index]``'s elimination preview; ``stages`` as the board has them."""
    stage = stages[index]
    k = Decimal(stage.band_k if stage.band_k is not None else 1)
    by_stage = [
        (Decimal(s.weight), [component_error(c) for c in s.components]) for s in stages[: index + 1]
    ]
    errors = tuple(e for _w, found in by_stage for e in found)
    problems = [e.note for e in errors if e.status == "unstable"]
    line = cut_line(preview)
    sem = None if problems else cumulative_sem(by_stage)
    if line is None and not problems:
        problems.append(
            message(N_("Nobody would be cut, so there is no cut line to measure from."))
        )
    members = ()
    if not problems and sem is not None and k > 0:
        members = band_members(preview, line, k * sem)
    return MeasurementBand(stage.id, k, sem, line, members, errors, tuple(problems))


def check_notes(found: MeasurementBand, notes: Mapping[str, str], min_chars: int) -> list[str]:
    """Names of band members whose note is missing or shorter than ``min_chars``."""
    by_id = {m.trainee_id: m for m in found.members}
    return [
        by_id[tid].name
        for tid in found.member_ids
        if len((notes.get(tid) or "").strip()) < min_chars
    ]


def stored(found: MeasurementBand, notes: Mapping[str, str]) -> dict:
    """The band with each member's note, as the decision keeps it."""
    data = found.to_dict()
    for member in data["members"]:
        member["note"] = (notes.get(member["trainee_id"]) or "").strip()
    return jsonable(data)
