"""What each outcome of an elimination needs as its basis. Pure rules over plain facts.

- Reassignment (调岗) and extended training need none.
- Not confirmed after probation (第39条第一项) needs a hiring condition the trainee
  acknowledged before the evidence was dated, a stage result showing it is not met, that
  evidence dated inside probation, and the decision made before probation ends.
- Termination for incompetence (第40条第二项) needs the earlier finding, an improvement step
  (training assigned on the platform or a recorded reassignment), and a re-assessment recorded
  after the plan's deadline showing the trainee still falls short, before the decision.
Being ranked at the bottom is none of these: 最高人民法院指导案例18号 (2013) held that the bottom
place of a ranking does not prove incompetence, so a rule that only ranks cannot end anyone's
employment by itself (``RANK_ONLY``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessment.lawful.probation import Probation
from core.domain import N_
from core.messages import Message, message

RANK_ONLY = N_(
    "%(name)s is selected by ranking alone. A bottom place in a ranking does not prove that "
    "someone cannot do the job (Supreme People's Court Guiding Case No. 18), so no termination "
    "is recorded on rank alone: give a basis, or choose reassignment or extended training."
)


@dataclass(frozen=True)
class ConditionFacts:
    condition_id: int
    text: str
    version: int
    met: bool | None
    dated: date
    acknowledged_on: date | None  # when the trainee acknowledged this version


@dataclass(frozen=True)
class PlanFacts:
    plan_id: int
    opened_on: date
    step: str  # training | reassignment
    training_count: int
    reassignment: str
    deadline: date
    result: str | None  # met | not_met
    result_on: date | None


@dataclass(frozen=True)
class BasisFacts:
    name: str
    outcome: str
    decided_on: date
    condition: ConditionFacts | None = None
    probation: Probation | None = None
    plan: PlanFacts | None = None


def problems(facts: BasisFacts, enabled: tuple[str, ...]) -> list[Message]:
    """Why the basis does not carry the outcome (empty when it does)."""
    name = facts.name
    if facts.outcome not in enabled:
        return [message(N_("%(name)s: this outcome is not enabled for the cohort"), name=name)]
    if facts.outcome == "probation_not_confirmed":
        return _probation_problems(facts)
    if facts.outcome == "incompetence_termination":
        return _incompetence_problems(facts)
    return []


def _probation_problems(facts: BasisFacts) -> list[Message]:
    name, condition, probation = facts.name, facts.condition, facts.probation
    if condition is None:
        return [message(N_("%(name)s: choose the hiring condition that is not met"), name=name)]
    found = []
    if condition.met is None:
        found.append(message(N_("%(name)s: the evidence has no result yet"), name=name))
    elif condition.met:
        found.append(message(N_("%(name)s: the evidence shows the condition is met"), name=name))
    if condition.acknowledged_on is None:
        found.append(
            message(
                N_("%(name)s never acknowledged version %(version)s of the hiring conditions"),
                name=name,
                version=condition.version,
            )
        )
    elif condition.acknowledged_on > condition.dated:
        found.append(
            message(
                N_("%(name)s acknowledged the hiring conditions only after the evidence"),
                name=name,
            )
        )
    if probation is None:
        found.append(
            message(N_("%(name)s: enter the hire date and the contract term first"), name=name)
        )
    elif probation.end_date is None:
        found.append(message(N_("%(name)s has no probation"), name=name))
    else:
        if not probation.covers(condition.dated):
            found.append(
                message(
                    N_("%(name)s: the evidence of %(dated)s is outside probation (%(end)s)"),
                    name=name,
                    dated=condition.dated.isoformat(),
                    end=probation.end_date.isoformat(),
                )
            )
        if facts.decided_on > probation.end_date:
            found.append(
                message(
                    N_("%(name)s: probation ended on %(end)s; this outcome is no longer open"),
                    name=name,
                    end=probation.end_date.isoformat(),
                )
            )
    return found


def _incompetence_problems(facts: BasisFacts) -> list[Message]:
    name, plan = facts.name, facts.plan
    if plan is None:
        return [
            message(
                N_("%(name)s: choose the improvement plan (finding, step, re-assessment)"),
                name=name,
            )
        ]
    found = []
    if plan.step == "training" and plan.training_count == 0:
        found.append(message(N_("%(name)s: the plan assigned no training"), name=name))
    if plan.step == "reassignment" and not plan.reassignment.strip():
        found.append(message(N_("%(name)s: the plan records no reassignment"), name=name))
    if plan.result is None or plan.result_on is None:
        found.append(message(N_("%(name)s: the re-assessment is not recorded yet"), name=name))
    elif plan.result != "not_met":
        found.append(
            message(N_("%(name)s met the re-assessment of the improvement plan"), name=name)
        )
    elif plan.result_on < plan.deadline or facts.decided_on < plan.result_on:
        found.append(
            message(
                N_(
                    "%(name)s: the re-assessment must follow the plan's deadline and precede "
                    "the decision"
                ),
                name=name,
            )
        )
    return found


def is_rank_only(parts: tuple[str, ...]) -> bool:
    """Selected by bottom-k or bottom-percent alone, with no score threshold."""
    return bool(parts) and "below_score" not in parts
