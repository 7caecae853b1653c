"""Agreement between evaluators of a rubric, and disagreements that block a decision.

For an evaluation component scored by two or more evaluators, per pair of evaluators over the
trainees both scored: the intraclass correlation of their 0–100 scores (two-way, absolute
agreement, one evaluator: ICC(2,1)) and Cohen's weighted kappa with quadratic weights of their
levels, criterion by criterion (levels in the rubric's order), averaged over the criteria. Each
evaluator's leniency is their mean difference from the others on the same trainees.

A pair agrees poorly when ICC < 0.5 (Koo & Li 2016: "poor") or κw < 0.4 (Landis & Koch 1977:
"fair" or worse). A trainee whose evaluators' scores differ by more than the component's gap
(``config["agreement_gap"]``, default 25 points: more than one level of a four-level rubric)
is flagged: that component score cannot be used in an elimination decision until a moderation
note resolves it. (Two evaluators per trainee is
the most ``score_entries.save_evaluations`` accepts, so the note is the way to resolve it.)
Formulas are in ``assessment.reliability``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from flask_babel import gettext as _
from sqlalchemy import select

from assessment import reliability
from assessment.models import Component, Evaluation, ModerationNote, Stage
from assessment.overrides import DEFAULT_REASON_MIN_CHARS
from assessment.scoring import jsonable
from core.clock import now_utc
from core.errors import Conflict, DomainError, NotFound
from core.extensions import db
from core.models import User

DEFAULT_GAP = Decimal(25)  # more than one level apart on a four-level rubric
POOR_ICC = Decimal("0.5")
POOR_KAPPA = Decimal("0.4")


class AgreementError(DomainError):
    status_code = 422


@dataclass(frozen=True)
class PairAgreement:
    first: str
    second: str
    shared: int
    icc: Decimal | None
    kappa: Decimal | None

    @property
    def poor(self) -> bool:
        return (self.icc is not None and self.icc < POOR_ICC) or (
            self.kappa is not None and self.kappa < POOR_KAPPA
        )


@dataclass(frozen=True)
class Disagreement:
    trainee_id: int
    name: str
    scores: tuple[tuple[str, Decimal], ...]  # (evaluator name, score)
    gap: Decimal
    note: ModerationNote | None

    @property
    def resolved(self) -> bool:
        return self.note is not None


@dataclass(frozen=True)
class ComponentAgreement:
    component: Component
    gap: Decimal
    evaluators: tuple[tuple[str, int, Decimal | None], ...]  # (name, trainees scored, leniency)
    pairs: tuple[PairAgreement, ...]
    flagged: tuple[Disagreement, ...]

    @property
    def unresolved(self) -> list[Disagreement]:
        return [d for d in self.flagged if not d.resolved]


def gap_of(component: Component) -> Decimal:
    return Decimal(str((component.config or {}).get("agreement_gap", DEFAULT_GAP)))


def _criteria_kappa(component: Component, sheets_a: dict, sheets_b: dict) -> Decimal | None:
    """Mean over the rubric's criteria of the quadratic-weighted kappa of the two evaluators'
    levels on the trainees both scored."""
    shared = sorted(set(sheets_a) & set(sheets_b))
    found = []
    for criterion in (component.config or {}).get("criteria", []):
        levels = [level["id"] for level in criterion["levels"]]
        pairs = [
            (sheets_a[t].get(criterion["id"]), sheets_b[t].get(criterion["id"])) for t in shared
        ]
        pairs = [(a, b) for a, b in pairs if a in levels and b in levels]
        kappa = reliability.weighted_kappa(pairs, levels) if pairs else None
        if kappa is not None:
            found.append(kappa)
    return sum(found, Decimal(0)) / len(found) if found else None


def component_agreement(component: Component) -> ComponentAgreement:
    """Agreement of one evaluation component's evaluators (a few queries)."""
    rows = db.session.execute(
        select(Evaluation, User.display_name, User.username)
        .join(User, User.id == Evaluation.evaluator_id)
        .where(Evaluation.component_id == component.id)
    ).all()
    scores: dict[str, dict[int, Decimal]] = {}
    levels: dict[str, dict[int, dict]] = {}
    for evaluation, display_name, username in rows:
        who = display_name or username
        scores.setdefault(who, {})[evaluation.trainee_id] = Decimal(evaluation.score)
        levels.setdefault(who, {})[evaluation.trainee_id] = evaluation.levels or {}
    pairs = []
    for first, second in combinations(sorted(scores), 2):
        shared = sorted(set(scores[first]) & set(scores[second]))
        table = [[scores[first][t], scores[second][t]] for t in shared]
        icc = reliability.icc_absolute(table) if len(table) >= 2 else None
        kappa = _criteria_kappa(component, levels[first], levels[second])
        pairs.append(PairAgreement(first, second, len(shared), icc[0] if icc else None, kappa))
    leniency = reliability.leniency(scores)
    evaluators = tuple(
        (who, len(found), leniency.get(who)) for who, found in sorted(scores.items())
    )
    return ComponentAgreement(
        component, gap_of(component), evaluators, tuple(pairs), _flagged(component, scores)
    )


