"""Forms of the lawful-elimination pages: they check shape; the services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from assessment.forms import DayField
from assessment.lawful import confirming
from assessment.lawful.outcomes import OUTCOMES
from core.forms import MultiCheckboxField

INTEGER_MESSAGE = _l("Enter a whole number.")


def outcome_choices(keys=None) -> list[tuple[str, str]]:
    return [(o.key, _l(o.label)) for o in OUTCOMES.values() if keys is None or o.key in keys]


class OutcomesForm(FlaskForm):
    outcomes = MultiCheckboxField(_l("Outcomes our HR policy allows"), choices=[])


def outcomes_form(enabled, *, submitted: bool) -> OutcomesForm:
    form = OutcomesForm() if submitted else OutcomesForm(formdata=None, outcomes=list(enabled))
    form.outcomes.choices = outcome_choices()
    return form


class HiringConditionsForm(FlaskForm):
    conditions = TextAreaField(
        _l("Hiring conditions, one a line: condition | stage or component | minimum score"),
        validators=[
            DataRequired(message=_l("Write at least one hiring condition.")),
            Length(max=8000),
        ],
        render_kw={"rows": 5},
    )


class ContractTermsForm(FlaskForm):
    hire_date = DayField(_l("Hire date"), validators=[Optional()])
    contract_months = IntegerField(
        _l("Contract term (months)"),
        validators=[Optional(), NumberRange(min=1, max=240, message=_l("1 to 240 months."))],
    )
    open_ended = BooleanField(_l("Open-ended contract"))
    probation_months = IntegerField(
        _l("Agreed probation (months; empty: the legal maximum)"),
        validators=[Optional(), NumberRange(min=0, max=6, message=_l("0 to 6 months."))],
    )


class AcknowledgeForm(FlaskForm):
    confirmed = BooleanField(
        _l("I have read these hiring conditions and know they decide my hiring")
    )


class BasisForm(FlaskForm):
    """One person's outcome and basis in the confirmation of an elimination (the page's
    confirmation form carries the CSRF token)."""

    class Meta:
        csrf = False

    outcome = SelectField(_l("Outcome"), validate_choice=False)
    condition = SelectField(_l("Hiring condition not met"), validate_choice=False)
    plan = SelectField(_l("Improvement plan"), validate_choice=False)
    note = TextAreaField(
        _l("Note for the record"), validators=[Length(max=2000)], render_kw={"rows": 2}
    )


def basis_form(person, *, submitted: bool) -> BasisForm:
    prefix = f"p{person.user_id}"
    form = BasisForm(prefix=prefix) if submitted else BasisForm(formdata=None, prefix=prefix)
    form.outcome.choices = outcome_choices(person.outcomes)
    form.condition.choices = [("", "—"), *[(str(i), text) for i, text in person.conditions]]
    form.plan.choices = [("", "—"), *[(str(i), label) for i, label in person.plans]]
    return form


def _id(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def choice_of(form: BasisForm):
    """The person's choice as the confirmation service takes it."""
    return confirming.Choice(
        outcome=form.outcome.data or "",
        condition_id=_id(form.condition.data),
        plan_id=_id(form.plan.data),
        note=form.note.data or "",
    )


STEP_CHOICES = [
    ("training", _l("Training on the platform")),
    ("reassignment", _l("Reassignment to another post")),
]


class PlanForm(FlaskForm):
    trainee_id = SelectField(_l("Trainee"), coerce=int, choices=[])
    shortfall = TextAreaField(
        _l("What falls short (the finding)"),
        validators=[DataRequired(message=_l("Write what falls short.")), Length(max=4000)],
        render_kw={"rows": 3},
    )
    step = RadioField(_l("Improvement step"), choices=STEP_CHOICES, default="training")
    training = SelectMultipleField(_l("Training assigned"), choices=[], validate_choice=False)
    reassignment = TextAreaField(
        _l("Reassignment (post, from when)"), validators=[Length(max=2000)], render_kw={"rows": 2}
    )
    deadline = DayField(
        _l("Deadline"), validators=[InputRequired(message=_l("Enter a date like 2026-03-01."))]
    )
    reassessment = TextAreaField(
        _l("Re-assessment that will decide"),
        validators=[
            DataRequired(message=_l("Write how the re-assessment will decide.")),
            Length(max=2000),
        ],
        render_kw={"rows": 2},
    )


def plan_form(trainees, training, *, submitted: bool) -> PlanForm:
    form = PlanForm() if submitted else PlanForm(formdata=None)
    form.trainee_id.choices = trainees
    form.training.choices = training
    return form


class PlanResultForm(FlaskForm):
    result = RadioField(
        _l("Re-assessment result"),
        choices=[("met", _l("Met: the shortfall is remedied")), ("not_met", _l("Not met"))],
        validators=[InputRequired(message=_l("Choose met or not met."))],
    )
    note = TextAreaField(
        _l("What the re-assessment found"),
        validators=[
            DataRequired(message=_l("Write what the re-assessment found.")),
            Length(max=4000),
        ],
        render_kw={"rows": 2},
    )
