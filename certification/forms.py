"""Certification forms: they check shape; certification.services checks the rules."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from certification.models import CERTIFY, REFRESHER
from certification.requirements import Catalogue
from certification.services import PathInput
from core.forms import MultiCheckboxField

PERCENT = [Optional(), NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100."))]


class PathForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Short name (letters, digits and dashes)"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(
                r"^[a-z0-9][a-z0-9-]*$", message=_l("Use lower-case letters, digits and dashes.")
            ),
        ],
    )
    description = TextAreaField(_l("What the certificate attests"), validators=[Length(max=2000)])
    purpose = SelectField(
        _l("Kind"),
        choices=[
            (CERTIFY, _l("Issues certificates")),
            (REFRESHER, _l("Refresher (renews another path)")),
        ],
    )
    modules = MultiCheckboxField(_l("Course modules to complete"), choices=[])
    quizzes = MultiCheckboxField(_l("Quizzes to pass"), coerce=int, choices=[])
    quiz_min = DecimalField(
        _l("Minimum quiz grade in % (empty: each quiz's pass mark)"), places=2, validators=PERCENT
    )
    cases = MultiCheckboxField(_l("Case studies to pass"), coerce=int, choices=[])
    case_min = DecimalField(_l("Minimum case score in % (empty: 60)"), places=2, validators=PERCENT)
    conduct = BooleanField(_l("The current code of conduct acknowledged"))
    cohorts = MultiCheckboxField(_l("Cohorts: every stage passed"), coerce=int, choices=[])
    valid_months = IntegerField(
        _l("Valid for (months; empty: no expiry)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=240, message=_l("Enter 1 to 240 months, or leave it empty.")),
        ],
    )
    notice_days = IntegerField(
        _l("Renewal notice (days before expiry)"),
        default=60,
        validators=[NumberRange(min=0, max=365, message=_l("Enter 0 to 365 days."))],
    )
    refresher = SelectField(_l("Refresher path that renews it"), coerce=int, choices=[])
    active = BooleanField(_l("Open (trainees see it and earn it)"), default=True)

    def fill_choices(self, catalogue: Catalogue, refreshers: list[tuple[int, str]]) -> None:
        self.modules.choices = list(catalogue.modules.items())
        self.quizzes.choices = list(catalogue.quizzes.items())
        self.cases.choices = [
            (case_id, title) for case_id, (_slug, title) in catalogue.cases.items()
        ]
        self.cohorts.choices = list(catalogue.cohorts.items())
        self.refresher.choices = [(0, _l("None")), *refreshers]

    def load(self, version, purpose: str, active: bool, slug: str) -> None:
        """Fill an unsent form from a saved version."""
        self.title.data, self.slug.data, self.description.data = (
            version.title,
            slug,
            version.description,
        )
        self.purpose.data, self.active.data = purpose, active
        self.valid_months.data, self.notice_days.data = version.valid_months, version.notice_days
        self.refresher.data = version.refresher_path_id or 0
        by_kind: dict[str, list[dict]] = {}
        for req in version.requirements:
            by_kind.setdefault(req["kind"], []).append(req)
        self.modules.data = [r["ref"] for r in by_kind.get("module", [])]
        self.quizzes.data = [r["ref"] for r in by_kind.get("quiz", [])]
        self.cases.data = [r["ref"] for r in by_kind.get("case", [])]
        self.cohorts.data = [r["ref"] for r in by_kind.get("cohort", [])]
        self.conduct.data = "conduct" in by_kind
        self.quiz_min.data = _first_min(by_kind.get("quiz", []))
        self.case_min.data = _first_min(by_kind.get("case", []))

    def to_input(self) -> PathInput:
        def minimum(field) -> str | None:
            return None if field.data is None else str(field.data)

        requirements = [{"kind": "module", "ref": slug} for slug in self.modules.data or []]
        requirements += [
            {"kind": "quiz", "ref": ref, "min": minimum(self.quiz_min)}
            for ref in self.quizzes.data or []
        ]
        requirements += [
            {"kind": "case", "ref": ref, "min": minimum(self.case_min)}
            for ref in self.cases.data or []
        ]
        if self.conduct.data:
            requirements.append({"kind": "conduct"})
        requirements += [{"kind": "cohort", "ref": ref} for ref in self.cohorts.data or []]
        return PathInput(
            slug=self.slug.data or "",
            title=self.title.data or "",
            description=self.description.data or "",
            requirements=requirements,
            valid_months=self.valid_months.data,
            notice_days=self.notice_days.data if self.notice_days.data is not None else 60,
            refresher_path_id=self.refresher.data or None,
            purpose=self.purpose.data,
        )


def _first_min(requirements: list[dict]) -> Decimal | None:
    values = [r.get("min") for r in requirements if r.get("min") not in (None, "")]
    return Decimal(values[0]) if values else None


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (recorded in the audit log; not shown publicly)"),
        validators=[
            DataRequired(message=_l("Write the reason for the revocation.")),
            Length(max=2000),
        ],
    )
