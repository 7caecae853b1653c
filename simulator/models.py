"""Scenarios (with every version kept), runs, and each run's recorded actions.

A run stores nothing but its actions: the desk, the inbox, balances and the score's inputs are
rebuilt by ``simulator.engine`` from the scenario version the run started on, its seed and the
actions. ``score`` and ``report`` are written once, when the run finishes, so that other areas
(assessment) read a number instead of replaying runs.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import now_utc
from core.extensions import db
from core.models import TimestampMixin, User


class Scenario(TimestampMixin, db.Model):
    __tablename__ = "simulator_scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    difficulty: Mapped[int] = mapped_column(Integer, default=1)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "simulator_scenario_versions.id",
            use_alter=True,
            name="fk_simulator_scenarios_current_version",
            ondelete="SET NULL",
        )
    )
    # Sync leaves a scenario saved in the browser alone (the browser wins, as for courses/cases).
    edited_in_browser: Mapped[bool] = mapped_column(Boolean, default=False)
    source_hash: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    current_version: Mapped["ScenarioVersion | None"] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="joined"
    )


class ScenarioVersion(db.Model):
    """The YAML text of a scenario as it was saved; runs keep the version they started on."""

    __tablename__ = "simulator_scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("simulator_scenarios.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(Text)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class Run(TimestampMixin, db.Model):
    __tablename__ = "simulator_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("simulator_scenarios.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("simulator_scenario_versions.id", ondelete="CASCADE")
    )
    seed: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | finished
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    report: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User] = relationship(lazy="joined")
    scenario: Mapped[Scenario] = relationship(lazy="joined")
    version: Mapped[ScenarioVersion] = relationship(lazy="joined")
    actions: Mapped[list["RunAction"]] = relationship(
        back_populates="run", order_by="RunAction.seq", cascade="all, delete-orphan"
    )


class RunAction(db.Model):
    """One thing the trainee did (or tried), at a simulated minute and a real time."""

    __tablename__ = "simulator_run_actions"
    __table_args__ = (UniqueConstraint("run_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("simulator_runs.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    loan: Mapped[str | None] = mapped_column(String(20))
    sim_minute: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
    breach: Mapped[str | None] = mapped_column(String(32))
    real_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    run: Mapped[Run] = relationship(back_populates="actions")
