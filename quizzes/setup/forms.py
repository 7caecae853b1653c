"""Forms of the quiz set-up pages; forms check shape, services check rules."""

from dataclasses import fields
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
from quizzes.setup.services import QuizSettings

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
        choices=[(m, _l(GRADING_METHOD_LABELS[m])) for m in GRADING_METHODS],
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

    def settings(self) -> QuizSettings:
        """The fields as the service's settings; local datetimes become UTC."""
        return QuizSettings(
            title=self.title.data or "",
            description=self.description.data or "",
            module_slug=self.module_slug.data,
            published=self.published.data,
            time_limit_minutes=self.time_limit_minutes.data,
            grace_seconds=self.grace_seconds.data or 0,
            open_at=_to_utc(self.open_at.data),
            close_at=_to_utc(self.close_at.data),
            attempts_allowed=self.attempts_allowed.data or 0,
            grading_method=self.grading_method.data,
            pass_mark=self.pass_mark.data,
            shuffle_questions=self.shuffle_questions.data,
            shuffle_choices=self.shuffle_choices.data,
            questions_per_page=self.questions_per_page.data or 0,
            review_score=self.review_score.data,
            review_answers=self.review_answers.data,
            review_feedback=self.review_feedback.data,
        )

    def fill_from(self, quiz) -> None:
        for setting in fields(QuizSettings):
            self[setting.name].data = getattr(quiz, setting.name)
        for key in ("open_at", "close_at"):
            value = getattr(quiz, key)
            self[key].data = to_local(value).replace(tzinfo=None) if value else None


def _to_utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=LOCAL_TZ).astimezone(UTC) if value else None


class AddQuestionsForm(FlaskForm):
    question_id = IntegerField(
        _l("Question number (from the bank)"), validators=[Optional(), NumberRange(1, 2**31 - 1)]
    )
    category_id = SelectField(_l("Or draw at random from category"), coerce=int, choices=[])
    count = IntegerField(
        _l("How many random questions"), default=1, validators=[Optional(), NumberRange(1, 100)]
    )
    mark = DecimalField(_l("Mark per question"), default=1, validators=[NumberRange(0.01, 100)])


class RemoveSlotForm(FlaskForm):
    """The remove button of a slot: only its CSRF token."""
