"""Case studies, their kept versions, reviews, trainee attempts, discussions and the watchlist."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import now_utc
from core.extensions import db
from core.models import User

STATUSES = ("draft", "in_review", "published")
# The settings of a case that each version carries and publishing makes live.
SETTINGS = ("slug", "modules", "risk_type", "difficulty", "retakes_allowed")
ATTEMPT_STATUSES = ("submitted", "graded")
WATCHLIST_KINDS = ("name", "branch", "company")


class Case(db.Model):
    """One case study; what trainees see is `published_version`, what authors edit `current_version`.

    `status` is the workflow state of `current_version`: draft → in_review → published.
    A published case that is edited again goes back to draft while trainees keep seeing the
    last published version. The settings here (slug, modules, risk type, difficulty, retakes)
    are the live ones: each version carries its own, and they go live with the version when it
    is published (at once while the case has never been published).
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    modules: Mapped[list] = mapped_column(JSON, default=list)
    risk_type: Mapped[str] = mapped_column(String(40), default="")
    difficulty: Mapped[int] = mapped_column(default=1)
    # How many times a trainee may start again after a graded attempt (0 = one attempt only).
    retakes_allowed: Mapped[int] = mapped_column(default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_versions.id", use_alter=True, name="fk_cases_current_version")
    )
    published_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_versions.id", use_alter=True, name="fk_cases_published_version")
    )
    # Hash of the content files at the last sync; None for cases made in the browser.
    source_hash: Mapped[str | None] = mapped_column(String(64))
    # Set when a trainer saves a version in the browser: sync then never overwrites the case.
    edited_in_browser: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )

    current_version: Mapped["CaseVersion | None"] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    published_version: Mapped["CaseVersion | None"] = relationship(
        foreign_keys=[published_version_id], post_update=True
    )
    versions: Mapped[list["CaseVersion"]] = relationship(
        foreign_keys="CaseVersion.case_id",
        back_populates="case",
        order_by="CaseVersion.number",
        cascade="all, delete-orphan",
    )

    @property
    def is_published(self) -> bool:
        return self.published_version_id is not None


class CaseVersion(db.Model):
    """An immutable snapshot of a case's content; every save makes a new one."""

    __tablename__ = "case_versions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    narrative: Mapped[str] = mapped_column(Text, default="")
    # [{"title", "kind": table|document|notes, "caption", "source": CSV or YAML text}]
    exhibits: Mapped[list] = mapped_column(JSON, default=list)
    tasks_yaml: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[list] = mapped_column(JSON, default=list)  # parsed and validated tasks_yaml
    model_answer: Mapped[str] = mapped_column(Text, default="")
    # The case's settings as this version has them; live once the version is published.
    slug: Mapped[str] = mapped_column(String(80), default="", server_default="")
    modules: Mapped[list] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    risk_type: Mapped[str] = mapped_column(String(40), default="", server_default="")
    difficulty: Mapped[int] = mapped_column(default=1, server_default="1")
    retakes_allowed: Mapped[int] = mapped_column(default=0, server_default="0")
    origin: Mapped[str] = mapped_column(String(20), default="browser")  # browser|file|pseudonymize
    note: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    # Set when personal data was later removed from this (otherwise immutable) snapshot in place.
    redacted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    redacted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship(foreign_keys=[case_id], back_populates="versions")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    redacted_by: Mapped[User | None] = relationship(foreign_keys=[redacted_by_id])

    @property
    def total_points(self) -> Decimal:
        return sum((Decimal(str(t["points"])) for t in self.tasks), Decimal(0))


class CaseReview(db.Model):
    """One step of the workflow: submitted, approved (published) or returned, with a comment."""

    __tablename__ = "case_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("case_versions.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))  # submitted|approved|returned
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    user: Mapped[User | None] = relationship()
    version: Mapped[CaseVersion] = relationship()


class CaseAttempt(db.Model):
    """A trainee's answer sheet for a case, scored against the version they solved.

    `number` counts a trainee's attempts at one case from 1; more than one exists only when the
    case allows retakes. The score that counts is the latest fully graded attempt
    (`attempts.counted_attempt`).
    """

    __tablename__ = "case_attempts"
    __table_args__ = (
        UniqueConstraint("user_id", "case_id", "number", name="uq_case_attempts_user_case_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(default=1, server_default="1")
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("case_versions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # task id -> answer
    task_scores: Mapped[dict] = mapped_column(JSON, default=dict)  # task id -> "12.50"
    auto_score: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(0))
    rubric_score: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    rubric_choices: Mapped[dict] = mapped_column(JSON, default=dict)  # task id -> [level index]
    comments: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    graded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    grader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship()
    version: Mapped[CaseVersion] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    grader: Mapped[User | None] = relationship(foreign_keys=[grader_id])


class DiscussionPost(db.Model):
    __tablename__ = "case_discussion_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    # Deleting a post only marks it: it may be evidence (the audit log names who deleted it).
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User | None] = relationship()
    case: Mapped[Case] = relationship()


class WatchlistEntry(db.Model):
    """A real name, bank branch or company that must never appear in a published case."""

    __tablename__ = "case_watchlist"
    __table_args__ = (UniqueConstraint("kind", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    term: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
