"""Assessment forms: they check shape (a date is a date, a weight is a number, a choice is one
of the choices) and build the typed values the services take; the services check the rules.

The numbers of an elimination rule, a rubric and a KPI rule stay text here: their syntax (and
its messages, e.g. "the cut-off score “abc” is not a number") belongs to ``assessment.specs``.
"""

from __future__ import annotations

from decimal import Decimal

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import NumberInput

from assessment.models import Component
from assessment.ranking import BREAKER_LABELS
from assessment.score_entries import EntryGrid
from assessment.scoring import KIND_LABELS
from assessment.services import ComponentInput, StageInput
from assessment.specs import TIE_BREAKERS, RuleInput
from core.forms import MultiCheckboxField

DATE_MESSAGE = _l("Enter a date like 2026-03-01.")
NUMBER_MESSAGE = _l("Enter a number, e.g. 1 or 0.5.")
ANY_NUMBER = NumberInput(step="any")


class DayField(DateField):
    """A day as <input type="date"> sends it (2026-03-01), with one clear message when not."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(DATE_MESSAGE)) from None


class WeightField(DecimalField):
    """A weight as typed (no rounding for display); its range is a rule of the services."""

    widget = NumberInput(step="any", min=0)

    def __init__(self, label, **kwargs):
        super().__init__(label, places=None, validators=[Optional()], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(NUMBER_MESSAGE)) from None


def name_field(label, message, **render_kw) -> StringField:
    """A required name of at most 120 characters (cohorts, stages, components)."""
    return StringField(
        label,
        validators=[DataRequired(message=message), Length(max=120, message=message)],
        render_kw={"maxlength": 120, **render_kw},
    )


def plain(value: Decimal) -> Decimal:
    """A stored Numeric as a person wrote it: 1.0000 → 1, 0.2500 → 0.25 (never 1E+2)."""
    return Decimal(format(value.normalize(), "f"))


def with_ids(form: FlaskForm, prefix: str) -> FlaskForm:
    """Give the fields ids "prefix-name": a page with several forms of one kind (the set-up page
    has a form per stage) needs distinct ids, while the posted names stay the plain ones."""
    for field in form:
        field.id = f"{prefix}-{field.name}"
        field.label.field_id = field.id
    return form


# --- cohorts and trainees ---------------------------------------------------------------------

VISIBILITY_CHOICES = [
    ("full", _l("Full names")),
    ("initials", _l("Initials only")),
    ("none", _l("Nothing, only their own rank")),
]


class CohortForm(FlaskForm):
    name = name_field(
        _l("Cohort name"),
        _l("Give the cohort a name of at most 120 characters."),
        placeholder="2026年秋季新员工培训班",
    )
    start_date = DayField(_l("Start date"), validators=[InputRequired(message=DATE_MESSAGE)])
    visibility = RadioField(
        _l("What trainees see of each other"), choices=VISIBILITY_CHOICES, default="initials"
    )
    # The signed-in manager always manages the cohort they save; these are the others.
    managers = MultiCheckboxField(_l("Other managers"), coerce=int, choices=[])


def cohort_form(others, cohort=None, *, submitted: bool) -> CohortForm:
    """The create (cohort None) or settings form; ``others``: the managers one may tick.
    A submitted form reads the request; otherwise it shows the cohort as stored."""
    kwargs = {} if submitted else {"formdata": None}
    if cohort is not None:
        kwargs["obj"] = cohort
        kwargs["managers"] = [m.id for m in cohort.managers]
    form = CohortForm(**kwargs)
    form.managers.choices = [(m.id, m.name) for m in others]
    return form


class EnrolForm(FlaskForm):
    employee_number = StringField(
        _l("Employee number"),
        validators=[
            DataRequired(message=_l("Enter the trainee's employee number.")),
            Length(max=32),
        ],
    )
    name = StringField(_l("Full name"), validators=[Optional(), Length(max=120)])
    branch = StringField(_l("Branch"), validators=[Optional(), Length(max=120)])
    hire_date = DayField(_l("Hire date"), validators=[Optional()])


class RosterForm(FlaskForm):
    file = FileField(
        _l("Roster file"),
        validators=[FileRequired(message=_l("Choose a roster file first."))],
        render_kw={"accept": ".csv,.xlsx"},
    )
    mode = RadioField(
        _l("If a row is bad"),
        choices=[
            ("strict", _l("Import nothing if any row is bad")),
            ("skip_bad", _l("Import the good rows and list the skipped ones")),
        ],
        default="strict",
    )


# --- stages and components --------------------------------------------------------------------


def _text(form_field) -> str:
    return (form_field.data or "").strip()


class StageForm(FlaskForm):
    name = name_field(_l("Stage name"), _l("Give the stage a name of at most 120 characters."))
    starts_on = DayField(_l("Start date"), validators=[InputRequired(message=DATE_MESSAGE)])
    ends_on = DayField(_l("End date"), validators=[InputRequired(message=DATE_MESSAGE)])
    weight = WeightField(_l("Weight in the cumulative score"), default=Decimal(1))
    below_score = StringField(_l("Cut below score"), validators=[Length(max=40)], widget=ANY_NUMBER)
    bottom_k = StringField(
        _l("Cut the bottom k"), validators=[Length(max=40)], widget=NumberInput(step=1, min=0)
    )
    bottom_percent = StringField(
        _l("Cut the bottom percentage"),
        validators=[Length(max=40)],
        widget=NumberInput(step="any", min=0, max=100),
    )
    min_remaining = StringField(
        _l("Keep at least"), validators=[Length(max=40)], widget=NumberInput(step=1, min=0)
    )
    combine = RadioField(
        _l("Conditions"),
        choices=[
            ("any", _l("Cut if any condition holds")),
            ("all", _l("Cut only if all conditions hold")),
        ],
        default="any",
    )
    tie_breakers = MultiCheckboxField(
        _l("Tie-breakers at the cut line, in this order:"),
        choices=[(b, _l(BREAKER_LABELS[b])) for b in TIE_BREAKERS],
    )
    # The range is a rule of the services (0 turns the band off).
    band_k = WeightField(
        _l("Measurement band at the cut line (× standard error)"), default=Decimal(1)
    )

    RULE_FIELDS = ("below_score", "bottom_k", "bottom_percent", "min_remaining")

    def typed(self) -> StageInput:
        return StageInput(
            name=_text(self.name),
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            weight=self.weight.data,
            band_k=self.band_k.data,
            rule=RuleInput(
                below_score=_text(self.below_score),
                bottom_k=_text(self.bottom_k),
                bottom_percent=_text(self.bottom_percent),
                min_remaining=_text(self.min_remaining),
                combine=self.combine.data or "any",
                tie_breakers=tuple(self.tie_breakers.data or ()),
            ),
        )


def stage_form(stage=None, prefix: str = "new-stage") -> StageForm:
    """A stage form showing the stage as stored (or an empty one), not the request."""
    data = {}
    if stage is not None:
        rule = stage.rule or {}
        data = {
            "name": stage.name,
            "starts_on": stage.starts_on,
            "ends_on": stage.ends_on,
            "weight": plain(stage.weight),
            "band_k": plain(stage.band_k),
            "combine": rule.get("combine", "any"),
            "tie_breakers": list(rule.get("tie_breakers") or []),
            **{
                name: "" if rule.get(name) is None else str(rule[name])
                for name in StageForm.RULE_FIELDS
            },
        }
        if not rule.get("min_remaining"):
            data["min_remaining"] = ""
    return with_ids(StageForm(formdata=None, data=data), prefix)


KIND_CHOICES = [(kind, _l(label)) for kind, label in KIND_LABELS.items()]
POLICY_CHOICES = [
    ("best", _l("The best run finished by the deadline")),
    ("latest", _l("The latest run finished by the deadline")),
]


class ComponentForm(FlaskForm):
    name = name_field(
        _l("Component name"), _l("Give the component a name of at most 120 characters.")
    )
    kind = SelectField(
        _l("Kind"), choices=KIND_CHOICES, default="evaluation", render_kw={"class": "kind-select"}
    )
    weight = WeightField(_l("Weight"), default=Decimal(1))
    deadline = DayField(_l("Deadline (empty: end of stage)"), validators=[Optional()])
    # The quiz, case or scenario: one select named ref_id per kind in the template (see
    # templates/assessment/_macros.html); the services check that it exists.
    ref_id = IntegerField(validators=[Optional()])
    policy = SelectField(_l("Which run counts"), choices=POLICY_CHOICES, default="best")
    rubric = TextAreaField(
        _l('Rubric: one criterion per line, "name | weight | level:points, level:points"'),
        validators=[Length(max=5000)],
        render_kw={
            "rows": 4,
            "placeholder": "贷后检查规范 | 2 | 优:4, 良:3, 中:2, 差:1\n"
            "沟通礼仪 | 1 | 优:4, 良:3, 中:2, 差:1",
        },
    )
    kpi_mode = RadioField(
        _l("KPI rule"),
        choices=[
            (
                "linear",
                _l("Straight line from the worst value (0 points) to the target (100 points)"),
            ),
            ("bands", _l('Bands: "limit:points" pairs')),
        ],
        default="linear",
    )
    kpi_worst = StringField(_l("Worst value"), validators=[Length(max=40)], widget=ANY_NUMBER)
    kpi_best = StringField(_l("Target value"), validators=[Length(max=40)], widget=ANY_NUMBER)
    kpi_unit = StringField(_l("Unit"), validators=[Length(max=20)], render_kw={"maxlength": 20})
    kpi_bands = StringField(
        _l("Bands"), validators=[Length(max=500)], render_kw={"placeholder": "0:100, 1:85, 3:60"}
    )
    kpi_lower = BooleanField(_l("Lower is better (e.g. overdue rate)"))

    def typed(self) -> ComponentInput:
        return ComponentInput(
            name=_text(self.name),
            kind=self.kind.data,
            weight=self.weight.data,
            deadline=self.deadline.data,
            ref_id=self.ref_id.data,
            rubric=self.rubric.data or "",
            kpi_mode=self.kpi_mode.data or "",
            kpi_worst=_text(self.kpi_worst),
            kpi_best=_text(self.kpi_best),
            kpi_bands=_text(self.kpi_bands),
            kpi_lower=bool(self.kpi_lower.data),
            kpi_unit=_text(self.kpi_unit),
            policy=self.policy.data or "best",
        )


def component_form(stage_id: int) -> ComponentForm:
    """An empty component form for a stage, not the request."""
    return with_ids(ComponentForm(formdata=None), f"add-{stage_id}")


# --- entered scores ---------------------------------------------------------------------------


class KpiImportForm(FlaskForm):
    month = HiddenField()
    file = FileField(
        _l("Import this month from CSV or XLSX (columns 工号, 数值)"),
        validators=[FileRequired(message=_l("Choose a file first."))],
        render_kw={"accept": ".csv,.xlsx"},
    )


def entry_grid(component: Component, trainee_ids) -> EntryGrid:
    """The entry grid as sent: one select per trainee and criterion, or one value per trainee.

    A grid's inputs depend on the cohort, so it is a hand-built form (with csrf_field(); the
    CSRF token is checked for every POST by CSRFProtect) read here, the one place that reads
    request.form by hand.
    """
    sent = request.form
    if component.kind == "evaluation":
        criteria = [c["id"] for c in component.config.get("criteria", [])]
        levels = {}
        for trainee_id in trainee_ids:
            chosen = {c: sent.get(f"lv-{trainee_id}-{c}", "") for c in criteria}
            if any(chosen.values()):
                levels[trainee_id] = chosen
        return EntryGrid(levels=levels)
    values = {t: sent[f"v-{t}"] for t in trainee_ids if f"v-{t}" in sent}
    return EntryGrid(month=sent.get("month", ""), values=values)
