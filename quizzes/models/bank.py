"""The question bank: nested categories, questions, their versions and tags.

A question's content lives in its versions as a question spec (docs/question-spec.md). Editing a
question that already has attempts adds a new version; attempts keep pointing at the version the
trainee saw, so reviews never change under their feet.
"""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import now_utc
from core.extensions import db
from core.models import TimestampMixin


class QuestionCategory(TimestampMixin, db.Model):
    __tablename__ = "question_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_categories.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    # Slash-separated names from the root ("贷后学堂/intro"); unique, so imports find their category.
    path: Mapped[str] = mapped_column(String(1000), unique=True)

    parent: Mapped["QuestionCategory | None"] = relationship(remote_side=[id])

    @classmethod
    def ensure_path(cls, path: str) -> "QuestionCategory":
        """Find or create every category along path; returns the deepest one."""
        parts = [part.strip() for part in path.split("/") if part.strip()]
        if not parts:
            raise ValueError("empty category path")
        parent = None
        for depth in range(1, len(parts) + 1):
            sub_path = "/".join(parts[:depth])
            category = db.session.scalar(select(cls).where(cls.path == sub_path))
            if category is None:
                category = cls(name=parts[depth - 1], path=sub_path, parent=parent)
                db.session.add(category)
                db.session.flush()
            parent = category
        return parent


class Question(TimestampMixin, db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("question_categories.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(20))
    archived: Mapped[bool] = mapped_column(default=False)
    # Where a shipped question came from ("content:intro-01"), so demo loading stays idempotent.
    source_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Lower-cased plain text of the latest version (name, text, answers) for the bank's search box;
    # JSON columns cannot be searched the same way on SQLite and PostgreSQL.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    category: Mapped[QuestionCategory] = relationship()
    versions: Mapped[list["QuestionVersion"]] = relationship(
        back_populates="question",
        order_by="QuestionVersion.number",
        cascade="all, delete-orphan",
    )
    tags: Mapped[list["QuestionTag"]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def latest(self) -> "QuestionVersion":
        return self.versions[-1]

    @property
    def tag_names(self) -> list[str]:
        return sorted(tag.name for tag in self.tags)


class QuestionVersion(db.Model):
    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(default=1)
    spec: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    change_note: Mapped[str] = mapped_column(String(500), default="")

    question: Mapped[Question] = relationship(back_populates="versions")


class QuestionTag(db.Model):
    __tablename__ = "question_tags"
    __table_args__ = (UniqueConstraint("question_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60), index=True)
