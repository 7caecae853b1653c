"""Cohorts, stages, components, entered scores, elimination decisions and monthly snapshots.

Quiz and case components keep the quiz/case id as a plain integer (no foreign key) so the
assessment area reads the other areas only through their ``results`` functions.
"""

from datetime import date, datetime
from decimal import Decimal
from uuid import uuid4

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import now_utc
from core.extensions import db
from core.models import TimestampMixin, User

VISIBILITY = ("full", "initials", "none")

cohort_managers = Table(
    "assessment_cohort_managers",
    db.metadata,
    Column("cohort_id", ForeignKey("assessment_cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Cohort(TimestampMixin, db.Model):
    __tablename__ = "assessment_cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique only among the cohorts one manager manages (checked in services.save_cohort): a
    # global constraint would tell a manager the names of cohorts they cannot see.
    name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[date] = mapped_column(Date)
    # What trainees see of each other on their standing page: full names, initials or nothing.
    visibility: Mapped[str] = mapped_column(String(16), default="initials")
    # Changes whenever anything on the board changes (see assessment.revisions); the board cache
    # is keyed by it, so every worker process sees a change on its next request.
    revision: Mapped[str] = mapped_column(
        String(32), default=lambda: uuid4().hex, server_default=""
    )
    # Demo data is recognised by this key so loading it twice changes nothing.
    source_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    managers: Mapped[list[User]] = relationship(secondary=cohort_managers, lazy="selectin")
    stages: Mapped[list["Stage"]] = relationship(
        back_populates="cohort", order_by="Stage.position", cascade="all, delete-orphan"
    )
    enrolments: Mapped[list["Enrolment"]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )


class Enrolment(TimestampMixin, db.Model):
    __tablename__ = "assessment_enrolments"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cohorts.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    hire_date: Mapped[date | None] = mapped_column(Date)
    # Set by a confirmed elimination decision or an override; cleared by a "keep" override.
    eliminated_stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_stages.id", ondelete="SET NULL")
    )
    # Changes whenever this trainee's evaluations or KPI entries change (assessment.revisions):
    # the board recomputes only trainees whose revision changed. Random, never shared.
    revision: Mapped[str] = mapped_column(
        String(32), default=lambda: uuid4().hex, server_default=""
    )

    cohort: Mapped[Cohort] = relationship(back_populates="enrolments")
    user: Mapped[User] = relationship(lazy="joined")


class Stage(TimestampMixin, db.Model):
    __tablename__ = "assessment_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cohorts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # Weight of this stage in the cumulative score (累计分).
    weight: Mapped[Decimal] = mapped_column(Numeric(10, 4), default=Decimal(1))
    # Elimination rule as stored JSON: bottom_k, bottom_percent, below_score, combine,
    # min_remaining, tie_breakers; empty means "no elimination after this stage".
    rule: Mapped[dict] = mapped_column(JSON, default=dict)
    # Half-width of the "within measurement error" band at the cut line, in standard errors
    # of measurement (assessment.measurement); 1 by default, 0 turns the band off.
    band_k: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal(1), server_default="1")

    cohort: Mapped[Cohort] = relationship(back_populates="stages")
    components: Mapped[list["Component"]] = relationship(
        back_populates="stage", order_by="Component.position", cascade="all, delete-orphan"
    )


class Component(TimestampMixin, db.Model):
    __tablename__ = "assessment_components"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_stages.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))  # quiz | case | evaluation | kpi
    weight: Mapped[Decimal] = mapped_column(Numeric(10, 4), default=Decimal(1))
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # quiz id or case id, a plain reference checked through the other area's results functions.
    ref_id: Mapped[int | None] = mapped_column()
    # evaluation: {"criteria": [{id, name, weight, levels: [{id, label, points}]}]}
    # kpi: {"mode", "worst", "best", "bands": [[limit, points]], "lower_is_better", "unit"}
    config: Mapped[dict] = mapped_column(JSON, default=dict)

    stage: Mapped[Stage] = relationship(back_populates="components")


class Evaluation(TimestampMixin, db.Model):
    """One evaluator's rubric sheet for one trainee; two evaluators' sheets are averaged."""

    __tablename__ = "assessment_evaluations"
    __table_args__ = (UniqueConstraint("component_id", "trainee_id", "evaluator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_components.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    levels: Mapped[dict] = mapped_column(JSON, default=dict)
    # 0–100 from the rubric at entry time (recomputed when the rubric changes), so the board
    # reads one number instead of re-scoring every sheet.
    score: Mapped[Decimal] = mapped_column(Numeric(9, 4))
    comment: Mapped[str] = mapped_column(Text, default="")


class KpiEntry(TimestampMixin, db.Model):
    """A KPI number for one trainee and month ("2026-03")."""

    __tablename__ = "assessment_kpi_entries"
    __table_args__ = (UniqueConstraint("component_id", "trainee_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_components.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))
    value: Mapped[Decimal] = mapped_column(Numeric(16, 4))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Decision(db.Model):
    """An immutable audit record: a confirmed elimination or a keep/cut override."""

    __tablename__ = "assessment_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cohorts.id", ondelete="CASCADE"), index=True
    )
    stage_id: Mapped[int] = mapped_column(ForeignKey("assessment_stages.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # elimination | override
    action: Mapped[str | None] = mapped_column(String(8))  # keep | cut (overrides)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_name: Mapped[str] = mapped_column(String(120), default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    # The rule, every input score and the outcome, exactly as the manager saw them.
    snapshot: Mapped[dict] = mapped_column(JSON)

    stage: Mapped[Stage] = relationship(lazy="joined")
    trainee: Mapped[User | None] = relationship(foreign_keys=[trainee_id], lazy="joined")


class ModerationNote(db.Model):
    """Resolves a flagged disagreement between a trainee's evaluators (assessment.agreement):
    the component score may then be used in a decision. ``scores`` keeps the sheets it saw."""

    __tablename__ = "assessment_moderation_notes"
    __table_args__ = (UniqueConstraint("component_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_components.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text)
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    written_by_name: Mapped[str] = mapped_column(String(120), default="")
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class BoardSnapshot(db.Model):
    """The board frozen for one month; later edits of scores never change it."""

    __tablename__ = "assessment_board_snapshots"
    __table_args__ = (UniqueConstraint("cohort_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cohorts.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[str] = mapped_column(String(7))
    frozen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    frozen_by_name: Mapped[str] = mapped_column(String(120), default="")
    data: Mapped[dict] = mapped_column(JSON)


@event.listens_for(Decision, "before_update")
@event.listens_for(BoardSnapshot, "before_update")
def _refuse_update(_mapper, _connection, target):
    raise ValueError(f"{type(target).__name__} records are immutable")
