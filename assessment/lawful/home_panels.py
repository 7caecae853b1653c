"""The trainee's home panel: hiring conditions to acknowledge and improvement plans."""

from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from assessment.lawful import forms, hiring_conditions, improvement_plans
from assessment.models import Enrolment
from core.extensions import db


def home_lawful() -> dict:
    cohort_ids = list(
        db.session.scalars(select(Enrolment.cohort_id).where(Enrolment.user_id == current_user.id))
    )
    pending = hiring_conditions.pending_for(current_user.id, cohort_ids)
    current = [hiring_conditions.current_version(cohort_id) for cohort_id in cohort_ids]
    pending_ids = {v.id for v in pending}
    return {
        "pending": pending,
        "acknowledged": [v for v in current if v is not None and v.id not in pending_ids],
        "ack_form": forms.AcknowledgeForm(formdata=None),
        "plans": improvement_plans.plans_of_user(current_user.id),
    }


def training_link(item: dict) -> str | None:
    """Where a trainee finds an assigned piece of training (the module itself, or the list of
    quizzes, cases or simulator scenarios)."""
    if item.get("kind") == "module":
        return url_for("courses.module", slug=item["ref"])
    endpoint = {
        "quiz": "quizzes.quiz_list",
        "case": "case_library.library",
        "simulator": "simulator.scenario_list",
    }.get(item.get("kind"))
    return url_for(endpoint) if endpoint else None
