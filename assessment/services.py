"""Cohort set-up services: cohorts, enrolment, stages and components (entered scores are in
``assessment.score_entries``).

Services take typed values (the forms in ``assessment.forms`` build them), validate, change and
flush; they never commit and raise DomainError subclasses with the user's message.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from assessment import audit_trail, specs
from assessment.board import day_end
from assessment.enrolment_rule import make_room
from assessment.models import (
    VISIBILITY,
    Cohort,
    Component,
    Decision,
    Enrolment,
    Stage,
    cohort_managers,
)
from assessment.scoring import EXTERNAL_KINDS, KINDS
from case_library import results as case_results
from core.clock import LOCAL_TZ, now_utc
from core.errors import Conflict, DomainError, NotFound
from core.extensions import db
from core.models import MIN_PASSWORD_LENGTH, User
from core.users import create_user
from quizzes import results as quiz_results
from simulator import results as simulator_results

MAX_WEIGHT = Decimal(1000)


MAX_BAND_K = Decimal(5)


class CohortInputError(DomainError):
    status_code = 422


@dataclass(frozen=True)
class StageInput:
    """A stage as the manager set it up; the rule's numbers are text parsed by specs."""

    name: str
    starts_on: date
    ends_on: date
    weight: Decimal = Decimal(1)
    rule: specs.RuleInput = field(default_factory=specs.RuleInput)
    # Half-width of the measurement band at the cut line, in standard errors (None: 1).
    band_k: Decimal | None = None


@dataclass(frozen=True)
class ComponentInput:
    """A component as the manager set it up. Quiz, case and simulator components name their
    quiz, case or scenario (``ref_id``); an evaluation has a rubric text and a KPI its rule
    fields (see specs)."""

    name: str
    kind: str
    weight: Decimal = Decimal(1)
    deadline: date | None = None
    ref_id: int | None = None
    rubric: str = ""
    kpi_mode: str = ""
    kpi_worst: str = ""
    kpi_best: str = ""
    kpi_bands: str = ""
    kpi_lower: bool = False
    kpi_unit: str = ""
    policy: str = "best"  # simulator: the best or the latest run finished by the deadline


def _weight(value: Decimal | None, what: str) -> Decimal:
    """A weight between 0 and MAX_WEIGHT (None: the default 1)."""
    value = Decimal(1) if value is None else value
    if not value.is_finite() or not 0 <= value <= MAX_WEIGHT:
        raise CohortInputError(_("%(what)s is out of range.", what=what))
    return value


def generate_password() -> str:
    """An initial password a trainee can type: the minimum length, without look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(MIN_PASSWORD_LENGTH))


# --- cohorts ----------------------------------------------------------------------------------


def manages_cohort_named(user: User, name: str, other_than: Cohort | None = None) -> bool:
    """Whether ``user`` manages a cohort called ``name`` (besides ``other_than``).

    Only the user's own cohorts count: a name another manager uses neither blocks the user nor
    is revealed to them.
    """
    query = (
        select(Cohort.id)
        .join(cohort_managers, cohort_managers.c.cohort_id == Cohort.id)
        .where(cohort_managers.c.user_id == user.id, Cohort.name == name)
    )
    if other_than is not None and other_than.id is not None:
        query = query.where(Cohort.id != other_than.id)
    return db.session.scalar(query.limit(1)) is not None


def save_cohort(
    cohort: Cohort | None, name: str, start_date: date, visibility: str, managers, *, by: User
) -> Cohort:
    """Create or edit a cohort as ``by`` (also one of ``managers``); no two cohorts ``by``
    manages may share a name."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise CohortInputError(_("Give the cohort a name of at most 120 characters."))
    if manages_cohort_named(by, name, other_than=cohort):
        raise Conflict(
            _("You already manage a cohort named %(name)s; choose another name.", name=name)
        )
    if visibility not in VISIBILITY:
        raise CohortInputError(_("Choose what trainees see of each other."))
    if cohort is None:
        cohort = Cohort()
        db.session.add(cohort)
    cohort.name, cohort.start_date, cohort.visibility = name, start_date, visibility
    cohort.managers = list({m.id: m for m in managers if m is not None}.values())
    db.session.flush()
    return cohort


