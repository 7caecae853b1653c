"""Course forms: they check shape; courses.authoring checks the rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from core.forms import MultiCheckboxField

SLUG_MESSAGE = _l("Use lowercase letters, digits and single hyphens, e.g. first-check.")
SLUG_VALIDATORS = [
    DataRequired(message=_l("A short name is required.")),
    Length(max=80),
    Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=SLUG_MESSAGE),
]


class ModuleForm(FlaskForm):
    slug = StringField(_l("Short name (in the address)"), validators=SLUG_VALIDATORS)
    title = StringField(
        _l("Title"), validators=[DataRequired(message=_l("A title is required.")), Length(max=200)]
    )
    order = IntegerField(
        _l("Position in the course"),
        default=1,
        validators=[
            DataRequired(message=_l("Enter a whole number.")),
            NumberRange(min=1, max=999, message=_l("Enter a number from 1 to 999.")),
        ],
    )
    estimated_minutes = IntegerField(
        _l("Estimated minutes"),
        default=30,
        validators=[
            DataRequired(message=_l("Enter a whole number.")),
            NumberRange(min=1, max=6000, message=_l("Enter a number from 1 to 6000.")),
        ],
    )
    objectives = TextAreaField(_l("Learning objectives (one per line)"), validators=[Optional()])
    prerequisites = MultiCheckboxField(_l("Prerequisite modules"), choices=[])
    intro = TextAreaField(_l("Introduction (Markdown)"), validators=[Optional()])
    conduct_rules_version = StringField(
        _l("Code of conduct version (only for the conduct module)"),
        validators=[Optional(), Length(max=40)],
    )
    published = BooleanField(_l("Published (visible to learners)"), default=True)


class _LessonFields(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(message=_l("A title is required.")), Length(max=200)]
    )
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional()])
    # The editor's submit buttons all send "action"; the one pressed says what to do.
    action = RadioField(
        choices=[
            ("save", _l("Save draft")),
            ("publish", _l("Save and publish")),
            ("preview", _l("Preview")),
        ],
        default="save",
    )


class LessonForm(_LessonFields):
    slug = StringField(_l("Short name (in the address)"), validators=SLUG_VALIDATORS)


class LessonEditForm(_LessonFields):
    # The revision the editor was opened on: a save after someone else's is refused.
    base_revision = HiddenField()


class AcknowledgeForm(FlaskForm):
    confirm = BooleanField(
        _l("I have read the code of conduct in full and will follow it."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class DoneForm(FlaskForm):
    """The lesson's "mark as done" button; done=0 marks it not done again."""

    done = HiddenField(default="1")

    @property
    def marks_done(self) -> bool:
        return self.done.data != "0"


class MoveForm(FlaskForm):
    """The up and down buttons beside a lesson or module."""

    # courses.ordering refuses any other value with a message, so the form does not check it.
    direction = RadioField(
        choices=[("up", _l("Move up")), ("down", _l("Move down"))], validate_choice=False
    )


class GlossaryTermForm(FlaskForm):
    term = StringField(
        _l("Term"),
        validators=[
            DataRequired(message=_l("Enter the term.")),
            Length(max=100, message=_l("The term may have at most 100 characters.")),
        ],
    )
    english = StringField(
        _l("English name"),
        validators=[
            Optional(),
            Length(max=200, message=_l("The English name may have at most 200 characters.")),
        ],
    )
    definition = TextAreaField(
        _l("Definition"),
        validators=[
            DataRequired(
                message=_l("Enter a definition: learners see it when they point at the term.")
            ),
            Length(max=5000, message=_l("The definition may have at most 5,000 characters.")),
        ],
    )
    aliases = TextAreaField(
        _l("Other spellings that link here (one per line or separated by 、)"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("The aliases may have at most 2,000 characters.")),
        ],
    )
