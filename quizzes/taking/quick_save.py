"""The autosave's common case without ORM objects: one locking SELECT and one UPDATE.

Nearly every save is to the trainee's own attempt, open and in time, for a question that is
part of it. That case needs the attempt's state and deadline, the item and the spec of the
version it froze, and that the session's user owns the attempt and may take quizzes (checked in
the same statement, core/session_claims.py, instead of loading the user first): one statement, locking the attempt row as `services.lock_attempt` does
(`FOR UPDATE` on PostgreSQL; on SQLite the request's transaction is already the only writer,
see core.database), then one UPDATE of the item. Anything else (another user's attempt, a
closed or overdue attempt, an unknown question, clearing an answer) goes to
`services.save_answer`, which answers with its error or submits the overdue attempt. The
profile behind it is in bench/RESULTS.md (ORM loading and the unit of work were half the save).
"""

from datetime import datetime

from sqlalchemy import bindparam, select, update

from core.extensions import db
from core.session_claims import SessionClaim, claim_holds
from quizzes.models import Attempt, AttemptItem, Quiz
from quizzes.models.attempts import IN_PROGRESS
from quizzes.models.bank import QuestionVersion
from quizzes.taking.services import past_grace, validate_response

# Built once per worker (bound per request): the claimed user must own the attempt and be
# signed in as claimed with a role that may take quizzes, checked here instead of before the view.
_PLAIN_SAVE_ROW = (
    select(
        Attempt.state,
        Attempt.deadline,
        Quiz.grace_seconds,
        AttemptItem.id,
        QuestionVersion.spec,
    )
    .join(Quiz, Quiz.id == Attempt.quiz_id)
    .join(
        AttemptItem,
        (AttemptItem.attempt_id == Attempt.id)
        & (AttemptItem.question_id == bindparam("question_id")),
    )
    .join(QuestionVersion, QuestionVersion.id == AttemptItem.version_id)
    .where(Attempt.id == bindparam("attempt_id"), claim_holds("quiz.take", Attempt.user_id))
    .with_for_update(of=Attempt)
)


# Built once: only the values are bound per request (a lambda would freeze a list response).
_STORE = (
    update(AttemptItem)
    .where(AttemptItem.id == bindparam("item_id"))
    .values(
        response=bindparam("response", type_=AttemptItem.response.type),
        answered_at=bindparam("now", type_=AttemptItem.answered_at.type),
    )
)


def save_if_plain(attempt_id: int, claim: SessionClaim, question_id: int, response, now: datetime):
    """Store the response and return the save's body, or None when the full path must decide."""
    if response is None:
        return None
    # Plain column statements go straight to the session's connection (its transaction): the
    # ORM's statement handling has nothing to do for them.
    connection = db.session.connection()
    params = {"attempt_id": attempt_id, "question_id": question_id, **claim.params()}
    row = connection.execute(_PLAIN_SAVE_ROW, params).one_or_none()
    if row is None or row.state != IN_PROGRESS:
        return None
    if past_grace(row.state, row.deadline, row.grace_seconds, now):
        return None  # overdue: the full path submits it and refuses the answer
    stored = validate_response(row.spec, response)  # a wrong shape is a 422, as before
    connection.execute(_STORE, {"item_id": row.id, "response": stored, "now": now})
    return {"saved": True, "question_id": question_id, "response": stored}
