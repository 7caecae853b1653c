"""Confirming an elimination with an outcome and a basis for each person who is cut.

The preview offers each person the outcomes whose basis holds (``options``); a termination
with no basis is refused there with the reason, and again at confirmation, where nothing is
recorded unless every person's basis holds. Each person's outcome and the facts of its basis
are stored with the decision (``DecisionOutcome``), as the manager saw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from assessment import decisions
from assessment.board import Board
from assessment.lawful import hiring_conditions, improvement_plans, outcomes, terms
from assessment.lawful.basis import RANK_ONLY, BasisFacts, ConditionFacts, is_rank_only, problems
from assessment.lawful.models import DecisionOutcome, HiringCondition
from assessment.models import Decision, Stage
from core import audit
from core.clock import LOCAL_TZ, now_utc
from core.domain import N_, DomainError
from core.extensions import db
from core.messages import Message, listing, message


class BasisError(DomainError):
    status_code = 422


@dataclass(frozen=True)
class Choice:
    outcome: str = ""
    condition_id: int | None = None
    plan_id: int | None = None
    note: str = ""


@dataclass
class PersonOptions:
    """What the preview offers one person who would be cut."""

    user_id: int
    name: str
    rank_only: bool
    outcomes: list[str] = field(default_factory=list)  # those whose basis holds
    conditions: list[tuple[int, str]] = field(default_factory=list)  # unmet, usable
    plans: list[tuple[int, str]] = field(default_factory=list)
    refusals: list[Message] = field(default_factory=list)  # why a termination is not offered


def _condition_facts(condition: HiringCondition, board: Board, user_id: int):
    found = hiring_conditions.evidence(condition, board, user_id)
    if found is None:
        return None, None
    ack = hiring_conditions.acknowledgement(condition.version_id, user_id)
    acknowledged_on = ack.acknowledged_at.astimezone(LOCAL_TZ).date() if ack else None
    version = db.session.get(hiring_conditions.HiringConditionVersion, condition.version_id)
    return found, ConditionFacts(
        condition.id, condition.text, version.number, found.met, found.dated, acknowledged_on
    )


def _facts(stage: Stage, board: Board, user_id: int, name: str, choice: Choice, decided_on):
    condition_facts, plan = None, None
    if choice.condition_id is not None:
        condition = db.session.get(HiringCondition, choice.condition_id)
        version = hiring_conditions.current_version(stage.cohort_id)
        if condition is not None and version is not None and condition.version_id == version.id:
            condition_facts = _condition_facts(condition, board, user_id)[1]
    if choice.plan_id is not None:
        plan = next(
            (
                p
                for p in improvement_plans.plans_in(stage.cohort_id, user_id)
                if p.id == choice.plan_id
            ),
            None,
        )
    return (
        BasisFacts(
            name=name,
            outcome=choice.outcome,
            decided_on=decided_on,
            condition=condition_facts,
            probation=terms.probation_for_trainee(stage.cohort_id, user_id),
            plan=improvement_plans.facts(plan) if plan else None,
        ),
        plan,
    )


def options(stage: Stage, board: Board, preview, decided_on=None) -> list[PersonOptions]:
    """For each person the preview cuts: the outcomes whose basis holds, and the refusals."""
    decided_on = decided_on or improvement_plans.today()
    enabled = outcomes.enabled_outcomes(stage.cohort)
    version = hiring_conditions.current_version(stage.cohort_id)
    found = []
    for entry in preview.cuts:
        user_id, name = int(entry.candidate.trainee_id), entry.candidate.name
        person = PersonOptions(user_id, name, is_rank_only(entry.parts))
        person.outcomes = [key for key in enabled if not outcomes.OUTCOMES[key].terminates]
        for condition in version.conditions if version else []:
            choice = Choice("probation_not_confirmed", condition_id=condition.id)
            facts, _plan = _facts(stage, board, user_id, name, choice, decided_on)
            if facts.condition and facts.condition.met is False and not problems(facts, enabled):
                person.conditions.append((condition.id, condition.text))
        for plan in improvement_plans.plans_in(stage.cohort_id, user_id):
            choice = Choice("incompetence_termination", plan_id=plan.id)
            facts, _plan = _facts(stage, board, user_id, name, choice, decided_on)
            label = f"{plan.opened_on.isoformat()} · {plan.shortfall[:40]}"
            person.plans.append((plan.id, label))
            if not problems(facts, enabled) and "incompetence_termination" not in person.outcomes:
                person.outcomes.append("incompetence_termination")
        if person.conditions and "probation_not_confirmed" in enabled:
            person.outcomes.append("probation_not_confirmed")
        if not any(outcomes.OUTCOMES[key].terminates for key in person.outcomes):
            person.refusals.append(
                message(RANK_ONLY, name=name)
                if person.rank_only
                else message(
                    N_(
                        "%(name)s: no termination can be recorded without a basis (an unmet "
                        "hiring condition in probation, or an improvement plan re-assessed)"
                    ),
                    name=name,
                )
            )
        found.append(person)
    return found


def default_outcome(enabled: tuple[str, ...]) -> str:
    return next((key for key in outcomes.WITHOUT_BASIS if key in enabled), "")


def confirm_with_bases(
    board: Board,
    stage: Stage,
    manager,
    token: str,
    choices: dict[int, Choice],
    notes: dict[str, str] | None = None,
    decided_at: datetime | None = None,
) -> Decision:
    """Check every cut person's basis, then record the decision and the outcomes together.

    A person without a choice gets the first outcome that needs no basis. ``notes`` are the
    notes for those within measurement error of the cut line (``decisions.confirm``).
    """
    decided_at = decided_at or now_utc()
    decided_on = decided_at.astimezone(LOCAL_TZ).date()
    preview = decisions.preview(board, stage)
    enabled = outcomes.enabled_outcomes(stage.cohort)
    rows, found = [], []
    for entry in preview.cuts:
        user_id, name = int(entry.candidate.trainee_id), entry.candidate.name
        choice = choices.get(user_id) or Choice()
        if not choice.outcome:
            choice = Choice(default_outcome(enabled), note=choice.note)
        facts, plan = _facts(stage, board, user_id, name, choice, decided_on)
        found += problems(facts, enabled)
        rows.append((entry, choice, facts, plan))
    if found:
        raise BasisError(N_("Nothing was recorded: %(problems)s"), problems=listing(found))
    decision = decisions.confirm(board, stage, manager, token, notes, decided_at=decided_at)
    for entry, choice, facts, plan in rows:
        outcome = outcomes.OUTCOMES[choice.outcome]
        basis = {
            "outcome_label": outcome.label,
            "law": outcome.law,
            "cut_reasons": [reason.to_dict() for reason in entry.reasons],
            "note": choice.note.strip(),
            "probation_end": (
                facts.probation.end_date.isoformat()
                if facts.probation and facts.probation.end_date
                else None
            ),
        }
        if facts.condition is not None and choice.outcome == "probation_not_confirmed":
            condition = db.session.get(HiringCondition, facts.condition.condition_id)
            evidence = hiring_conditions.evidence(condition, board, int(entry.candidate.trainee_id))
            basis["condition"] = {
                **evidence.to_dict(),
                "version": facts.condition.version,
                "acknowledged_on": facts.condition.acknowledged_on.isoformat(),
            }
        if plan is not None:
            basis["plan"] = improvement_plans.plan_dict(plan)
        db.session.add(
            DecisionOutcome(
                decision_id=decision.id,
                trainee_id=int(entry.candidate.trainee_id),
                outcome=choice.outcome,
                basis=basis,
                rank_only=is_rank_only(entry.parts),
            )
        )
    db.session.flush()
    audit.record(
        "elimination.outcomes_recorded",
        target=audit.Target("stage", stage.id, stage.name),
        after={
            "decision_id": decision.id,
            "outcomes": {str(int(e.candidate.trainee_id)): c.outcome for e, c, _f, _p in rows},
        },
        actor=manager,
    )
    return decision


def outcomes_by_decision(decision_ids: list[int]) -> dict[int, list[DecisionOutcome]]:
    found: dict[int, list[DecisionOutcome]] = {}
    rows = db.session.scalars(
        select(DecisionOutcome)
        .where(DecisionOutcome.decision_id.in_(decision_ids))
        .order_by(DecisionOutcome.id)
    )
    for row in rows:
        found.setdefault(row.decision_id, []).append(row)
    return found
