"""The take page's common case from plain rows: one statement, no ORM objects.

Nearly every request of the take page is the trainee opening their own attempt, open and in
time. That case needs the attempt's header, the quiz's title and paging, each item with the
spec of the version it froze, and the signed-in reader (checked in the same statement instead
of loaded first, core/session_claims.py): one joined SELECT of plain columns (as the autosave's common case
in quick_save.py). Loading the same rows as ORM objects (attempt, quiz, ten items, ten versions)
was the page's largest cost after rendering (bench/RESULTS.md, issue 14). Anything else (another
user's attempt, a finished or overdue one, an attempt without items) goes to the full path,
which answers with its 404, submits the overdue attempt or redirects to the review.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, select

from core.clock import as_utc
from core.extensions import db
from core.models import User
from core.session_claims import ClaimedUser, SessionClaim, claim_holds, claimed_user_columns
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


# Built once per worker, bound per request. The claimed user must own the attempt and be signed
# in as claimed with a role that may take quizzes (core/session_claims.py); the page shows who
# they are and speaks their language, so their name, language and roles come along.
_PAGE_ROWS = (
    select(
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
        *claimed_user_columns(),
    )
    .join(Quiz, Quiz.id == Attempt.quiz_id)
    .join(AttemptItem, AttemptItem.attempt_id == Attempt.id)
    .join(QuestionVersion, QuestionVersion.id == AttemptItem.version_id)
    .join(User, User.id == Attempt.user_id)
    .where(Attempt.id == bindparam("attempt_id"), claim_holds("quiz.take", Attempt.user_id))
    .order_by(AttemptItem.position)
)


def open_attempt_if_plain(
    attempt_id: int, claim: SessionClaim, now: datetime
) -> tuple[PageAttempt, ClaimedUser] | None:
    """The claimed user's open, in-time attempt as plain values, with the user as read; None
    when the full path decides."""
    params = {"attempt_id": attempt_id, **claim.params()}
    # Plain columns: straight to the session's connection, past the ORM's statement handling.
    rows = db.session.connection().execute(_PAGE_ROWS, params).all()
    if not rows:
        return None
    first = rows[0]
    if first.state != IN_PROGRESS:
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
    return PageAttempt(attempt_id, first.deadline, quiz, items), ClaimedUser.from_row(claim, first)
