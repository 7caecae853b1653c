"""Attempt services: start or resume, autosave one answer, submit, close overdue attempts.

Time rules: an attempt's deadline is the time limit or the quiz close date, whichever comes
first. Answers are accepted until deadline + the quiz's grace period; after that the attempt is
submitted with the answers already saved ("auto-submit"), on the next request that touches it
or by `flask quizzes close-overdue`. Services flush, never commit.

Locks: a request that changes an attempt first takes a row lock (lock_attempt, lock_attempts_of),
so two tabs saving and submitting one attempt take turns and an overdue attempt is submitted
exactly once. The lock must be the transaction's first statement: on SQLite a transaction that
has read cannot become a writer once another request has written ("database is locked"), while
one that starts by writing waits its turn (busy_timeout). A POST or PUT begins its transaction as
a writer (core.database), so it loads the signed-in user, locks and writes in one transaction;
a GET that finds an overdue attempt ends its read-only start first, then locks.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from core import events
from core.clock import as_utc
from core.domain import N_, Conflict, DomainError, Forbidden, NotFound
from core.extensions import db
from core.models import User
from quizzes.grading import grade
from quizzes.models import Attempt, AttemptItem, Question, QuestionCategory, Quiz
from quizzes.models.attempts import FINISHED, IN_PROGRESS
from quizzes.question_types import AUTO_GRADED, question_type

CENT = Decimal("0.01")


class AttemptClosed(Conflict):
    """The attempt was submitted (by the trainee or by the clock)."""


def quiz_window(quiz: Quiz, now: datetime) -> str:
    """'not_open', 'closed' or 'open' for the quiz at now."""
    if quiz.open_at and now < as_utc(quiz.open_at):
        return "not_open"
    if quiz.close_at and now >= as_utc(quiz.close_at):
        return "closed"
    return "open"


# An attempt page shows every question: the quiz, the items and the versions they froze come in
# the attempt's own statement (a page's round trips do not grow with its questions).
_WITH_QUESTIONS = (
    joinedload(Attempt.quiz),
    joinedload(Attempt.items).joinedload(AttemptItem.version),
)


def get_own_attempt_or_404(attempt_id: int, user: User, questions: bool = True) -> Attempt:
    """The user's own attempt, read fresh; another trainee's attempt is as good as missing.

    With questions (the default) its quiz, items and their versions come in the same statement;
    without, only the quiz (a save reads the one item it changes).
    """
    options = _WITH_QUESTIONS if questions else _WITH_QUESTIONS[:1]
    attempt = db.session.get(Attempt, attempt_id, options=options, populate_existing=True)
    if attempt is None or attempt.user_id != user.id:
        raise NotFound(N_("This attempt does not exist."))
    return attempt


def lock_attempt(attempt_id: int) -> None:
    """Take the attempt row's lock until the transaction ends (see "Locks" above)."""
    stmt = update(Attempt).where(Attempt.id == attempt_id).values(state=Attempt.state)
    db.session.execute(stmt.execution_options(synchronize_session=False))


def lock_own_attempt(attempt_id: int, user: User, questions: bool = True) -> Attempt:
    """Lock the attempt, then read it (fresh, as the lock left it): the user's own, or NotFound."""
    lock_attempt(attempt_id)
    return get_own_attempt_or_404(attempt_id, user, questions)


def lock_attempts_of(user_id: int) -> None:
    """Take the user's row lock: starts and auto-submits of one trainee's attempts take turns."""
    stmt = update(User).where(User.id == user_id).values(updated_at=User.updated_at)
    db.session.execute(stmt.execution_options(synchronize_session=False))


def attempts_of(quiz_id: int, user_id: int) -> list[Attempt]:
    query = select(Attempt).where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id)
    return list(db.session.scalars(query.order_by(Attempt.number)))


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    """True when the attempt is in progress and past its deadline plus the grace period."""
    return past_grace(attempt.state, attempt.deadline, attempt.quiz.grace_seconds, now)


def past_grace(state: str, deadline: datetime | None, grace_seconds: int, now: datetime) -> bool:
    """is_overdue on an attempt's plain values (the autosave reads no Attempt object)."""
    if state != IN_PROGRESS or deadline is None:
        return False
    return now > as_utc(deadline) + timedelta(seconds=grace_seconds)


def close_if_overdue(attempt: Attempt, now: datetime) -> bool:
    """Submit an overdue attempt with its saved answers; True when it was closed now."""
    if not is_overdue(attempt, now):
        return False
    return finish_attempt(attempt, now, auto=True)


