"""The evidence dossier of one person in an elimination (证据卷宗): one set of sections, written
both as a PDF and as a ZIP of CSV files, so the two never disagree.

Sections: the person and their contract, the hiring conditions they acknowledged and when, every
score that went into the decision with its components and dates, the evaluators' sheets, the cut
line, the improvement plans and their results, the decision with who confirmed it, the overrides
and notes, and the audit entries behind them.

The measurement-error band at the cut line and the evaluators' agreement (ICC) behind it are
read from what the decision stored (``assessment.measurement.stored``); decisions recorded before
the band existed have neither. Further sections (a fuller evaluator-agreement report) join by
``register_section``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from assessment import specs
from assessment.lawful import hiring_conditions, improvement_plans, terms
from assessment.lawful.models import DecisionOutcome
from assessment.models import Cohort, Component, Decision, Enrolment, Evaluation
from assessment.scoring import KIND_LABELS, STATUS_LABELS
from core.audit import AuditEvent
from core.clock import to_local
from core.domain import N_
from core.extensions import db
from core.messages import message
from core.models import User


@dataclass
class Section:
    key: str  # file name in the ZIP
    title: str  # message id
    header: list[str]  # message ids
    rows: list[list] = field(default_factory=list)


@dataclass
class Dossier:
    outcome: DecisionOutcome
    decision: Decision
    cohort: Cohort
    trainee: User
    sections: list[Section]


# Providers of further sections (the band at the cut line, evaluator agreement): each takes the
# decision and the trainee id and returns a Section, or None when it has nothing to add.
SectionProvider = Callable[[Decision, int], "Section | None"]
_PROVIDERS: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> None:
    """Add a section to every dossier (issue 15's band and agreement register here)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def _day(value) -> str:
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _person(cohort: Cohort, trainee: User, outcome: DecisionOutcome) -> Section:
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.user_id == trainee.id)
    )
    probation = terms.probation_for_trainee(cohort.id, trainee.id)
    rows = [
        [message(N_("Name")), trainee.name],
        [message(N_("Username")), trainee.username],
        [message(N_("Employee number")), trainee.employee_number or ""],
        [message(N_("Branch")), trainee.branch or ""],
        [message(N_("Cohort")), cohort.name],
        [
            message(N_("Hire date")),
            enrolment.hire_date.isoformat() if enrolment and enrolment.hire_date else "",
        ],
    ]
    if probation is not None:
        contract = probation.contract_months
        rows += [
            [
                message(N_("Contract term (months)")),
                message(N_("Open-ended contract")) if contract is None else contract,
            ],
            [
                message(N_("Probation ends")),
                probation.end_date.isoformat() if probation.end_date else "",
            ],
        ]
    return Section("trainee", N_("Trainee"), [N_("Item"), N_("Value")], rows)


def _conditions(cohort: Cohort, trainee: User) -> Section:
    section = Section(
        "hiring_conditions",
        N_("Hiring conditions acknowledged"),
        [N_("Version"), N_("Acknowledged at"), N_("Condition"), N_("Minimum score")],
    )
    for ack in hiring_conditions.acknowledgements_of(trainee.id, cohort.id):
        for condition in ack.version.conditions:
            section.rows.append(
                [
                    ack.version.number,
                    _day(ack.acknowledged_at),
                    condition.text,
                    format(condition.min_score.normalize(), "f"),
                ]
            )
    return section


def _scores(decision: Decision, trainee: User) -> Section:
    section = Section(
        "scores",
        N_("Scores that went into the decision"),
        [
            N_("Stage"),
            N_("Stage score"),
            N_("Cumulative"),
            N_("Component"),
            N_("Kind"),
            N_("Result"),
            N_("Status"),
        ],
    )
    inputs = next(
        (i for i in decision.snapshot.get("inputs", []) if i["user_id"] == trainee.id), None
    )
    for stage in (inputs or {}).get("stages", []):
        for component in stage["components"] or [{}]:
            section.rows.append(
                [
                    stage["stage"],
                    stage["score"] or "",
                    stage["cumulative"] or "",
                    component.get("name", ""),
                    _label(KIND_LABELS, component.get("kind")),
                    component.get("normalized") or "",
                    _label(STATUS_LABELS, component.get("status")),
                ]
            )
    return section


