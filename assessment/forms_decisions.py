"""Forms of the decisions on a stage's board: confirming an elimination (with the notes for
trainees within measurement error), overrides, previewed what-if changes, moderation notes,
the evaluators' agreement threshold and monthly snapshots."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import NumberInput


class ConfirmEliminationForm(FlaskForm):
    # The fingerprint of the preview the manager saw (decisions.preview_token).
    token = HiddenField()


NOTE_MAX_CHARS = 2000


def band_notes(formdata) -> dict[str, str]:
    """The confirm form's notes for trainees within measurement error: fields named
    ``note-<trainee id>`` (one per trainee in the band, so not a fixed WTForms field)."""
    notes = {}
    for name, value in formdata.items():
        trainee_id = name.removeprefix("note-")
        if name.startswith("note-") and trainee_id.isdigit():
            notes[trainee_id] = (value or "")[:NOTE_MAX_CHARS]
    return notes


class OverrideForm(FlaskForm):
    user_id = SelectField(
        _l("Trainee"),
        coerce=int,
        choices=[],
        validators=[InputRequired(message=_l("Choose a trainee."))],
    )
    action = RadioField(
        _l("Action"),
        choices=[
            ("keep", _l("Keep (reinstate an eliminated trainee)")),
            ("cut", _l("Cut (against the rule)")),
        ],
        default="keep",
    )
    # The minimum length is a rule of the decision (overrides.DEFAULT_REASON_MIN_CHARS).
    reason = TextAreaField(
        _l("Written reason (required)"),
        validators=[DataRequired(message=_l("Write a reason.")), Length(max=2000)],
        render_kw={"rows": 3},
    )


class ConfirmChangeForm(FlaskForm):
    """Confirms a previewed change (assessment.whatif); the change itself rides along."""

    kind = HiddenField()
    component = HiddenField()
    question = HiddenField()
    weight = HiddenField()
    token = HiddenField()  # the fingerprint of the preview the manager saw
    # The minimum length is a rule of the change (decisions.DEFAULT_REASON_MIN_CHARS).
    reason = TextAreaField(
        _l("Why make this change (required)"),
        validators=[DataRequired(message=_l("Write a reason.")), Length(max=2000)],
        render_kw={"rows": 2},
    )


class ModerationForm(FlaskForm):
    trainee_id = HiddenField()
    # The minimum length is a rule of the note (overrides.DEFAULT_REASON_MIN_CHARS).
    note = TextAreaField(
        _l("Moderation note (required)"),
        validators=[DataRequired(message=_l("Write a note.")), Length(max=2000)],
        render_kw={"rows": 2},
    )


class GapForm(FlaskForm):
    gap = StringField(
        _l("Flag a trainee when the evaluators differ by more than (points)"),
        validators=[DataRequired(message=_l("Enter a number of points.")), Length(max=20)],
        widget=NumberInput(step="any", min=0, max=100),
    )


class SnapshotForm(FlaskForm):
    month = StringField(_l("Month"), validators=[Length(max=7)], render_kw={"type": "month"})