def overdue_attempts(now: datetime, user_id: int | None = None) -> list[Attempt]:
    """Attempts in progress past their deadline plus grace (of one user, when given)."""
    query = select(Attempt).where(Attempt.state == IN_PROGRESS, Attempt.deadline.is_not(None))
    if user_id is not None:
        query = query.where(Attempt.user_id == user_id)
    return [a for a in db.session.scalars(query).all() if is_overdue(a, now)]


def close_overdue(now: datetime, user_id: int | None = None) -> int:
    """Submit every overdue attempt (of one user, when given); returns how many were closed."""
    return sum(1 for a in overdue_attempts(now, user_id) if close_if_overdue(a, now))


def _draw(slots, rng: random.Random) -> list[tuple[int, Question]]:
    """(slot position, question) for every slot; random slots draw distinct questions."""
    fixed_ids = {s.question_id for s in slots if s.question_id}
    used: set[int] = set(fixed_ids)
    chosen = []
    for slot in slots:
        if slot.question_id:
            chosen.append((slot.position, slot.question))
            continue
        category = db.session.get(QuestionCategory, slot.category_id)
        pool_query = (
            select(Question)
            .join(QuestionCategory)
            .where(
                Question.archived.is_(False),
                # Random draws take auto-graded questions only: add essays as fixed slots.
                Question.type.in_(AUTO_GRADED),
                (QuestionCategory.id == category.id)
                | QuestionCategory.path.startswith(category.path + "/"),
            )
            .order_by(Question.id)
        )
        pool = [q for q in db.session.scalars(pool_query) if q.id not in used and q.versions]
        if not pool:
            raise DomainError(
                N_("The category %(name)s has too few questions for this quiz."),
                name=category.path,
            )
        question = rng.choice(pool)
        used.add(question.id)
        chosen.append((slot.position, question))
    return chosen


def _check_can_start(quiz: Quiz, user: User, now: datetime, finished_count: int) -> None:
    if not quiz.published:
        raise NotFound(N_("This quiz does not exist."))
    if not quiz.slots:
        raise DomainError(N_("This quiz has no questions yet."))
    window = quiz_window(quiz, now)
    if window == "not_open":
        raise Forbidden(N_("This quiz is not open yet."))
    if window == "closed":
        raise AttemptClosed(N_("This quiz is closed."))
    if quiz.attempts_allowed and finished_count >= quiz.attempts_allowed:
        raise AttemptClosed(N_("You have used all attempts allowed for this quiz."))


def start_attempt(quiz: Quiz, user: User, now: datetime, rng: random.Random | None = None):
    """Resume the user's open attempt or start a new one; returns the attempt."""
    rng = rng or random.Random()
    existing = attempts_of(quiz.id, user.id)
    for attempt in existing:
        close_if_overdue(attempt, now)
    current = next((a for a in existing if a.state == IN_PROGRESS), None)
    if current is not None:
        return current
    _check_can_start(quiz, user, now, sum(1 for a in existing if a.state == FINISHED))
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes)
    if quiz.close_at:
        deadline = min(deadline or as_utc(quiz.close_at), as_utc(quiz.close_at))
    attempt = Attempt(
        quiz=quiz, user_id=user.id, number=len(existing) + 1, started_at=now, deadline=deadline
    )
    drawn = _draw(quiz.slots, rng)
    marks = {slot.position: slot.mark for slot in quiz.slots}
    positions = list(range(1, len(drawn) + 1))
    if quiz.shuffle_questions:
        rng.shuffle(positions)
    for position, (slot_position, question) in zip(positions, drawn, strict=True):
        version = question.latest
        qtype = question_type(version.spec)
        attempt.items.append(
            AttemptItem(
                position=position,
                slot_position=slot_position,
                question_id=question.id,
                version_id=version.id,
                max_mark=marks[slot_position] if qtype.has_marks else Decimal(0),
                choice_order=qtype.choice_order(version.spec, quiz.shuffle_choices, rng),
            )
        )
    attempt.max_total = sum((i.max_mark for i in attempt.items), Decimal(0))
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
            db.session.flush()
    except IntegrityError:
        # Another request started the same attempt a moment ago: resume that one.
        current = db.session.scalar(
            select(Attempt).where(
                Attempt.quiz_id == quiz.id, Attempt.user_id == user.id, Attempt.state == IN_PROGRESS
            )
        )
        if current is None:
            raise Conflict(N_("The attempt could not be started. Please try again.")) from None
        return current
    return attempt


