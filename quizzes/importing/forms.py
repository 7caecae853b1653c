"""Forms of the import page: the upload, and the confirmation that carries the checked file."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from quizzes.importing.services import FORMATS


class ImportForm(FlaskForm):
    file = FileField(_l("GIFT or Aiken file"))
    pasted = TextAreaField(
        _l("Or paste the questions here"), validators=[Optional(), Length(max=2_000_000)]
    )
    format = SelectField(
        _l("Format"), choices=[("gift", "GIFT"), ("aiken", "Aiken")], default="gift"
    )
    category = StringField(
        _l("Default category"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Used for questions the file does not file with $CATEGORY."),
    )

    def validate_file(self, field) -> None:
        if not field.data and not (self.pasted.data or "").strip():
            raise ValidationError(_l("Choose a file to import, or paste the questions."))

    def source(self) -> tuple[bytes | str, str]:
        """The text to read (bytes from a file, or the pasted text) and a name for the report."""
        if self.file.data:
            return self.file.data.read(), self.file.data.filename or ""
        return self.pasted.data or "", ""


class ConfirmImportForm(FlaskForm):
    """Carries the file text from the dry-run report to the confirmation, unchanged."""

    text = HiddenField(validators=[DataRequired()])
    format = HiddenField(validators=[DataRequired()])
    category = HiddenField()

    def validate_format(self, field) -> None:
        if field.data not in FORMATS:
            raise ValidationError(_l("Unknown file format: choose GIFT or Aiken."))


class ExportForm(FlaskForm):
    """What to export (a GET form: the download link is the choice, so it carries no CSRF token)."""

    class Meta:
        csrf = False

    category = StringField()
    format = StringField(default="gift")
    sub = StringField(default="1")
    confirm = StringField()  # "1": leave out what Aiken cannot hold, without asking again

    def category_id(self) -> int | None:
        value = self.category.data or ""
        return int(value) if value.isdigit() and len(value) < 10 else None
