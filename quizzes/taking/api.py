"""JSON API for taking quizzes; the take page's autosave uses the same endpoints.

Scripts authenticate with `Authorization: Bearer <token>` (no CSRF token needed); the page uses
its session cookie and must send the CSRF token in the `X-CSRFToken` header. Errors are JSON
`{"error", "message", "status"}` (core.errors) with 400/401/403/404/409/422.
"""

from flask import Blueprint, abort, current_app, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import update

from core import clock
from core.errors import DomainError
from core.extensions import csrf, db
from core.models import User
from core.permissions import require_permission
from core.tokens import bearer_token
from quizzes.models import Attempt
from quizzes.results import grade_for
from quizzes.setup.services import get_quiz_or_404
from quizzes.taking import services as attempt_services
from quizzes.taking.presenting import present_attempt

api_bp = Blueprint("quizzes_api", __name__, url_prefix="/api/v1")
csrf.exempt(api_bp)


class BadPayload(DomainError):
    status_code = 400


@api_bp.before_request
def check_csrf_for_cookie_sessions():
    """A browser session must prove the request came from our page; bearer tokens need not."""
    if request.method in ("GET", "HEAD", "OPTIONS") or bearer_token() is not None:
        return
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if current_user.is_authenticated:
        try:
            csrf.protect()
        except CSRFError:
            abort(400)


def begin_write(*, attempt_id: int | None = None, user_id: int | None = None) -> None:
    """End the request's read transaction and start one that begins with a row lock.

    Two tabs of one trainee save answers at the same moment. On SQLite a transaction that
    read first and writes second fails with "database is locked" when another writer got in
    between; one that starts by writing waits its turn (busy_timeout). On PostgreSQL the same
    lock orders a save against a submit of the same attempt.
    """
    db.session.commit()
    if attempt_id is not None:
        stmt = update(Attempt).where(Attempt.id == attempt_id).values(state=Attempt.state)
    else:
        stmt = update(User).where(User.id == user_id).values(updated_at=User.updated_at)
    db.session.execute(stmt.execution_options(synchronize_session=False))


def touch(attempt) -> None:
    """Auto-submit an overdue attempt and keep that, whatever the request does next."""
    if attempt_services.is_overdue(attempt, clock.now_utc()):
        begin_write(attempt_id=attempt.id)
        attempt_services.close_if_overdue(attempt, clock.now_utc())
        db.session.commit()


def close_overdue_of(user_id: int) -> None:
    """Lazy auto-submit of a user's overdue attempts (the cheap check first, then the lock)."""
    if attempt_services.overdue_attempts(clock.now_utc(), user_id):
        begin_write(user_id=user_id)
        attempt_services.close_overdue(clock.now_utc(), user_id=user_id)
        db.session.commit()


def result_json(attempt) -> dict:
    percent = attempt.percent
    passed = None if percent is None else percent >= attempt.quiz.pass_mark
    return {
        "attempt_id": attempt.id,
        "state": attempt.state,
        "auto_submitted": attempt.auto_submitted,
        "score": None if attempt.total is None else str(attempt.total),
        "max_score": str(attempt.max_total),
        "percent": None if percent is None else str(percent),
        "passed": passed,
        "needs_grading": any(item.needs_grading for item in attempt.items),
        "quiz_grade": _str(grade_for(attempt.user_id, attempt.quiz_id)),
    }


def _str(value):
    return None if value is None else str(value)


@api_bp.post("/quizzes/<int:quiz_id>/attempts")
@require_permission("quiz.take")
def start_attempt(quiz_id: int):
    quiz = get_quiz_or_404(quiz_id, published_only=True)
    begin_write(user_id=current_user.id)
    now = clock.now_utc()
    attempt_services.close_overdue(now, user_id=current_user.id)  # under the lock taken above
    before = {a.id for a in attempt_services.attempts_of(quiz.id, current_user.id)}
    attempt = attempt_services.start_attempt(quiz, current_user, now)
    db.session.commit()
    body = present_attempt(attempt)
    body["time_limit_minutes"] = quiz.time_limit_minutes
    body["server_now"] = now.isoformat()
    return body, (200 if attempt.id in before else 201)


@api_bp.get("/attempts/<int:attempt_id>")
@require_permission("quiz.take")
def show_attempt(attempt_id: int):
    attempt = attempt_services.get_own_attempt_or_404(attempt_id, current_user)
    touch(attempt)
    body = present_attempt(attempt)
    body["server_now"] = clock.now_utc().isoformat()
    if attempt.finished:
        body["result"] = result_json(attempt)
    return body


@api_bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>")
@require_permission("quiz.take")
def save_answer(attempt_id: int, question_id: int):
    begin_write(attempt_id=attempt_id)
    attempt = attempt_services.get_own_attempt_or_404(attempt_id, current_user)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or "response" not in payload:
        raise BadPayload(_bad_payload_message())
    touch(attempt)
    now = clock.now_utc()
    item = attempt_services.save_answer(attempt, question_id, payload["response"], now)
    db.session.commit()
    return {
        "saved": True,
        "question_id": item.question_id,
        "response": item.response,
        "saved_at": now.isoformat(),
    }


def _bad_payload_message() -> str:
    from flask_babel import gettext as _

    return _('Send a JSON object like {"response": ...}.')


@api_bp.post("/attempts/<int:attempt_id>/submit")
@require_permission("quiz.take")
def submit_attempt(attempt_id: int):
    begin_write(attempt_id=attempt_id)
    attempt = attempt_services.get_own_attempt_or_404(attempt_id, current_user)
    attempt_services.submit_attempt(attempt, clock.now_utc())
    db.session.commit()
    return result_json(attempt)
