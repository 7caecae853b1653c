"""Course data: modules, lessons with revisions, learner progress, conduct acknowledgements, glossary.

A lesson keeps two copies of its text: the working copy (title, body) that trainers edit, and the
published copy (published_title, published_body) that learners read. Publishing copies one onto
the other, so a trainer can save drafts without learners seeing half-finished text.
"""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import now_utc
from core.extensions import db
from core.models import TimestampMixin


class Module(TimestampMixin, db.Model):
    __tablename__ = "course_modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    order: Mapped[int] = mapped_column(default=0)
    intro: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[list] = mapped_column(JSON, default=list)
    estimated_minutes: Mapped[int] = mapped_column(default=30)
    prerequisites: Mapped[list] = mapped_column(JSON, default=list)
    conduct_rules_version: Mapped[str | None] = mapped_column(String(40), default=None)
    published: Mapped[bool] = mapped_column(default=True)
    archived: Mapped[bool] = mapped_column(default=False)
    # Content-file bookkeeping: where it came from, the hash last applied, edited in the browser.
    source_path: Mapped[str | None] = mapped_column(String(300), default=None)
    source_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    file_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    locally_modified: Mapped[bool] = mapped_column(default=False)
    # Moved up/down in the browser: sync keeps this order instead of the file's.
    order_from_browser: Mapped[bool] = mapped_column(default=False)

    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="module", order_by="Lesson.order", cascade="all, delete-orphan"
    )

    @property
    def visible_lessons(self) -> list["Lesson"]:
        """Lessons a learner reads: published and not archived, in order."""
        return [lesson for lesson in self.lessons if lesson.is_published and not lesson.archived]

    @property
    def diverged_from_file(self) -> bool:
        return self.locally_modified and self.file_hash != self.source_hash


class Lesson(TimestampMixin, db.Model):
    __tablename__ = "course_lessons"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("course_modules.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    order: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    published_title: Mapped[str | None] = mapped_column(String(200), default=None)
    published_body: Mapped[str | None] = mapped_column(Text, default=None)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    archived: Mapped[bool] = mapped_column(default=False)
    source_path: Mapped[str | None] = mapped_column(String(300), default=None)
    source_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    file_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    locally_modified: Mapped[bool] = mapped_column(default=False)
    # Moved up/down in the browser: sync keeps this order instead of the file's.
    order_from_browser: Mapped[bool] = mapped_column(default=False)

    module: Mapped[Module] = relationship(back_populates="lessons")
    revisions: Mapped[list["LessonRevision"]] = relationship(
        back_populates="lesson",
        order_by="LessonRevision.number.desc()",
        cascade="all, delete-orphan",
    )

    @property
    def is_published(self) -> bool:
        return self.published_body is not None

    @property
    def has_unpublished_changes(self) -> bool:
        return self.is_published and (
            self.published_title != self.title or self.published_body != self.body
        )

    @property
    def diverged_from_file(self) -> bool:
        """Edited in the browser while its file changed too: neither copy wins silently."""
        return self.locally_modified and self.file_hash != self.source_hash


class LessonRevision(db.Model):
    __tablename__ = "course_lesson_revisions"
    __table_args__ = (UniqueConstraint("lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("course_lessons.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    # "file" (sync), "editor" (browser save), "restore" (copy of an older revision), "reset"
    source: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    lesson: Mapped[Lesson] = relationship(back_populates="revisions")
    author = relationship("User", lazy="joined")


class LessonProgress(db.Model):
    __tablename__ = "course_lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("course_lessons.id", ondelete="CASCADE"), index=True
    )
    # How far down the lesson the reader got, in percent of the page (0-100).
    last_position: Mapped[int] = mapped_column(default=0)
    last_visited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class ConductAcknowledgement(db.Model):
    __tablename__ = "course_conduct_acknowledgements"
    __table_args__ = (UniqueConstraint("user_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(40))
    acknowledged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    user = relationship("User", lazy="joined")


class GlossaryTerm(TimestampMixin, db.Model):
    __tablename__ = "course_glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(100), unique=True)
    english: Mapped[str] = mapped_column(String(200), default="")
    definition: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    archived: Mapped[bool] = mapped_column(default=False)
    # glossary.yaml bookkeeping, as for lessons: the entry's term in the file (None for terms made
    # in the browser), the hash of the entry last applied and of the entry now in the file, and
    # whether a trainer edited it in the browser (then sync never overwrites it).
    source_term: Mapped[str | None] = mapped_column(String(100), default=None)
    source_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    file_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    locally_modified: Mapped[bool] = mapped_column(default=False)

    @property
    def diverged_from_file(self) -> bool:
        """Edited in the browser while glossary.yaml changed its entry too."""
        return (
            self.locally_modified
            and self.file_hash is not None
            and self.file_hash != self.source_hash
        )