def _label(labels: dict[str, str], code: str | None):
    """A code the snapshot stores, as a message shown in the reader's language."""
    return message(labels[code]) if code in labels else (code or "")


def _evaluations(cohort: Cohort, trainee: User) -> Section:
    section = Section(
        "evaluations",
        N_("Evaluators' rubric sheets"),
        [N_("Component"), N_("Evaluator"), N_("Score"), N_("Entered at"), N_("Comment")],
    )
    rows = db.session.execute(
        select(Evaluation, Component.name, User)
        .join(Component, Component.id == Evaluation.component_id)
        .join(User, User.id == Evaluation.evaluator_id)
        .where(Evaluation.trainee_id == trainee.id, Component.stage.has(cohort_id=cohort.id))
        .order_by(Component.id, User.username)
    ).all()
    for evaluation, component_name, evaluator in rows:
        section.rows.append(
            [
                component_name,
                evaluator.name,
                str(evaluation.score),
                _day(evaluation.updated_at),
                evaluation.comment,
            ]
        )
    return section


def _cut_line(decision: Decision, outcome: DecisionOutcome) -> Section:
    reasons = outcome.basis.get("cut_reasons", [])
    return Section(
        "cut_line",
        N_("Rule and cut line"),
        [N_("Item"), N_("Value")],
        [
            [message(N_("Stage")), decision.stage.name],
            [message(N_("Rule")), specs.rule_text(decision.snapshot.get("rule") or {})],
            [message(N_("Why selected")), reasons],
            [
                message(N_("Selected by rank alone")),
                message(N_("yes") if outcome.rank_only else N_("no")),
            ],
        ],
    )


def _band(decision: Decision, trainee: User) -> list[Section]:
    """The band at the cut line and the evaluators' agreement, as stored with the decision."""
    stored = decision.snapshot.get("measurement")
    if not stored:
        return []
    member = next(
        (m for m in stored.get("members", []) if m["trainee_id"] == str(trainee.id)), None
    )
    band = Section(
        "band",
        N_("Measurement-error band at the cut line"),
        [N_("Item"), N_("Value")],
        [
            [message(N_("Cut line")), stored.get("line") or ""],
            [message(N_("Standard error of measurement (SEM)")), stored.get("sem") or ""],
            [message(N_("Band")), f"{stored.get('low') or ''} – {stored.get('high') or ''}"],
            [message(N_("Within the band")), message(N_("yes") if member else N_("no"))],
            [message(N_("Note")), member.get("note", "") if member else ""],
            *[[message(N_("Problem")), problem] for problem in stored.get("problems", [])],
        ],
    )
    agreement = Section(
        "agreement",
        N_("Evaluator agreement and error of each component"),
        [N_("Component"), N_("Kind"), N_("SEM"), N_("Details")],
        [
            [c["name"], c["kind"], c.get("sem") or "", c.get("note") or ""]
            for c in stored.get("components", [])
        ],
    )
    return [band, agreement]


def _plans(cohort: Cohort, trainee: User) -> Section:
    section = Section(
        "improvement_plans",
        N_("Improvement plans"),
        [
            N_("Opened"),
            N_("What falls short"),
            N_("Improvement step"),
            N_("Deadline"),
            N_("Re-assessment"),
            N_("Result"),
            N_("Recorded"),
        ],
    )
    for plan in improvement_plans.plans_in(cohort.id, trainee.id):
        step = (
            "、".join(item["title"] for item in plan.training)
            if plan.step == "training"
            else plan.reassignment
        )
        result = {"met": message(N_("met")), "not_met": message(N_("not met"))}.get(
            plan.result or "", ""
        )
        section.rows.append(
            [
                plan.opened_on.isoformat(),
                plan.shortfall,
                step,
                plan.deadline.isoformat(),
                plan.reassessment,
                result,
                f"{plan.result_on.isoformat()} {plan.result_by_name} {plan.result_note}"
                if plan.result_on
                else "",
            ]
        )
    return section


