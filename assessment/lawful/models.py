"""Tables of the lawful-elimination records: a cohort's labour policy (the outcomes its bank
allows), each trainee's contract term, versioned hiring conditions and their acknowledgements,
improvement plans, and the outcome and basis recorded for each person of a decision."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import now_utc
from core.extensions import db
from core.models import TimestampMixin, User


class LabourPolicy(db.Model):
    """The outcomes of elimination a cohort's bank allows by its HR policy."""

    __tablename__ = "assessment_labour_policies"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    outcomes: Mapped[list] = mapped_column(JSON, default=list)


class ContractTerm(db.Model):
    """A trainee's labour contract as far as probation needs it (the hire date is on the
    enrolment)."""

    __tablename__ = "assessment_contract_terms"

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_enrolments.id", ondelete="CASCADE"), primary_key=True
    )
    # None: an open-ended contract (无固定期限).
    contract_months: Mapped[int | None] = mapped_column()
    # The probation the contract states; None: the legal maximum.
    probation_months: Mapped[int | None] = mapped_column()


class HiringConditionVersion(db.Model):
    """One published set of a cohort's hiring conditions (录用条件); a change publishes the next
    version, and trainees acknowledge each version."""

    __tablename__ = "assessment_hiring_condition_versions"
    __table_args__ = (UniqueConstraint("cohort_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cohorts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    published_by_name: Mapped[str] = mapped_column(String(120), default="")

    conditions: Mapped[list["HiringCondition"]] = relationship(
        order_by="HiringCondition.position", cascade="all, delete-orphan", lazy="selectin"
    )


class HiringCondition(db.Model):
    """A condition in plain words, and the stage result that evidences it: the stage score (or
    one component's score) at or above ``min_score``."""

    __tablename__ = "assessment_hiring_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_hiring_condition_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(Text)
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_stages.id", ondelete="SET NULL")
    )
    component_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_components.id", ondelete="SET NULL")
    )
    min_score: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))


class HiringConditionAck(db.Model):
    __tablename__ = "assessment_hiring_condition_acks"
    __table_args__ = (UniqueConstraint("version_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_hiring_condition_versions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    acknowledged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    version: Mapped[HiringConditionVersion] = relationship(lazy="joined")


class ImprovementPlan(TimestampMixin, db.Model):
    """The improvement step the law expects before a termination for incompetence (第40条第二项):
    the finding, training assigned on the platform or a recorded reassignment, a deadline, and
    the re-assessment that decides."""

    __tablename__ = "assessment_improvement_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cohorts.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opened_by_name: Mapped[str] = mapped_column(String(120), default="")
    opened_on: Mapped[date] = mapped_column(Date)
    shortfall: Mapped[str] = mapped_column(Text)  # the finding: what falls short
    step: Mapped[str] = mapped_column(String(16))  # training | reassignment
    # [{"kind": "module"|"quiz"|"case"|"simulator", "ref": id or slug, "title": ...}]
    training: Mapped[list] = mapped_column(JSON, default=list)
    reassignment: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date] = mapped_column(Date)
    reassessment: Mapped[str] = mapped_column(Text)  # how the result will be decided
    result: Mapped[str | None] = mapped_column(String(8))  # met | not_met
    result_note: Mapped[str] = mapped_column(Text, default="")
    result_on: Mapped[date | None] = mapped_column(Date)
    result_by_name: Mapped[str] = mapped_column(String(120), default="")

    trainee: Mapped[User] = relationship(lazy="joined")


class DecisionOutcome(db.Model):
    """The outcome and basis of one person in a confirmed elimination. Immutable."""

    __tablename__ = "assessment_decision_outcomes"
    __table_args__ = (UniqueConstraint("decision_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_decisions.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(32))
    # What the basis rested on, as the manager saw it: condition and evidence, acknowledgement,
    # probation dates, the improvement plan and its re-assessment, the note.
    basis: Mapped[dict] = mapped_column(JSON, default=dict)
    # Selected by ranking alone (bottom k / bottom x %), with no score threshold.
    rank_only: Mapped[bool] = mapped_column(default=False)

    trainee: Mapped[User | None] = relationship(lazy="joined")


@event.listens_for(DecisionOutcome, "before_update")
def _refuse_update(_mapper, _connection, target):
    raise ValueError("decision outcomes are immutable")
