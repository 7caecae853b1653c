"""The take page's common case from plain rows: one statement, no ORM objects.

Nearly every request of the take page is the trainee opening their own attempt, open and in
time. That case needs the attempt's header, the quiz's title and paging, and each item with the
spec of the version it froze: one joined SELECT of plain columns (as the autosave's common case
in quick_save.py). Loading the same rows as ORM objects (attempt, quiz, ten items, ten versions)
was the page's largest cost after rendering (bench/RESULTS.md, issue 14). Anything else (another
user's attempt, a finished or overdue one, an attempt without items) goes to the full path,
which answers with its 404, submits the overdue attempt or redirects to the review.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import lambda_stmt, select

from core.clock import as_utc
from core.extensions import db
from quizzes.models import Attempt, AttemptItem, Quiz
from quizzes.models.attempts import IN_PROGRESS
from quizzes.models.bank import QuestionVersion
from quizzes.taking.services import past_grace


@dataclass(slots=True, frozen=True)
class PageQuiz:
    title: str
    questions_per_page: int


@dataclass(slots=True, frozen=True)
class PageItem:
    """What presenting.present_item reads of an AttemptItem."""

    question_id: int
    position: int
    max_mark: Decimal
    choice_order: list | None
    response: object
    spec: dict


@dataclass(slots=True, frozen=True)
class PageAttempt:
    """What the take page reads of an Attempt that is open and in time."""

    id: int
    deadline: datetime | None
    quiz: PageQuiz
    items: list[PageItem]
    finished: bool = False

    @property
    def deadline_iso(self) -> str | None:
        return as_utc(self.deadline).isoformat() if self.deadline else None


# Built and cache-keyed once per worker; each request binds only the id.
def _page_rows(attempt_id: int):
    return lambda_stmt(
        lambda: (
            select(
                Attempt.user_id,
                Attempt.state,
                Attempt.deadline,
                Quiz.title,
                Quiz.questions_per_page,
                Quiz.grace_seconds,
                AttemptItem.question_id,
                AttemptItem.position,
                AttemptItem.max_mark,
                AttemptItem.choice_order,
                AttemptItem.response,
                QuestionVersion.spec,
            )
            .join(Quiz, Quiz.id == Attempt.quiz_id)
            .join(AttemptItem, AttemptItem.attempt_id == Attempt.id)
            .join(QuestionVersion, QuestionVersion.id == AttemptItem.version_id)
            .where(Attempt.id == attempt_id)
            .order_by(AttemptItem.position)
        )
    )


def open_attempt_if_plain(attempt_id: int, user_id: int, now: datetime) -> PageAttempt | None:
    """The user's open, in-time attempt as plain values, or None when the full path decides."""
    rows = db.session.execute(_page_rows(attempt_id)).all()
    if not rows:
        return None
    first = rows[0]
    if first.user_id != user_id or first.state != IN_PROGRESS:
        return None
    if past_grace(first.state, first.deadline, first.grace_seconds, now):
        return None  # overdue: the full path submits it and shows the review
    items = [
        PageItem(
            row.question_id, row.position, row.max_mark, row.choice_order, row.response, row.spec
        )
        for row in rows
    ]
    quiz = PageQuiz(first.title, first.questions_per_page)
    return PageAttempt(attempt_id, first.deadline, quiz, items)
