"""Forms of the lawful-elimination pages: they check shape; the services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from assessment.forms import DayField
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
