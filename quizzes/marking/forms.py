"""Forms of the marking pages; forms check shape, services check rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional


class EssayGradeForm(FlaskForm):
    mark = StringField(_l("Mark"), validators=[Optional(), Length(max=20)])
    comment = TextAreaField(
        _l("Comment for the trainee"), validators=[Optional(), Length(max=5000)]
    )