def enrol(
    cohort: Cohort,
    *,
    name: str,
    employee_number: str,
    branch: str = "",
    hire_date: date | None = None,
    by: User | None = None,
) -> tuple[Enrolment, str | None]:
    """Enrol a trainee by employee number as ``by`` (None: a shell command), creating the
    account (username = employee number) when it does not exist, or moving it from its running
    cohort (see assessment.enrolment_rule). Returns the enrolment and the generated password of
    a new account. Refusals name the number typed, never the account's details."""
    number = (employee_number or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]{3,32}", number):
        raise CohortInputError(
            _("The employee number must have 3 to 32 letters, digits, dots or dashes.")
        )
    user = db.session.scalar(
        select(User).where(
            (func.lower(User.username) == number.lower()) | (User.employee_number == number)
        )
    )
    password = None
    if user is None:
        if not (name or "").strip():
            raise CohortInputError(_("A new trainee needs a name."))
        password = generate_password()
        # The one account path: password policy and the audit log's "user created" entry.
        user = create_user(
            number,
            password,
            {"trainee"},
            display_name=name.strip()[:120],
            employee_number=number,
            branch=(branch or "").strip()[:120] or None,
        )
    elif "trainee" not in user.roles:
        raise CohortInputError(_("The account %(number)s cannot be enrolled.", number=number))
    exists = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id)
    )
    if exists is not None:
        raise Conflict(_("%(number)s is already enrolled in this cohort.", number=number))
    moved_from = make_room(user, cohort, by, now_utc().astimezone(LOCAL_TZ).date())
    old_cohort = moved_from.cohort if moved_from is not None else None
    if moved_from is not None:
        db.session.delete(moved_from)
        db.session.flush()
    enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id, hire_date=hire_date)
    db.session.add(enrolment)
    db.session.flush()
    action = "cohort.moved" if old_cohort else "cohort.enrolled"
    audit_trail.enrolment_changed(action, user, cohort, old_cohort)
    return enrolment, password


def unenrol(cohort: Cohort, user_id: int) -> None:
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.user_id == user_id)
    )
    if enrolment is None:
        raise NotFound(_("This trainee is not enrolled in the cohort."))
    decided = db.session.scalar(
        select(func.count(Decision.id)).where(Decision.cohort_id == cohort.id)
    )
    if decided:
        raise Conflict(_("Trainees cannot be removed once an elimination has been recorded."))
    audit_trail.enrolment_changed("cohort.unenrolled", enrolment.user, cohort, cohort)
    db.session.delete(enrolment)
    db.session.flush()


# --- stages and components --------------------------------------------------------------------


def save_stage(cohort: Cohort, stage: Stage | None, typed: StageInput) -> Stage:
    """Create or edit a stage: name, dates, weight in the cumulative score, elimination rule."""
    name = (typed.name or "").strip()
    if not name or len(name) > 120:
        raise CohortInputError(_("Give the stage a name of at most 120 characters."))
    starts, ends = typed.starts_on, typed.ends_on
    if ends < starts:
        raise CohortInputError(_("The stage cannot end before it starts."))
    weight = _weight(typed.weight, _("Stage weight"))
    rule = specs.parse_rule(typed.rule)  # ScoringInputError (422) on a bad rule
    band_k = Decimal(1) if typed.band_k is None else typed.band_k
    if not band_k.is_finite() or not 0 <= band_k <= MAX_BAND_K:
        raise CohortInputError(
            _("The measurement band must be between 0 and %(max)s standard errors.", max=MAX_BAND_K)
        )
    if stage is None:
        position = 1 + max((s.position for s in cohort.stages), default=0)
        stage = Stage(cohort=cohort, position=position)
        db.session.add(stage)
    elif _stage_decided(stage):
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    stage.name, stage.starts_on, stage.ends_on, stage.weight = name, starts, ends, weight
    stage.rule, stage.band_k = rule, band_k
    db.session.flush()
    return stage


