"""Forms of the question bank: the question editor, import, categories."""

from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from quizzes.bank.validation import TEXT_FORMATS, TYPE_TEMPLATES, clean_spec, type_fields

TYPE_LABELS = {
    "single": _l("Single choice"),
    "multi": _l("Multiple choice"),
    "truefalse": _l("True/false"),
    "shortanswer": _l("Short answer"),
    "numerical": _l("Numerical"),
    "matching": _l("Matching"),
    "ordering": _l("Ordering"),
    "essay": _l("Essay"),
    "description": _l("Description"),
}
FORMAT_LABELS = {
    "moodle": _l("Moodle auto-format"),
    "markdown": _l("Markdown"),
    "html": _l("HTML"),
    "plain": _l("Plain text"),
}


def pretty_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


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
        self.type_data.data = pretty_json(TYPE_TEMPLATES[qtype])

    def to_spec(self, qtype: str) -> dict | None:
        """The spec the fields describe, or None after attaching Chinese errors to the fields."""
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
        cleaned, errors = clean_spec(spec)
        for message in errors:
            field = next((f for prefix, f in self._routes() if message.startswith(prefix)), None)
            field = field or self.type_data
            if field is self.type_data or not field.errors:  # required-field errors come first
                field.errors = [*field.errors, message]
        return None if errors else cleaned

    def _routes(self):
        """Which field shows a message of clean_spec, by the message's first words."""
        return [
            ("题目名称", self.name),
            ("题干", self.text),
            ("默认分值", self.default_mark),
            ("文本格式", self.text_format),
            ("解析", self.general_feedback),
            ("标签", self.tags),
        ]


class CategoryForm(FlaskForm):
    path = StringField(
        _l("New category"),
        validators=[DataRequired(_l("Give the category a name.")), Length(max=1000)],
        description=_l("Use / for subcategories, e.g. 贷后学堂/预警."),
    )


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token (archive, restore)."""
