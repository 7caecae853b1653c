"""Cohort factories: one call builds a cohort with trainees, stages and components."""

from datetime import date
from decimal import Decimal

from assessment import score_entries, services
from assessment.services import ComponentInput, StageInput
from assessment.specs import RuleInput
from core.extensions import db
from tests.factories import make_user

RUBRIC = "表达 | 1 | 优:4, 良:3, 中:2, 差:1\n规范 | 1 | 优:4, 良:3, 中:2, 差:1"


def make_cohort(trainees=3, name=None, visibility="initials", manager=None):
    """A cohort with `trainees` enrolled trainees (returned as users, in order)."""
    manager = manager or make_user(roles={"manager"})
    cohort = services.save_cohort(
        None, name or f"批次{manager.id}", date(2026, 3, 2), visibility, [manager], by=manager
    )
    users = []
    for number in range(trainees):
        user = make_user(roles={"trainee"}, branch="城东支行" if number % 2 else "城西支行")
        services.enrol(cohort, name="", employee_number=user.username)
        users.append(user)
    db.session.commit()
    return cohort, users, manager


def stage_input(name="课堂培训", starts="2026-03-02", ends="2026-03-31", weight="1", **rule):
    """A stage as the set-up form would give it; rule parts as typed (bottom_k="2", ...)."""
    breakers = tuple(rule.pop("tie_breakers", ()))
    typed_rule = RuleInput(
        **{part: str(value) for part, value in rule.items()}, tie_breakers=breakers
    )
    return StageInput(
        name, date.fromisoformat(starts), date.fromisoformat(ends), Decimal(weight), typed_rule
    )


def add_stage(cohort, name="课堂培训", starts="2026-03-02", ends="2026-03-31", weight="1", **rule):
    stage = services.save_stage(cohort, None, stage_input(name, starts, ends, weight, **rule))
    db.session.commit()
    return stage


def add_evaluation(stage, name="课堂表现", weight="1", rubric=RUBRIC, deadline=""):
    component = services.add_component(
        stage,
        ComponentInput(
            name=name,
            kind="evaluation",
            weight=Decimal(weight),
            deadline=date.fromisoformat(deadline) if deadline else None,
            rubric=rubric,
        ),
    )
    db.session.commit()
    return component


def add_kpi(stage, name="放款笔数", weight="1", worst="0", best="10", lower=False):
    component = services.add_component(
        stage,
        ComponentInput(
            name=name,
            kind="kpi",
            weight=Decimal(weight),
            kpi_mode="linear",
            kpi_worst=worst,
            kpi_best=best,
            kpi_lower=lower,
        ),
    )
    db.session.commit()
    return component


def set_kpis(component, month, values: dict, by):
    score_entries.save_kpis(component, month, {u.id: str(v) for u, v in values.items()}, by)
    db.session.commit()