def delete_stage(stage: Stage) -> None:
    """Remove a stage with its components and entries, unless a decision refers to it."""
    used = db.session.scalar(select(func.count(Decision.id)).where(Decision.stage_id == stage.id))
    if used:
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    cohort = stage.cohort
    audit_trail.removed(
        "stage.deleted",
        audit_trail.stage_target(stage),
        audit_trail.entries_held([c.id for c in stage.components]),
    )
    db.session.delete(stage)
    db.session.flush()
    for position, remaining in enumerate(sorted(cohort.stages, key=lambda s: s.position), 1):
        remaining.position = position
    db.session.flush()


def _stage_decided(stage: Stage) -> bool:
    return bool(
        db.session.scalar(
            select(func.count(Decision.id)).where(
                Decision.stage_id == stage.id, Decision.kind == "elimination"
            )
        )
    )


def reference_choices(kind: str) -> list[tuple[int, str]]:
    """The quizzes, cases or simulator scenarios a component of that kind may name, as
    (id, title)."""
    if kind == "quiz":
        return list(quiz_results.quiz_choices())
    if kind == "simulator":
        return list(simulator_results.scenario_choices())
    return list(case_results.case_choices())


def _check_reference(kind: str, ref_id: int | None) -> None:
    """Quiz, case and simulator components must point at an existing quiz, case or scenario."""
    if ref_id is None or ref_id not in {item_id for item_id, _title in reference_choices(kind)}:
        if kind == "simulator":
            raise CohortInputError(_("Choose an existing simulator scenario."))
        raise CohortInputError(_("Choose an existing quiz or case."))


def _component_config(typed: ComponentInput) -> dict:
    """The stored configuration of a component (specs raise ScoringInputError on bad text)."""
    if typed.kind == "simulator":
        _check_reference(typed.kind, typed.ref_id)
        if typed.policy not in simulator_results.POLICIES:
            raise CohortInputError(_("Choose whether the best or the latest run counts."))
        return {"max_points": "100", "policy": typed.policy}
    if typed.kind in ("quiz", "case"):
        _check_reference(typed.kind, typed.ref_id)
        return {"max_points": "100"}
    if typed.kind == "evaluation":
        return specs.parse_rubric(typed.rubric or "")
    return specs.parse_kpi(
        typed.kpi_mode or "",
        typed.kpi_worst or "",
        typed.kpi_best or "",
        typed.kpi_bands or "",
        typed.kpi_lower,
        typed.kpi_unit or "",
    )


def add_component(stage: Stage, typed: ComponentInput) -> Component:
    """Add a weighted component (quiz, case, simulator scenario, evaluation rubric or KPI
    rule) to a stage."""
    if _stage_decided(stage):
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    kind = typed.kind
    if kind not in KINDS:
        raise CohortInputError(_("Choose the kind of component."))
    name = (typed.name or "").strip()
    if not name or len(name) > 120:
        raise CohortInputError(_("Give the component a name of at most 120 characters."))
    weight = _weight(typed.weight, _("Weight"))
    deadline = day_end(typed.deadline) if typed.deadline else None
    config = _component_config(typed)
    ref_id = typed.ref_id if kind in EXTERNAL_KINDS else None
    position = 1 + max((c.position for c in stage.components), default=0)
    component = Component(
        stage=stage,
        position=position,
        name=name,
        kind=kind,
        weight=weight,
        deadline=deadline,
        ref_id=ref_id,
        config=config,
    )
    db.session.add(component)
    db.session.flush()
    return component


def delete_component(component: Component) -> None:
    if _stage_decided(component.stage):
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    audit_trail.removed(
        "component.deleted",
        audit_trail.component_target(component),
        audit_trail.entries_held([component.id]),
    )
    db.session.delete(component)
    db.session.flush()
