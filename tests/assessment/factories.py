"""Cohort factories: one call builds a cohort with trainees, stages and components."""

from werkzeug.datastructures import MultiDict

from assessment import score_entries, services
from core.extensions import db
from tests.factories import make_user

RUBRIC = "表达 | 1 | 优:4, 良:3, 中:2, 差:1\n规范 | 1 | 优:4, 良:3, 中:2, 差:1"


def form(**fields) -> MultiDict:
    data = MultiDict()
    for key, value in fields.items():
        if isinstance(value, list | tuple):
            data.setlist(key, list(value))
        else:
            data[key] = value
    return data


def make_cohort(trainees=3, name=None, visibility="initials", manager=None):
    """A cohort with `trainees` enrolled trainees (returned as users, in order)."""
    manager = manager or make_user(roles={"manager"})
    cohort = services.save_cohort(
        None, name or f"批次{manager.id}", "2026-03-02", visibility, [manager], by=manager
    )
    users = []
    for number in range(trainees):
        user = make_user(roles={"trainee"}, branch="城东支行" if number % 2 else "城西支行")
        services.enrol(cohort, name="", employee_number=user.username)
        users.append(user)
    db.session.commit()
    return cohort, users, manager


def add_stage(cohort, name="课堂培训", starts="2026-03-02", ends="2026-03-31", weight="1", **rule):
    stage = services.save_stage(
        cohort,
        None,
        form(name=name, starts_on=starts, ends_on=ends, weight=weight, **rule),
    )
    db.session.commit()
    return stage


def add_evaluation(stage, name="课堂表现", weight="1", rubric=RUBRIC, deadline=""):
    component = services.add_component(
        stage, form(name=name, kind="evaluation", weight=weight, rubric=rubric, deadline=deadline)
    )
    db.session.commit()
    return component


def add_kpi(stage, name="放款笔数", weight="1", worst="0", best="10", lower=False, **extra):
    fields = dict(name=name, kind="kpi", weight=weight, kpi_mode="linear", kpi_worst=worst)
    fields.update(kpi_best=best, **extra)
    if lower:
        fields["kpi_lower"] = "1"
    component = services.add_component(stage, form(**fields))
    db.session.commit()
    return component


def set_kpis(component, month, values: dict, by):
    score_entries.save_kpis(component, month, {u.id: str(v) for u, v in values.items()}, by)
    db.session.commit()
