"""Attempt services: start or resume, autosave one answer, submit, close overdue attempts.

Time rules: an attempt's deadline is the time limit or the quiz close date, whichever comes
first. Answers are accepted until deadline + the quiz's grace period; after that the attempt is
submitted with the answers already saved ("auto-submit"), on the next request that touches it
or by `flask quizzes close-overdue`. Services flush, never commit.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from core.clock import as_utc
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.extensions import db
from core.models import User
from quizzes.grading import grade
from quizzes.models import Attempt, AttemptItem, Question, QuestionCategory, Quiz
from quizzes.models.attempts import FINISHED, IN_PROGRESS

CENT = Decimal("0.01")
MAX_TEXT = 20_000
CHOICE_TYPES = ("single", "multi")


class AttemptClosed(Conflict):
    """The attempt was submitted (by the trainee or by the clock)."""


class InvalidResponse(DomainError):
    status_code = 422


def quiz_window(quiz: Quiz, now: datetime) -> str:
    """'not_open', 'closed' or 'open' for the quiz at now."""
    if quiz.open_at and now < as_utc(quiz.open_at):
        return "not_open"
    if quiz.close_at and now >= as_utc(quiz.close_at):
        return "closed"
    return "open"


def get_own_attempt_or_404(attempt_id: int, user: User) -> Attempt:
    """The user's own attempt; another trainee's attempt is as good as missing."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user.id:
        raise NotFound(_("This attempt does not exist."))
    return attempt


def attempts_of(quiz_id: int, user_id: int) -> list[Attempt]:
    query = select(Attempt).where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id)
    return list(db.session.scalars(query.order_by(Attempt.number)))


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    """True when the attempt is in progress and past its deadline plus the grace period."""
    if attempt.state != IN_PROGRESS or attempt.deadline is None:
        return False
    return now > as_utc(attempt.deadline) + timedelta(seconds=attempt.quiz.grace_seconds)


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
                Question.type.not_in(("description", "essay")),
                (QuestionCategory.id == category.id)
                | QuestionCategory.path.startswith(category.path + "/"),
            )
            .order_by(Question.id)
        )
        pool = [q for q in db.session.scalars(pool_query) if q.id not in used and q.versions]
        if not pool:
            raise DomainError(
                _("The category %(name)s has too few questions for this quiz.", name=category.path)
            )
        question = rng.choice(pool)
        used.add(question.id)
        chosen.append((slot.position, question))
    return chosen


def _choice_order(spec: dict, shuffle: bool, rng: random.Random) -> list[int] | None:
    qtype = spec.get("type")
    if qtype in CHOICE_TYPES:
        order = list(range(len(spec.get("choices") or [])))
        if shuffle and spec.get("shuffle_choices", True):
            rng.shuffle(order)
        return order
    if qtype == "matching":
        order = list(range(len(spec.get("pairs") or [])))
        rng.shuffle(order)  # the right-hand options; the stems keep their order
        return order
    if qtype == "ordering":
        order = list(range(len(spec.get("items") or [])))
        if len(order) > 1:
            while order == sorted(order):  # never hand out the answer
                rng.shuffle(order)
        return order
    return None


def _check_can_start(quiz: Quiz, user: User, now: datetime, finished_count: int) -> None:
    if not quiz.published:
        raise NotFound(_("This quiz does not exist."))
    if not quiz.slots:
        raise DomainError(_("This quiz has no questions yet."))
    window = quiz_window(quiz, now)
    if window == "not_open":
        raise Forbidden(_("This quiz is not open yet."))
    if window == "closed":
        raise AttemptClosed(_("This quiz is closed."))
    if quiz.attempts_allowed and finished_count >= quiz.attempts_allowed:
        raise AttemptClosed(_("You have used all attempts allowed for this quiz."))


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
        attempt.items.append(
            AttemptItem(
                position=position,
                slot_position=slot_position,
                question_id=question.id,
                version_id=version.id,
                max_mark=Decimal(0)
                if version.spec.get("type") == "description"
                else marks[slot_position],
                choice_order=_choice_order(version.spec, quiz.shuffle_choices, rng),
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
            raise Conflict(_("The attempt could not be started. Please try again.")) from None
        return current
    return attempt


def validate_response(spec: dict, response):
    """The response if its shape fits the question type (None clears it); else 422."""
    if response is None:
        return None
    qtype = spec.get("type")
    bad = InvalidResponse(_("This answer does not fit the question. Please answer again."))
    if qtype == "single":
        if not _index(response, len(spec.get("choices") or [])):
            raise bad
    elif qtype == "multi":
        size = len(spec.get("choices") or [])
        if not isinstance(response, list) or not all(_index(i, size) for i in response):
            raise bad
        response = sorted(set(response))
    elif qtype == "truefalse":
        if not isinstance(response, bool):
            raise bad
    elif qtype in ("shortanswer", "numerical", "essay"):
        if not isinstance(response, str):
            raise bad
        if len(response) > MAX_TEXT:
            raise InvalidResponse(_("The answer is too long."))
    elif qtype == "matching":
        pairs = spec.get("pairs") or []
        if not isinstance(response, dict) or not all(
            isinstance(v, str) and str(k).isdigit() and int(k) < len(pairs)
            for k, v in response.items()
        ):
            raise bad
        response = {str(k): v for k, v in response.items() if v}
    elif qtype == "ordering":
        size = len(spec.get("items") or [])
        if (
            not isinstance(response, list)
            or sorted(response) != list(range(size))
            or not all(_index(i, size) for i in response)
        ):
            raise bad
    else:
        raise bad
    return response


def _index(value, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _ensure_open(attempt: Attempt, now: datetime) -> None:
    close_if_overdue(attempt, now)
    if attempt.state != IN_PROGRESS and attempt.auto_submitted:
        raise AttemptClosed(
            _("Time is up: the attempt was submitted with the answers saved before the deadline.")
        )
    if attempt.state != IN_PROGRESS:
        raise AttemptClosed(_("This attempt has already been submitted."))


def save_answer(attempt: Attempt, question_id: int, response, now: datetime) -> AttemptItem:
    """Store one response of an open attempt (autosave); the last save wins."""
    _ensure_open(attempt, now)
    item = next((i for i in attempt.items if i.question_id == question_id), None)
    if item is None:
        raise NotFound(_("This question is not part of the attempt."))
    item.response = validate_response(item.spec, response)
    item.answered_at = now
    db.session.flush()
    return item


def grade_item(item: AttemptItem) -> None:
    """Grade one item automatically; essays with an answer wait for a trainer."""
    spec = item.spec
    if spec.get("type") == "description":
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
        if item.spec.get("type") == "ordering" and item.response is None and item.choice_order:
            # As in Moodle, the order on screen is the answer even if it was never changed.
            item.response = list(item.choice_order)
        grade_item(item)
    update_total(attempt)
    db.session.flush()
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
