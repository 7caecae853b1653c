"""Forms for accounts; forms check shape, services check rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.models import MIN_PASSWORD_LENGTH
from core.permissions import ROLE_LABELS, ROLES


def password_length():
    return Length(
        min=MIN_PASSWORD_LENGTH,
        message=_l("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def role_choices():
    return [(role, ROLE_LABELS[role]) for role in ROLES]


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), password_length()])
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[("zh_CN", "简体中文"), ("en", "English")])


class UserCreateForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(min=3, max=64)])
    display_name = StringField(_l("Full name"), validators=[Optional(), Length(max=120)])
    employee_number = StringField(_l("Employee number"), validators=[Optional(), Length(max=32)])
    branch = StringField(_l("Branch"), validators=[Optional(), Length(max=120)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), password_length()])
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices, validators=[DataRequired()])


class UserEditForm(FlaskForm):
    display_name = StringField(_l("Full name"), validators=[Optional(), Length(max=120)])
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices, validators=[DataRequired()])
    active = BooleanField(_l("Active"))


class AuditFilterForm(FlaskForm):
    """The audit page's filters, read from the query string (a GET form needs no CSRF token)."""

    class Meta:
        csrf = False

    actor = StringField(_l("Who"), validators=[Optional(), Length(max=120)])
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    target_type = StringField(_l("Record type"), validators=[Optional(), Length(max=40)])
    target_id = StringField(_l("Record id"), validators=[Optional(), Length(max=64)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
