"""Each trainee's contract term and the probation it allows (rules in ``probation``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from assessment.lawful.models import ContractTerm
from assessment.lawful.probation import Probation, probation_for, schedule_warning
from assessment.models import Cohort, Enrolment
from core import audit
from core.domain import N_, DomainError
from core.extensions import db
from core.messages import Message

MAX_CONTRACT_MONTHS = 240


class TermsError(DomainError):
    status_code = 422


@dataclass(frozen=True)
class TraineeTerms:
    enrolment: Enrolment
    term: ContractTerm | None
    probation: Probation | None  # None until the hire date and the contract term are known
    warning: Message | None


def schedule_end(cohort: Cohort) -> date | None:
    """The last day of the cohort's last stage."""
    return max((stage.ends_on for stage in cohort.stages), default=None)


def probation_of(enrolment: Enrolment, term: ContractTerm | None) -> Probation | None:
    if enrolment.hire_date is None or term is None:
        return None
    return probation_for(enrolment.hire_date, term.contract_months, term.probation_months)


def cohort_terms(cohort: Cohort) -> list[TraineeTerms]:
    """Every enrolled trainee's contract, probation dates and schedule warning, by name."""
    terms = {
        t.enrolment_id: t
        for t in db.session.scalars(
            select(ContractTerm).where(
                ContractTerm.enrolment_id.in_([e.id for e in cohort.enrolments])
            )
        )
    }
    end = schedule_end(cohort)
    rows = []
    for enrolment in sorted(cohort.enrolments, key=lambda e: e.user.name):
        term = terms.get(enrolment.id)
        probation = probation_of(enrolment, term)
        warning = schedule_warning(probation, end) if probation else None
        rows.append(TraineeTerms(enrolment, term, probation, warning))
    return rows


def probation_for_trainee(cohort_id: int, user_id: int) -> Probation | None:
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort_id, Enrolment.user_id == user_id)
    )
    if enrolment is None:
        return None
    return probation_of(enrolment, db.session.get(ContractTerm, enrolment.id))


def set_terms(
    enrolment: Enrolment,
    hire_date: date | None,
    contract_months: int | None,
    probation_months: int | None,
) -> ContractTerm:
    """Record the hire date and the contract (``contract_months`` None: open-ended)."""
    if contract_months is not None and not 1 <= contract_months <= MAX_CONTRACT_MONTHS:
        raise TermsError(
            N_("The contract term must be 1 to %(max)s months, or open-ended"),
            max=MAX_CONTRACT_MONTHS,
        )
    if probation_months is not None and not 0 <= probation_months <= 6:
        raise TermsError(N_("The agreed probation must be 0 to 6 months"))
    term = db.session.get(ContractTerm, enrolment.id)
    before = None
    if term is None:
        term = ContractTerm(enrolment_id=enrolment.id)
        db.session.add(term)
    else:
        before = {"contract_months": term.contract_months, "probation": term.probation_months}
    before = {**(before or {}), "hire_date": enrolment.hire_date}
    enrolment.hire_date = hire_date
    term.contract_months = contract_months
    term.probation_months = probation_months
    audit.record(
        "enrolment.contract_set",
        target=audit.Target("user", enrolment.user_id, enrolment.user.username),
        before=before,
        after={
            "hire_date": hire_date,
            "contract_months": contract_months,
            "probation": probation_months,
        },
    )
    db.session.flush()
    return term
