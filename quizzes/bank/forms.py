"""Forms of the question bank: the filter, the question editor, categories, bulk actions, trials."""

from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from core.i18n import translated
from quizzes.bank.services import BankFilter
from quizzes.bank.validation import TEXT_FORMATS, clean_spec, type_fields
from quizzes.question_types import TYPES, question_type

FORMAT_LABELS = {
    "moodle": _l("Moodle auto-format"),
    "markdown": _l("Markdown"),
    "html": _l("HTML"),
    "plain": _l("Plain text"),
}
# Spec keys the editor has a field of its own for; problems with other keys go to the JSON box.
SPEC_FIELDS = ("name", "text", "text_format", "general_feedback", "default_mark", "tags")
MAX_IDS = 500


def pretty_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _positive(value: int | None) -> int | None:
    return value if value is not None and 0 < value < 10**9 else None


class BankFilterForm(FlaskForm):
    """The bank list's filters (a GET form: the URL is the filter, so it carries no CSRF token).

    Garbage in any parameter reads as "no filter" rather than an error.
    """

    class Meta:
        csrf = False

    category = IntegerField()
    sub = StringField(default="1")
    tag = StringField()
    type = StringField()
    q = StringField()
    archived = StringField()
    page = IntegerField()

    def criteria(self) -> BankFilter:
        qtype = self.type.data or ""
        return BankFilter(
            category_id=_positive(self.category.data),
            include_subcategories=self.sub.data != "0",
            tag=(self.tag.data or "").strip()[:60],
            qtype=qtype if qtype in TYPES else "",
            text=(self.q.data or "").strip()[:200],
            archived=self.archived.data == "1",
            page=_positive(self.page.data) or 1,
        )


class QuestionForm(FlaskForm):
    category = StringField(
        _l("Category"),
        validators=[DataRequired(_l("Choose or type a category.")), Length(max=1000)],
        description=_l("Slash-separated path; a new path creates the category."),
    )
    name = StringField(
        _l("Question name"),
        validators=[DataRequired(_l("Give the question a name.")), Length(max=255)],
    )
    text = TextAreaField(
        _l("Question text"), validators=[DataRequired(_l("Enter the question text."))]
    )
    text_format = SelectField(
        _l("Text format"), choices=[(f, FORMAT_LABELS[f]) for f in TEXT_FORMATS]
    )
    default_mark = StringField(_l("Default mark"), default="1")
    general_feedback = TextAreaField(_l("General feedback (explanation)"), validators=[Optional()])
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=600)],
        description=_l("Separate tags with commas."),
    )
    type_data = TextAreaField(
        _l("Answers and settings (JSON)"),
        validators=[DataRequired(_l("Fill in the answers and settings."))],
    )
    change_note = StringField(_l("What changed"), validators=[Optional(), Length(max=500)])
    # bank_services.edit_token of the question when the editor opened it
    base = HiddenField()

    def fill_from_spec(self, spec: dict, category_path: str) -> None:
        """Put a stored spec into the fields (for editing)."""
        self.category.data = category_path
        self.name.data = spec.get("name", "")
        self.text.data = spec.get("text", "")
        self.text_format.data = spec.get("text_format") or "moodle"
        self.default_mark.data = spec.get("default_mark", "1")
        self.general_feedback.data = spec.get("general_feedback", "")
        self.tags.data = ", ".join(spec.get("tags") or [])
        self.type_data.data = pretty_json(type_fields(spec))

    def fill_new(self, qtype: str, category_path: str) -> None:
        self.category.data = category_path
        self.type_data.data = pretty_json(question_type(qtype).template)

    def to_spec(self, qtype: str) -> dict | None:
        """The spec the fields describe, or None after attaching the problems to the fields."""
        try:
            extra = json.loads(self.type_data.data or "")
        except json.JSONDecodeError as error:
            self.type_data.errors = [
                _l(
                    "The answers are not valid JSON (line %(line)d, column %(column)d): "
                    "check quotes, commas and brackets.",
                    line=error.lineno,
                    column=error.colno,
                )
            ]
            return None
        if not isinstance(extra, dict):
            self.type_data.errors = [_l("The answers must be a JSON object: {...}.")]
            return None
        tags = [t.strip() for t in (self.tags.data or "").replace("，", ",").split(",")]
        spec = {
            **{k: v for k, v in extra.items() if k not in ("type", "name", "text")},
            "type": qtype,
            "name": (self.name.data or "").strip(),
            "text": self.text.data or "",
            "text_format": self.text_format.data,
            "general_feedback": self.general_feedback.data or "",
            "default_mark": (self.default_mark.data or "").strip() or "1",
            "tags": [t for t in tags if t],
        }
        cleaned, problems = clean_spec(spec)
        for problem in problems:
            field = getattr(self, problem.key, None) if problem.key in SPEC_FIELDS else None
            field = field or self.type_data
            if field is self.type_data or not field.errors:  # required-field errors come first
                field.errors = [*field.errors, translated(problem.message)]
        return None if problems else cleaned


class CategoryForm(FlaskForm):
    path = StringField(
        _l("New category"),
        validators=[DataRequired(_l("Give the category a name.")), Length(max=1000)],
        description=_l("Use / for subcategories, e.g. 贷后学堂/预警."),
    )


class RenameCategoryForm(FlaskForm):
    # The rules (not empty, not too long, unique) are the service's.
    name = StringField(
        _l("New name"),
        validators=[Length(max=1000)],
        render_kw={"maxlength": 200, "required": True},
    )


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token (delete a category)."""


class ArchiveForm(FlaskForm):
    archived = HiddenField(default="1")

    def archive(self) -> bool:
        """True to archive, False to restore."""
        return self.archived.data != "0"


class IdsField(Field):
    """Every value sent under the field's name that is a row id (others are ignored)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        ids = (int(v) for v in valuelist[:MAX_IDS] if v.isdigit() and len(v) < 10)
        self.data = sorted(set(ids))


class BulkForm(FlaskForm):
    """Move, archive or restore the questions ticked in the bank's list."""

    ids = IdsField(default=list)
    action = StringField()
    target = StringField()  # a category id; anything else means "no category chosen"
    next = HiddenField()

    def target_id(self) -> int | None:
        target = self.target.data or ""
        return int(target) if target.isdigit() and len(target) < 10 else None

    def back_url(self, default: str) -> str:
        """The bank page the form was sent from (never a page elsewhere)."""
        back = self.next.data or ""
        return back if back.startswith("/quizzes/bank") else default


class TryForm(FlaskForm):
    """A trial answer in the take page's fields: q<question id> (repeated) and the order."""

    order = HiddenField(default="")

    @classmethod
    def for_question(cls, question_id: int) -> TryForm:
        answers = {f"q{question_id}": TrialAnswerField(default=list)}
        return type("TryForm", (cls,), answers)()

    def answers(self, question_id: int) -> list[str]:
        return self[f"q{question_id}"].data


class TrialAnswerField(Field):
    """Every value sent under the field's name, as text."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = [v for v in valuelist if isinstance(v, str)]
