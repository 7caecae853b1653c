"""Cohort set-up services: cohorts, enrolment, stages and components (entered scores are in
``assessment.score_entries``).

Services validate, change and flush; they never commit and raise DomainError subclasses with the
user's message.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select

from assessment import specs
from assessment.models import (
    VISIBILITY,
    Cohort,
    Component,
    Decision,
    Enrolment,
    Stage,
    cohort_managers,
)
from assessment.scoring import EXTERNAL_KINDS, KINDS, ScoringInputError
from core.errors import Conflict, DomainError, NotFound
from core.extensions import db
from core.models import User
from simulator.results import POLICIES, scenario_choices


class CohortInputError(DomainError):
    status_code = 422


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise CohortInputError(_("%(what)s must be a date like 2026-03-01.", what=what)) from None


def parse_decimal(text, what: str, *, minimum=None, maximum=None) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise CohortInputError(_("%(what)s must be a number.", what=what)) from None
    if not value.is_finite() or (minimum is not None and value < minimum):
        raise CohortInputError(_("%(what)s is out of range.", what=what))
    if maximum is not None and value > maximum:
        raise CohortInputError(_("%(what)s is out of range.", what=what))
    return value


def generate_password() -> str:
    """An initial password a trainee can type: 10 characters without look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def get_or_404(model, object_id):
    row = db.session.get(model, object_id)
    if row is None:
        raise NotFound(_("This item does not exist."))
    return row


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
    cohort: Cohort | None, name: str, start: str, visibility: str, managers, *, by: User
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
    start_date = parse_date(start, _("Start date"))
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
) -> tuple[Enrolment, str | None]:
    """Enrol a trainee by employee number, creating the account (username = employee number)
    when it does not exist. Returns the enrolment and the generated password of a new account."""
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
        user = User(
            username=number,
            display_name=name.strip()[:120],
            employee_number=number,
            branch=(branch or "").strip()[:120] or None,
        )
        user.set_password(password)
        user.set_roles({"trainee"})
        db.session.add(user)
        db.session.flush()
    elif "trainee" not in user.roles:
        raise CohortInputError(
            _("%(name)s is not a trainee and cannot be enrolled.", name=user.name)
        )
    exists = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id)
    )
    if exists is not None:
        raise Conflict(_("%(name)s is already enrolled in this cohort.", name=user.name))
    enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id, hire_date=hire_date)
    db.session.add(enrolment)
    db.session.flush()
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
    db.session.delete(enrolment)
    db.session.flush()


# --- stages and components --------------------------------------------------------------------


def save_stage(cohort: Cohort, stage: Stage | None, form) -> Stage:
    """Create or edit a stage: name, dates, weight in the cumulative score, elimination rule."""
    name = (form.get("name") or "").strip()
    if not name or len(name) > 120:
        raise CohortInputError(_("Give the stage a name of at most 120 characters."))
    starts = parse_date(form.get("starts_on"), _("Start date"))
    ends = parse_date(form.get("ends_on"), _("End date"))
    if ends < starts:
        raise CohortInputError(_("The stage cannot end before it starts."))
    weight = parse_decimal(form.get("weight") or "1", _("Stage weight"), minimum=0, maximum=1000)
    try:
        rule = specs.parse_rule(form)
    except ScoringInputError as error:
        raise CohortInputError(str(error)) from None
    if stage is None:
        position = 1 + max((s.position for s in cohort.stages), default=0)
        stage = Stage(cohort=cohort, position=position)
        db.session.add(stage)
    elif _stage_decided(stage):
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    stage.name, stage.starts_on, stage.ends_on, stage.weight = name, starts, ends, weight
    stage.rule = rule
    db.session.flush()
    return stage


def delete_stage(stage: Stage) -> None:
    """Remove a stage with its components and entries, unless a decision refers to it."""
    used = db.session.scalar(select(func.count(Decision.id)).where(Decision.stage_id == stage.id))
    if used:
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    cohort = stage.cohort
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


def _check_reference(kind: str, ref_id: int | None) -> None:
    """Quiz, case and simulator components must point at an existing quiz, case or scenario."""
    if kind == "simulator":
        if ref_id is None or ref_id not in {item for item, _title in scenario_choices()}:
            raise CohortInputError(_("Choose an existing simulator scenario."))
        return
    if kind == "quiz":
        from quizzes.results import quiz_choices as choices
    else:
        from case_library.results import case_choices as choices
    if ref_id is None or ref_id not in {item_id for item_id, _title in choices()}:
        raise CohortInputError(_("Choose an existing quiz or case."))


def add_component(stage: Stage, form) -> Component:
    """Add a weighted component (quiz, case, simulator scenario, evaluation rubric or KPI
    rule) to a stage."""
    if _stage_decided(stage):
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    kind = form.get("kind")
    if kind not in KINDS:
        raise CohortInputError(_("Choose the kind of component."))
    name = (form.get("name") or "").strip()
    if not name or len(name) > 120:
        raise CohortInputError(_("Give the component a name of at most 120 characters."))
    weight = parse_decimal(form.get("weight") or "1", _("Weight"), minimum=0, maximum=1000)
    deadline = None
    if (form.get("deadline") or "").strip():
        deadline = _local_deadline(parse_date(form.get("deadline"), _("Deadline")))
    ref_id, config = None, {}
    try:
        if kind in EXTERNAL_KINDS:
            text = (form.get("ref_id") or "").strip()
            ref_id = int(text) if text.isdigit() else None
            _check_reference(kind, ref_id)
            config = {"max_points": "100"}
            if kind == "simulator":
                policy = form.get("policy") or "best"
                if policy not in POLICIES:
                    raise CohortInputError(_("Choose whether the best or the latest run counts."))
                config["policy"] = policy
        elif kind == "evaluation":
            config = specs.parse_rubric(form.get("rubric") or "")
        else:
            config = specs.parse_kpi(
                form.get("kpi_mode") or "",
                form.get("kpi_worst") or "",
                form.get("kpi_best") or "",
                form.get("kpi_bands") or "",
                bool(form.get("kpi_lower")),
                form.get("kpi_unit") or "",
            )
    except ScoringInputError as error:
        raise CohortInputError(str(error)) from None
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


def _local_deadline(day: date) -> datetime:
    from assessment.board import day_end

    return day_end(day)


def delete_component(component: Component) -> None:
    if _stage_decided(component.stage):
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    db.session.delete(component)
    db.session.flush()
