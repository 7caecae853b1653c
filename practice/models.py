"""The mistake book (错题本), the graded answers mastery is computed from, and practice sets.

A book entry is one question one trainee got wrong or only partly right; it keeps the version and
answer of the latest miss (shown in the book) and its place in the Leitner schedule
(practice/schedule.py). Practice sets always use each question's current version.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import now_utc
from core.extensions import db
from quizzes.models.bank import Question, QuestionVersion

QUIZ = "quiz"
PRACTICE = "practice"


class GradedAnswer(db.Model):
    """One graded answer to a bank question, from a quiz attempt or a practice set.

    Kept per source item (unique), so a regrade rewrites the row instead of adding one.
    """

    __tablename__ = "practice_answers"
    __table_args__ = (UniqueConstraint("source", "source_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id", ondelete="CASCADE"))
    module_slug: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(10))  # QUIZ or PRACTICE
    source_item_id: Mapped[int] = mapped_column()
    response: Mapped[object | None] = mapped_column(JSON)
    fraction: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BookEntry(db.Model):
    """A question in a trainee's mistake book; left_at is set once practice cleared it."""

    __tablename__ = "practice_book_entries"
    __table_args__ = (UniqueConstraint("user_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    # The version and the answer of the latest miss: the book shows what the trainee saw.
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id", ondelete="CASCADE"))
    response: Mapped[object | None] = mapped_column(JSON)
    fraction: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    module_slug: Mapped[str | None] = mapped_column(String(80))
    missed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Leitner state: correct answers in a row given when due, and when the question is due next.
    streak: Mapped[int] = mapped_column(default=0)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    question: Mapped[Question] = relationship()
    version: Mapped[QuestionVersion] = relationship()


class PracticeSet(db.Model):
    """A few questions a trainee practises in one go; never part of any grade."""

    __tablename__ = "practice_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # due, module, category, weak
    label: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    items: Mapped[list["PracticeItem"]] = relationship(
        back_populates="practice_set",
        order_by="PracticeItem.position",
        cascade="all, delete-orphan",
    )


class PracticeItem(db.Model):
    """One question of a practice set: the current version when the set was made."""

    __tablename__ = "practice_items"
    __table_args__ = (UniqueConstraint("set_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(
        ForeignKey("practice_sets.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id", ondelete="CASCADE"))
    module_slug: Mapped[str | None] = mapped_column(String(80))
    choice_order: Mapped[list | None] = mapped_column(JSON)
    response: Mapped[object | None] = mapped_column(JSON)
    saved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set once the trainee checked the answer: the feedback is shown, the answer is final.
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fraction: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))

    practice_set: Mapped[PracticeSet] = relationship(back_populates="items")
    question: Mapped[Question] = relationship()
    version: Mapped[QuestionVersion] = relationship()

    @property
    def spec(self) -> dict:
        return self.version.spec

    @property
    def max_mark(self) -> Decimal:
        """Practice carries no marks; the quiz presentation shows this one."""
        return Decimal(1)


class CaseTaskEntry(db.Model):
    """An automatically scored case task in a trainee's mistake book, in words as answered."""

    __tablename__ = "practice_case_task_entries"
    __table_args__ = (UniqueConstraint("user_id", "case_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("case_versions.id", ondelete="CASCADE"))
    task_id: Mapped[str] = mapped_column(String(80))
    case_slug: Mapped[str] = mapped_column(String(80))
    case_title: Mapped[str] = mapped_column(String(200))
    module_slug: Mapped[str | None] = mapped_column(String(80))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    right_answer: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    fraction: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    missed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
