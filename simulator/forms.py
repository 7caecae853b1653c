"""Simulator forms: they check shape; simulator.services checks the rules (and the clock)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from core.forms import MultiCheckboxField
from simulator import labels

TIME_MESSAGE = _l("Enter a time of day such as 10:30.")
TIME_VALIDATORS = [
    DataRequired(message=TIME_MESSAGE),
    Regexp(r"^\s*([01]?\d|2[0-3])[:：]([0-5]\d)\s*$", message=TIME_MESSAGE),
]
LOAN_MESSAGE = _l("Choose a loan.")


def minutes_of(text: str) -> int:
    """ "10:30" (or full-width "10：30") -> 630; the form has checked the shape."""
    hours, minutes = text.strip().replace("：", ":").split(":")
    return int(hours) * 60 + int(minutes)


class StartForm(FlaskForm):
    seed = IntegerField(
        _l("Practice number (optional; a trainer may give you one)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=999999, message=_l("Enter a number from 1 to 999999.")),
        ],
    )


class AdvanceForm(FlaskForm):
    mode = SelectField(
        choices=[("day", _l("Next day")), ("event", _l("Next event"))],
        validators=[DataRequired()],
    )


class ActionForm(FlaskForm):
    """Fields every action has: which loan, at what time today, and a note."""

    loan = SelectField(_l("Loan"), choices=[], validate_choice=True)
    time = StringField(_l("Time (simulated, today)"), validators=TIME_VALIDATORS)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])

    def payload(self) -> dict:
        """The action's own fields, as stored in the run's log."""
        skip = {"loan", "time", "csrf_token", "submit"}
        data = {}
        for field in self:
            if field.short_name in skip:
                continue
            value = field.data
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            data[field.short_name] = value.strip() if isinstance(value, str) else value
        return data


class ScheduleCheckForm(ActionForm):
    day = DateField(
        _l("Date of the check"),
        validators=[InputRequired(message=_l("Enter a date such as 2026-03-09."))],
    )
    at = StringField(_l("Time of the check"), validators=TIME_VALIDATORS)


class OnsiteCheckForm(ActionForm):
    funds_use = SelectField(_l("Use of funds"), choices=labels.FUNDS_CHOICES)
    business = SelectField(_l("Business"), choices=labels.BUSINESS_CHOICES)
    stock = SelectField(_l("Stock"), choices=labels.STOCK_CHOICES)
    utilities = SelectField(_l("Electricity and payroll"), choices=labels.UTILITY_CHOICES)


class RemindForm(ActionForm):
    channel = SelectField(_l("Channel"), choices=labels.CHANNEL_CHOICES)


class CheckAccountForm(ActionForm):
    pass


class CollectForm(ActionForm):
    method = SelectField(_l("How"), choices=labels.METHOD_CHOICES)


class EarlyWarningForm(ActionForm):
    signals = MultiCheckboxField(
        _l("Signals"),
        choices=labels.SIGNAL_CHOICES,
        validators=[DataRequired(message=_l("Tick at least one signal."))],
    )


class ClassifyForm(ActionForm):
    tier = SelectField(_l("Proposed tier"), choices=labels.TIER_CHOICES)


class ExtensionForm(ActionForm):
    months = IntegerField(
        _l("Extend by (months)"),
        validators=[
            InputRequired(message=_l("Enter a whole number of months.")),
            NumberRange(min=1, max=12, message=_l("Enter a number from 1 to 12.")),
        ],
    )


class HandoverForm(ActionForm):
    pass


class GiftForm(ActionForm):
    choice = SelectField(_l("Your reply"), choices=labels.GIFT_CHOICES)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "schedule_check": ScheduleCheckForm,
    "onsite_check": OnsiteCheckForm,
    "remind": RemindForm,
    "check_account": CheckAccountForm,
    "collect": CollectForm,
    "early_warning": EarlyWarningForm,
    "classify": ClassifyForm,
    "extension": ExtensionForm,
    "handover": HandoverForm,
    "gift": GiftForm,
}


class ScenarioSourceForm(FlaskForm):
    source = TextAreaField(
        _l("Scenario (YAML)"),
        validators=[DataRequired(message=_l("The scenario text is empty.")), Length(max=200000)],
    )
    seed = IntegerField(
        _l("Preview with practice number"),
        default=1,
        validators=[
            Optional(),
            NumberRange(min=1, max=999999, message=_l("Enter a number from 1 to 999999.")),
        ],
    )
    base_version = HiddenField()
