"""The outcomes of an elimination (淘汰结果) and which of them a cohort's bank allows.

Two outcomes end employment and therefore need a basis the law accepts (see ``basis``):
not confirmed after probation (第39条第一项) and termination for incompetence after an
improvement step (第40条第二项). The other two need none: leaving the programme for a previous
or other post (调岗), and extended training under an improvement plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.lawful.models import LabourPolicy
from assessment.models import Cohort
from core import audit
from core.domain import N_, DomainError
from core.extensions import db


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str  # message id
    terminates: bool
    law: str = ""  # message id of the legal provision it rests on


OUTCOMES = {
    outcome.key: outcome
    for outcome in (
        Outcome("reassign", N_("Leave the programme for a previous or other post"), False),
        Outcome("extended_training", N_("Extended training under an improvement plan"), False),
        Outcome(
            "probation_not_confirmed",
            N_("Not confirmed after probation"),
            True,
            N_("Labour Contract Law art. 39(1): not meeting the hiring conditions in probation"),
        ),
        Outcome(
            "incompetence_termination",
            N_("Termination for incompetence after improvement"),
            True,
            N_(
                "Labour Contract Law art. 40(2): still incompetent after training or "
                "reassignment; 30 days' written notice or one month's pay"
            ),
        ),
    )
}
# Outcomes that need no basis, in the order they are offered instead of a termination.
WITHOUT_BASIS = ("reassign", "extended_training")
DEFAULT_OUTCOMES = tuple(OUTCOMES)


class PolicyError(DomainError):
    status_code = 422


def enabled_outcomes(cohort: Cohort) -> tuple[str, ...]:
    """The outcomes the cohort's policy allows, in the registry's order (all until set)."""
    policy = db.session.get(LabourPolicy, cohort.id)
    chosen = DEFAULT_OUTCOMES if policy is None else set(policy.outcomes)
    return tuple(key for key in OUTCOMES if key in chosen)


def set_outcomes(cohort: Cohort, keys: list[str]) -> LabourPolicy:
    """Enable the outcomes the bank's HR policy allows; one that needs no basis is required, so
    that a rule can always be applied without terminating anyone."""
    unknown = [key for key in keys if key not in OUTCOMES]
    if unknown:
        raise PolicyError(N_("Unknown outcome: %(keys)s"), keys=unknown)
    if not any(key in WITHOUT_BASIS for key in keys):
        raise PolicyError(
            N_("Enable reassignment or extended training: an outcome that needs no basis")
        )
    policy = db.session.get(LabourPolicy, cohort.id)
    before = list(enabled_outcomes(cohort))
    if policy is None:
        policy = LabourPolicy(cohort_id=cohort.id)
        db.session.add(policy)
    policy.outcomes = [key for key in OUTCOMES if key in keys]
    audit.record(
        "cohort.outcomes_set",
        target=audit.Target("cohort", cohort.id, cohort.name),
        before={"outcomes": before},
        after={"outcomes": policy.outcomes},
    )
    db.session.flush()
    return policy