def _decision(decision: Decision, outcome: DecisionOutcome, trainee: User) -> Section:
    basis = outcome.basis
    rows = [
        [message(N_("Outcome")), message(basis.get("outcome_label", outcome.outcome))],
        [message(N_("Legal provision")), message(basis["law"]) if basis.get("law") else ""],
        [message(N_("Confirmed by")), decision.decided_by_name],
        [message(N_("Confirmed at")), _day(decision.decided_at)],
        [message(N_("Note")), basis.get("note", "")],
    ]
    condition = basis.get("condition")
    if condition:
        rows.append(
            [
                message(N_("Hiring condition not met")),
                f"{condition['condition']} · {condition['source']} {condition['score']} < "
                f"{condition['min_score']} ({condition['dated']})",
            ]
        )
    if basis.get("plan"):
        plan = basis["plan"]
        rows.append(
            [
                message(N_("Improvement plan")),
                f"{plan['opened_on']} · {plan['shortfall']} · {plan['result_on']}",
            ]
        )
    overrides = db.session.scalars(
        select(Decision)
        .where(
            Decision.cohort_id == decision.cohort_id,
            Decision.kind == "override",
            Decision.trainee_id == trainee.id,
        )
        .order_by(Decision.decided_at)
    )
    for override in overrides:
        rows.append(
            [
                message(N_("Override")),
                f"{override.action} · {override.decided_by_name} · {_day(override.decided_at)} · {override.reason}",
            ]
        )
    return Section("decision", N_("Decision"), [N_("Item"), N_("Value")], rows)


def _audit(decision: Decision, trainee: User) -> Section:
    plan_ids = [str(p.id) for p in improvement_plans.plans_in(decision.cohort_id, trainee.id)]
    entries = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                (AuditEvent.target_type == "user") & (AuditEvent.target_id == str(trainee.id)),
                (AuditEvent.target_type == "improvement_plan") & AuditEvent.target_id.in_(plan_ids),
                (AuditEvent.target_type == "stage")
                & (AuditEvent.target_id == str(decision.stage_id)),
                (AuditEvent.target_type == "cohort")
                & (AuditEvent.target_id == str(decision.cohort_id)),
            )
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    section = Section(
        "audit",
        N_("Audit entries"),
        [N_("At"), N_("Who"), N_("Action"), N_("Record"), N_("Details")],
    )
    for entry in entries:
        details = {k: v for k, v in (entry.after or {}).items()}
        section.rows.append(
            [
                _day(entry.at),
                entry.actor_label,
                entry.action,
                f"{entry.target_type} {entry.target_label}",
                details,
            ]
        )
    return section


def build(outcome: DecisionOutcome) -> Dossier:
    """Every section of one person's dossier."""
    decision = db.session.get(Decision, outcome.decision_id)
    cohort = db.session.get(Cohort, decision.cohort_id)
    trainee = db.session.get(User, outcome.trainee_id)
    sections = [
        _person(cohort, trainee, outcome),
        _conditions(cohort, trainee),
        _scores(decision, trainee),
        _evaluations(cohort, trainee),
        _cut_line(decision, outcome),
        *_band(decision, trainee),
    ]
    sections += [s for s in (provider(decision, trainee.id) for provider in _PROVIDERS) if s]
    sections += [
        _plans(cohort, trainee),
        _decision(decision, outcome, trainee),
        _audit(decision, trainee),
    ]
    return Dossier(outcome, decision, cohort, trainee, sections)
