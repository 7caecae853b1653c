"""Forms of the practice pages; forms check shape, services check rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from practice.sets import CATEGORY, DUE, MODULE, WEAK


class StartSetForm(FlaskForm):
    """Start a practice set: what is due, a module, a category or the weakest categories."""

    kind = HiddenField(validators=[AnyOf((DUE, MODULE, CATEGORY, WEAK))])
    module_slug = SelectField(_l("Module"), choices=[], validate_choice=False)
    category_id = IntegerField(validators=[Optional()])


class ReviewQuizForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    count = IntegerField(
        _l("Number of questions"), validators=[DataRequired(), NumberRange(min=1, max=50)]
    )
    publish = BooleanField(_l("Publish now (trainees see it at once)"))