def _flagged(component: Component, scores: dict[str, dict[int, Decimal]]):
    by_trainee: dict[int, list[tuple[str, Decimal]]] = {}
    for who, found in sorted(scores.items()):
        for trainee_id, score in found.items():
            by_trainee.setdefault(trainee_id, []).append((who, score))
    gap = gap_of(component)
    wide = {
        t: sheets
        for t, sheets in by_trainee.items()
        if len(sheets) >= 2 and max(s for _w, s in sheets) - min(s for _w, s in sheets) > gap
    }
    if not wide:
        return ()
    names = dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(list(wide)))).all()
    )
    notes = {
        n.trainee_id: n
        for n in db.session.scalars(
            select(ModerationNote).where(ModerationNote.component_id == component.id)
        )
    }
    return tuple(
        Disagreement(
            t,
            names.get(t) or str(t),
            tuple(sheets),
            max(s for _w, s in sheets) - min(s for _w, s in sheets),
            notes.get(t),
        )
        for t, sheets in sorted(wide.items())
    )


def cohort_agreement(stages: list[Stage]) -> list[ComponentAgreement]:
    """Every evaluation component of the stages that has sheets from two or more evaluators."""
    found = []
    for stage in stages:
        for component in stage.components:
            if component.kind != "evaluation":
                continue
            result = component_agreement(component)
            if len(result.evaluators) >= 2:
                found.append(result)
    return found


def unresolved_for(stages: list[Stage], trainee_ids: set[int]) -> list[tuple[Component, str]]:
    """(component, trainee name) of flagged disagreements among these trainees not resolved
    yet: their component scores cannot be used in a decision."""
    return [
        (result.component, d.name)
        for result in cohort_agreement(stages)
        for d in result.unresolved
        if d.trainee_id in trainee_ids
    ]


def resolve(component: Component, trainee_id: int, note: str, writer: User) -> ModerationNote:
    """Record a moderation note for a flagged disagreement."""
    note = (note or "").strip()
    if len(note) < DEFAULT_REASON_MIN_CHARS:
        raise AgreementError(
            _("Write a note of at least %(n)d characters.", n=DEFAULT_REASON_MIN_CHARS)
        )
    flagged = {d.trainee_id: d for d in component_agreement(component).flagged}
    if trainee_id not in flagged:
        raise NotFound(_("This trainee's evaluators do not disagree beyond the gap."))
    if flagged[trainee_id].resolved:
        raise Conflict(_("This disagreement is already resolved."))
    moderation = ModerationNote(
        component_id=component.id,
        trainee_id=trainee_id,
        note=note,
        scores=jsonable(dict(flagged[trainee_id].scores)),
        written_by_id=writer.id,
        written_by_name=f"{writer.name}({writer.username})",
        written_at=now_utc(),
    )
    db.session.add(moderation)
    db.session.flush()
    return moderation


def set_gap(component: Component, text: str) -> Decimal:
    """Change the component's disagreement gap (0 < gap ≤ 100 points)."""
    try:
        gap = Decimal((text or "").strip())
    except ArithmeticError:
        gap = None
    if gap is None or not gap.is_finite() or not 0 < gap <= 100:
        raise AgreementError(_("The gap must be a number of points above 0 and at most 100."))
    component.config = {**(component.config or {}), "agreement_gap": str(gap)}
    db.session.flush()
    return gap
