"""Quizzes, their question slots, attempts and the answers inside them.

An attempt freezes what the trainee saw: the question VERSION of every slot, the shuffled
question order and the shuffled choice order. Reviews and regrades read those, never the
bank's latest state (unless a trainer applies a regrade, which is logged).
"""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import as_utc, now_utc
from core.extensions import db
from core.models import TimestampMixin, User
from quizzes.models.bank import Question, QuestionCategory, QuestionVersion

# When the trainee may see each part of the review.
REVIEW_WHEN = ("after_submit", "after_close", "never")
GRADING_METHODS = ("highest", "average", "first", "last")

IN_PROGRESS = "in_progress"
FINISHED = "finished"


class Quiz(TimestampMixin, db.Model):
    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # Links a course module's quiz: module completion asks whether it was passed.
    module_slug: Mapped[str | None] = mapped_column(String(80), index=True)
    # Where a shipped quiz came from, so demo loading stays idempotent.
    source_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    published: Mapped[bool] = mapped_column(default=True)
    time_limit_minutes: Mapped[int | None] = mapped_column(default=None)
    grace_seconds: Mapped[int] = mapped_column(default=60)
    open_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    close_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts_allowed: Mapped[int] = mapped_column(default=0)  # 0 = unlimited
    grading_method: Mapped[str] = mapped_column(String(10), default="highest")
    pass_mark: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(60))  # percent
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_choices: Mapped[bool] = mapped_column(default=True)
    questions_per_page: Mapped[int] = mapped_column(default=0)  # 0 = all on one page
    review_score: Mapped[str] = mapped_column(String(12), default="after_submit")
    review_answers: Mapped[str] = mapped_column(String(12), default="after_submit")
    review_feedback: Mapped[str] = mapped_column(String(12), default="after_submit")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    slots: Mapped[list["QuizSlot"]] = relationship(
        back_populates="quiz", order_by="QuizSlot.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Quiz {self.id} {self.title}>"


class QuizSlot(db.Model):
    """One question position: a fixed question, or a random draw from a category per attempt."""

    __tablename__ = "quiz_slots"
    __table_args__ = (UniqueConstraint("quiz_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="RESTRICT"), index=True
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_categories.id", ondelete="RESTRICT"), index=True
    )
    mark: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1))

    quiz: Mapped[Quiz] = relationship(back_populates="slots")
    question: Mapped[Question | None] = relationship()
    category: Mapped[QuestionCategory | None] = relationship()


class Attempt(db.Model):
    __tablename__ = "quiz_attempts"
    # The unique number stops two racing "start" requests from opening two attempts.
    __table_args__ = (UniqueConstraint("quiz_id", "user_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    state: Mapped[str] = mapped_column(String(12), default=IN_PROGRESS, index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    # Time limit or close date, whichever comes first; None = no limit.
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    auto_submitted: Mapped[bool] = mapped_column(default=False)
    # Sum of awarded marks; None while an essay waits for a grader.
    total: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    max_total: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(0))

    quiz: Mapped[Quiz] = relationship()
    user: Mapped[User] = relationship()
    items: Mapped[list["AttemptItem"]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan"
    )

    @property
    def finished(self) -> bool:
        return self.state == FINISHED

    @property
    def deadline_iso(self) -> str | None:
        """The deadline as ISO 8601 with its UTC offset (SQLite hands back naive datetimes)."""
        return as_utc(self.deadline).isoformat() if self.deadline else None

    @property
    def percent(self) -> Decimal | None:
        """Score as a percentage of the maximum (None while not fully graded)."""
        if self.total is None or not self.max_total:
            return None
        return (Decimal(100) * self.total / self.max_total).quantize(Decimal("0.01"))


class AttemptItem(db.Model):
    """One question of an attempt, as the trainee saw it, with the response and its grade."""

    __tablename__ = "quiz_attempt_items"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()  # order shown to the trainee (after shuffling)
    slot_position: Mapped[int] = mapped_column()
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="RESTRICT"))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("question_versions.id", ondelete="RESTRICT"), index=True
    )
    max_mark: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1))
    # Display order of choices / right-hand options / items, as indices into the spec.
    choice_order: Mapped[list | None] = mapped_column(JSON)
    response: Mapped[object | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fraction: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    awarded: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    needs_grading: Mapped[bool] = mapped_column(default=False, index=True)
    rubric_scores: Mapped[list | None] = mapped_column(JSON)
    grader_comment: Mapped[str] = mapped_column(Text, default="")
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    graded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    version: Mapped[QuestionVersion] = relationship()

    @property
    def spec(self) -> dict:
        return self.version.spec


class RegradeLog(db.Model):
    """One changed item of an applied regrade: who changed what, from which score to which."""

    __tablename__ = "quiz_regrade_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    old_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    new_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    old_awarded: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    new_awarded: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    old_total: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    new_total: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    attempt: Mapped[Attempt] = relationship()
