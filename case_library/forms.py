"""Case library forms: they check shape and turn input into typed values; services check rules.

The answer sheet and the rubric grade, whose inputs depend on the case, are in forms_answers.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
)

from case_library.attempts import MAX_POST
from case_library.content_format import EXHIBIT_KINDS, ContentError, parse_exhibit, parse_tasks
from case_library.labels import DIFFICULTIES, RISK_TYPES
from case_library.models import WATCHLIST_KINDS
from case_library.services import SLUG_PATTERN, CaseInput
from core.forms import MultiCheckboxField

MAX_EXHIBITS = 20  # exhibit blocks on the editing form, the empty one for a new exhibit included


def strip_text(value):
    """A filter: surrounding blanks are not part of what was typed."""
    return value.strip() if isinstance(value, str) else value


class ContentCheck:
    """Run a content_format parser over the field; list every problem it finds under the field."""

    def __init__(self, parse):
        self.parse = parse

    def __call__(self, form, field):
        try:
            self.parse(field.data or "")
        except ContentError as error:
            field.errors.extend(error.errors)
            raise StopValidation() from error


class ExhibitForm(Form):
    """One exhibit block of the case editor; an empty or removed block is left out."""

    title = StringField(_l("Title"), filters=[strip_text])
    kind = SelectField(
        _l("Kind"),
        choices=[
            ("table", _l("Table (CSV)")),
            ("document", _l("Document (YAML)")),
            ("notes", _l("Notes (YAML)")),
        ],
        default="table",
        validate_choice=False,
        validators=[AnyOf(EXHIBIT_KINDS, message=_l("Choose a table, a document or notes."))],
    )
    caption = StringField(_l("Caption"), filters=[strip_text])
    source = TextAreaField(_l("Content"), render_kw={"class": "code", "rows": 8})
    remove = BooleanField(_l("Remove this exhibit"))

    @property
    def is_used(self) -> bool:
        filled = any((f.data or "").strip() for f in (self.title, self.caption, self.source))
        return filled and not self.remove.data

    def validate(self, extra_validators=None) -> bool:
        if not self.is_used:
            return True
        valid = super().validate(extra_validators)
        if not self.title.data:
            self.title.errors.append(_l("An exhibit needs a title."))
            valid = False
        if not self.kind.errors:
            try:
                parse_exhibit(self.kind.data, self.source.data or "")
            except ContentError as error:
                self.source.errors.extend(error.errors)
                valid = False
        return valid

    def exhibit(self) -> dict:
        return {
            "title": self.title.data or "",
            "kind": self.kind.data,
            "caption": self.caption.data or "",
            "source": (self.source.data or "").strip(),
        }


class CaseForm(FlaskForm):
    """Write or edit a case: every field, each exhibit and the tasks YAML checked at once."""

    title = StringField(
        _l("Title"),
        filters=[strip_text],
        validators=[
            DataRequired(message=_l("The title is required.")),
            Length(max=200, message=_l("The title may have at most 200 characters.")),
        ],
        render_kw={"maxlength": 200},
    )
    slug = StringField(
        _l("Short name (used in the address)"),
        filters=[strip_text],
        render_kw={"pattern": "[a-z0-9-]+"},
        validators=[
            DataRequired(
                message=_l(
                    "The short name may contain only lower-case letters, digits and hyphens."
                )
            ),
            Length(max=80),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "The short name may contain only lower-case letters, digits and hyphens."
                ),
            ),
        ],
    )
    summary = StringField(_l("Summary (one sentence)"), filters=[strip_text])
    # Choices are the course modules (set by the view); a tag the courses no longer list is
    # dropped on save rather than refused, as before.
    modules = MultiCheckboxField(_l("Course modules"), choices=[], validate_choice=False)
    risk_type = SelectField(_l("Risk type"), choices=list(RISK_TYPES.items()))
    difficulty = SelectField(_l("Difficulty"), coerce=int, choices=list(DIFFICULTIES.items()))
    retakes = IntegerField(
        _l("Retakes allowed"),
        default=0,
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=10,
                message=_l("Retakes allowed must be a whole number from 0 to 10."),
            ),
        ],
        render_kw={"min": 0, "max": 10, "inputmode": "numeric", "aria-describedby": "retakes-hint"},
    )
    narrative = TextAreaField(
        _l("Narrative (Markdown)"),
        validators=[DataRequired(message=_l("The narrative is required."))],
        render_kw={"rows": 14},
    )
    exhibits = FieldList(FormField(ExhibitForm), max_entries=MAX_EXHIBITS)
    tasks_yaml = TextAreaField(
        _l("Tasks (YAML)"),
        validators=[ContentCheck(parse_tasks)],
        render_kw={"class": "code", "rows": 20},
    )
    model_answer = TextAreaField(
        _l("Model answer (Markdown, shown after grading)"), render_kw={"rows": 12}
    )

    def __init__(self, *args, module_choices: Mapping[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.modules.choices = list((module_choices or {}).items())

    @classmethod
    def for_new_case(cls, module_choices: Mapping[str, str]) -> CaseForm:
        form = cls(module_choices=module_choices)
        form.offer_new_exhibit()
        return form

    @classmethod
    def for_case(cls, data: CaseInput, module_choices: Mapping[str, str]) -> CaseForm:
        """The editor filled with a version (on GET) or with what was sent (on POST)."""
        form = cls(
            module_choices=module_choices,
            data={
                "title": data.title,
                "slug": data.slug,
                "summary": data.summary,
                "modules": data.modules,
                "risk_type": data.risk_type,
                "difficulty": data.difficulty,
                "retakes": data.retakes,
                "narrative": data.narrative,
                "exhibits": data.exhibits[:MAX_EXHIBITS],
                "tasks_yaml": data.tasks_yaml,
                "model_answer": data.model_answer,
            },
        )
        form.offer_new_exhibit()
        return form

    def offer_new_exhibit(self) -> None:
        """End the exhibits with an empty block for a new one (left out while empty)."""
        entries = self.exhibits.entries
        if len(entries) < MAX_EXHIBITS and (not entries or entries[-1].form.is_used):
            self.exhibits.append_entry()

    def case_input(self) -> CaseInput:
        """The validated form as typed values for services.create_case / update_case."""
        return CaseInput(
            slug=self.slug.data,
            title=self.title.data,
            summary=self.summary.data or "",
            modules=list(self.modules.data or []),
            risk_type=self.risk_type.data,
            difficulty=self.difficulty.data,
            retakes=self.retakes.data or 0,
            narrative=self.narrative.data,
            exhibits=[entry.form.exhibit() for entry in self.exhibits if entry.form.is_used],
            tasks_yaml=self.tasks_yaml.data or "",
            model_answer=self.model_answer.data or "",
        )


class PostForm(FlaskForm):
    body = TextAreaField(
        _l("Your post"),
        id="post-body",
        filters=[strip_text],
        validators=[
            DataRequired(message=_l("Write something before posting.")),
            Length(max=MAX_POST, message=_l("A post may have at most 5000 characters.")),
        ],
        render_kw={"rows": 4},
    )


class PostVisibilityForm(FlaskForm):
    """Hide a post from trainees ("1") or show it again ("0")."""

    hidden = HiddenField(default="1")

    @property
    def hide(self) -> bool:
        return (self.hidden.data or "1") == "1"


class ApproveForm(FlaskForm):
    comment = TextAreaField(
        _l("Review comment (optional)"),
        id="approve-comment",
        filters=[strip_text],
        validators=[Length(max=MAX_POST)],
        render_kw={"rows": 2},
    )


class ReturnForm(FlaskForm):
    comment = TextAreaField(
        _l("What needs to change"),
        id="return-comment",
        filters=[strip_text],
        validators=[
            DataRequired(message=_l("Say what needs to change when returning a case.")),
            Length(max=MAX_POST),
        ],
        render_kw={"rows": 2},
    )


WATCHLIST_KIND_LABELS = {
    "name": _l("Person names"),
    "branch": _l("Bank branches"),
    "company": _l("Companies"),
}


class WatchlistForm(FlaskForm):
    kind = SelectField(
        _l("Type"),
        choices=[(kind, WATCHLIST_KIND_LABELS[kind]) for kind in WATCHLIST_KINDS],
        default="name",
        validate_choice=False,
        validators=[
            AnyOf(
                WATCHLIST_KINDS,
                message=_l("Choose whether the entries are names, branches or companies."),
            )
        ],
    )
    terms = TextAreaField(
        _l("Entries, one per line"),
        validators=[DataRequired(message=_l("Enter at least one name, one per line."))],
        render_kw={"rows": 4},
    )

    def term_list(self) -> list[str]:
        return [line.strip() for line in (self.terms.data or "").splitlines() if line.strip()]