def validate_response(spec: dict, response):
    """The response if its shape fits the question type (None clears it); else 422."""
    if response is None:
        return None
    return question_type(spec).check_response(spec, response)


def _ensure_open(attempt: Attempt, now: datetime) -> None:
    close_if_overdue(attempt, now)
    if attempt.state != IN_PROGRESS and attempt.auto_submitted:
        raise AttemptClosed(
            N_("Time is up: the attempt was submitted with the answers saved before the deadline.")
        )
    if attempt.state != IN_PROGRESS:
        raise AttemptClosed(N_("This attempt has already been submitted."))


def save_answer(attempt: Attempt, question_id: int, response, now: datetime) -> AttemptItem:
    """Store one response of an open attempt (autosave); the last save wins."""
    _ensure_open(attempt, now)
    item = db.session.scalar(
        select(AttemptItem)
        .options(joinedload(AttemptItem.version))
        .where(AttemptItem.attempt_id == attempt.id, AttemptItem.question_id == question_id)
    )
    if item is None:
        raise NotFound(N_("This question is not part of the attempt."))
    item.response = validate_response(item.spec, response)
    item.answered_at = now
    db.session.flush()
    return item


def grade_item(item: AttemptItem) -> None:
    """Grade one item automatically; essays with an answer wait for a trainer."""
    spec = item.spec
    if not question_type(spec).has_marks:
        item.fraction, item.awarded, item.needs_grading = None, Decimal(0), False
        return
    fraction = grade(spec, item.response)
    if fraction is None:  # essay
        answered = isinstance(item.response, str) and item.response.strip()
        if item.graded_at is not None:
            return  # a trainer graded it already; keep that
        if answered:
            item.fraction, item.awarded, item.needs_grading = None, None, True
        else:
            item.fraction, item.awarded, item.needs_grading = Decimal(0), Decimal(0), False
        return
    item.fraction = fraction
    item.awarded = (fraction * item.max_mark).quantize(CENT)
    item.needs_grading = False


def update_total(attempt: Attempt) -> None:
    """Attempt total = sum of awarded marks, or None while an item waits for a grader."""
    if any(i.needs_grading or i.awarded is None for i in attempt.items):
        attempt.total = None
    else:
        attempt.total = sum((i.awarded for i in attempt.items), Decimal(0))


def announce_graded(attempt: Attempt) -> None:
    """Tell the areas above (practice) that the attempt's marks changed (core.events)."""
    events.quiz_attempt_graded.send(
        current_app._get_current_object(),
        user_id=attempt.user_id,
        quiz_id=attempt.quiz_id,
        attempt_id=attempt.id,
    )


def finish_attempt(attempt: Attempt, now: datetime, auto: bool = False) -> bool:
    """Close and grade an open attempt; False when it had been closed already (idempotent).

    The state change is one conditional UPDATE, so two racing submits grade it only once.
    """
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == IN_PROGRESS)
        .values(state=FINISHED, submitted_at=now, auto_submitted=auto)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:
        db.session.refresh(attempt)
        return False
    db.session.refresh(attempt, ["state", "submitted_at", "auto_submitted"])
    for item in attempt.items:
        response = question_type(item.spec).response_at_submit(item.response, item.choice_order)
        if response != item.response:
            item.response = response
        grade_item(item)
    update_total(attempt)
    db.session.flush()
    announce_graded(attempt)
    return True


def submit_attempt(attempt: Attempt, now: datetime) -> Attempt:
    """Submit the attempt; submitting a submitted attempt changes nothing."""
    if attempt.state == IN_PROGRESS:
        # Sent by the page's countdown at 0 (or later, within the grace period): time ran out.
        time_up = attempt.deadline is not None and now >= as_utc(attempt.deadline)
        finish_attempt(attempt, now, auto=time_up)
    return attempt


def finished_count(quiz_id: int, user_id: int) -> int:
    return db.session.scalar(
        select(func.count(Attempt.id)).where(
            Attempt.quiz_id == quiz_id, Attempt.user_id == user_id, Attempt.state == FINISHED
        )
    )


def count_attempts_using(question_id: int) -> int:
    """How many attempts hold this question (the bank then edits by adding a version)."""
    return db.session.scalar(
        select(func.count(AttemptItem.id)).where(AttemptItem.question_id == question_id)
    )
