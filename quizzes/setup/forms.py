"""Forms of the quiz pages; forms check shape, services check rules."""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from core.clock import LOCAL_TZ, to_local
from quizzes.grading_methods import GRADING_METHOD_LABELS
from quizzes.models.attempts import GRADING_METHODS

REVIEW_CHOICES = [
    ("after_submit", _l("Right after submitting")),
    ("after_close", _l("After the quiz closes")),
    ("never", _l("Never")),
]


class QuizSettingsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Instructions (Markdown)"), validators=[Optional()])
    module_slug = StringField(
        _l("Course module (slug, for module completion)"), validators=[Optional(), Length(max=80)]
    )
    published = BooleanField(_l("Published (trainees can see it)"), default=True)
    time_limit_minutes = IntegerField(
        _l("Time limit in minutes (empty = none)"),
        validators=[Optional(), NumberRange(min=1, max=600)],
    )
    grace_seconds = IntegerField(
        _l("Grace period in seconds"), default=60, validators=[NumberRange(min=0, max=3600)]
    )
    open_at = DateTimeLocalField(_l("Opens at"), validators=[Optional()])
    close_at = DateTimeLocalField(_l("Closes at"), validators=[Optional()])
    attempts_allowed = IntegerField(
        _l("Attempts allowed (0 = unlimited)"), default=0, validators=[NumberRange(min=0, max=100)]
    )
    grading_method = SelectField(
        _l("Grading method"),
        choices=[(m, GRADING_METHOD_LABELS[m]) for m in GRADING_METHODS],
        default="highest",
    )
    pass_mark = DecimalField(
        _l("Pass mark (%)"), default=60, places=2, validators=[NumberRange(min=0, max=100)]
    )
    shuffle_questions = BooleanField(_l("Shuffle questions"), default=True)
    shuffle_choices = BooleanField(_l("Shuffle choices"), default=True)
    questions_per_page = IntegerField(
        _l("Questions per page (0 = all on one page)"),
        default=0,
        validators=[NumberRange(min=0, max=100)],
    )
    review_score = SelectField(_l("Trainees see their score"), choices=REVIEW_CHOICES)
    review_answers = SelectField(_l("Trainees see the right answers"), choices=REVIEW_CHOICES)
    review_feedback = SelectField(_l("Trainees see the feedback"), choices=REVIEW_CHOICES)

    def settings(self) -> dict:
        """Form data as service settings; local datetimes become UTC."""
        data = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        for key in ("open_at", "close_at"):
            data[key] = _to_utc(data[key])
        data["description"] = data["description"] or ""
        data["grace_seconds"] = data["grace_seconds"] or 0
        data["attempts_allowed"] = data["attempts_allowed"] or 0
        data["questions_per_page"] = data["questions_per_page"] or 0
        return data

    def fill_from(self, quiz) -> None:
        for name, field in self._fields.items():
            if name != "csrf_token" and hasattr(quiz, name):
                field.data = getattr(quiz, name)
        for key in ("open_at", "close_at"):
            value = getattr(quiz, key)
            self._fields[key].data = to_local(value).replace(tzinfo=None) if value else None


def _to_utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=LOCAL_TZ).astimezone(UTC) if value else None


class AddQuestionsForm(FlaskForm):
    question_id = IntegerField(_l("Question number (from the bank)"), validators=[Optional()])
    category_id = SelectField(_l("Or draw at random from category"), coerce=int, choices=[])
    count = IntegerField(
        _l("How many random questions"), default=1, validators=[Optional(), NumberRange(1, 100)]
    )
    mark = DecimalField(_l("Mark per question"), default=1, validators=[NumberRange(0.01, 100)])
