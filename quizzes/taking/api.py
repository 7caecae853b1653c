"""JSON API for taking quizzes; the take page's autosave uses the same endpoints.

Scripts authenticate with `Authorization: Bearer <token>` (no CSRF token needed); the page uses
its session cookie and must send the CSRF token in the `X-CSRFToken` header. Errors are JSON
`{"error", "message", "status"}` (core.errors) with 400/401/403/404/409/422. Handlers that write
lock first (taking/services.py, "Locks"), then commit once at the end; a late save also keeps
the auto-submit it caused.
"""

from flask import Blueprint, abort, current_app, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from core import clock
from core.database import begin_as_writer, start_writing, writes_late
from core.domain import N_, DomainError
from core.extensions import csrf, db
from core.permissions import ClaimedAccess, require_permission, require_permission_in_query
from core.session_claims import session_claim
from core.tokens import bearer_token
from quizzes.results import grade_for
from quizzes.setup.services import get_quiz_or_404
from quizzes.taking import services as taking
from quizzes.taking.presenting import present_attempt
from quizzes.taking.quick_save import save_if_plain

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
    # A session claiming a user is checked without loading it (core/session_claims.py).
    if session_claim() is not None or current_user.is_authenticated:
        try:
            csrf.protect()
        except CSRFError:
            abort(400)


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
    taking.lock_attempts_of(current_user.id)
    now = clock.now_utc()
    taking.close_overdue(now, user_id=current_user.id)
    before = {a.id for a in taking.attempts_of(quiz.id, current_user.id)}
    attempt = taking.start_attempt(quiz, current_user, now)
    db.session.commit()
    body = present_attempt(attempt)
    body["time_limit_minutes"] = quiz.time_limit_minutes
    body["server_now"] = now.isoformat()
    return body, (200 if attempt.id in before else 201)


@api_bp.get("/attempts/<int:attempt_id>")
@require_permission("quiz.take")
def show_attempt(attempt_id: int):
    attempt = taking.get_own_attempt_or_404(attempt_id, current_user)
    now = clock.now_utc()
    if taking.is_overdue(attempt, now):  # lazy auto-submit, stored before the answer
        begin_as_writer()  # end the read-only start: this request writes from here
        taking.lock_attempt(attempt.id)
        taking.close_if_overdue(attempt, now)
        db.session.commit()
    body = present_attempt(attempt)
    body["server_now"] = clock.now_utc().isoformat()
    if attempt.finished:
        body["result"] = result_json(attempt)
    return body


def answer_from_json(payload) -> object:
    """The response of a save request's body {"response": ...}; BadPayload (400) otherwise."""
    if not isinstance(payload, dict) or "response" not in payload:
        raise BadPayload(N_('Send a JSON object like {"response": ...}.'))
    return payload["response"]


@api_bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>")
@require_permission_in_query("quiz.take")
@writes_late
def save_answer(attempt_id: int, question_id: int, access: ClaimedAccess):
    # Saves and submits take turns (both lock the attempt); the save reads only its one item.
    payload = request.get_json(silent=True)
    if access.claim is not None and isinstance(payload, dict):
        start_writing()  # SQLite's write lock is held from here to the commit only
        now = clock.now_utc()
        response = payload.get("response")
        body = save_if_plain(attempt_id, access.claim, question_id, response, now)
        if body is not None:
            db.session.commit()
            return body | {"saved_at": now.isoformat()}
    access.confirm()  # 401/403 before anything else is answered; loads the user
    response = answer_from_json(payload)
    start_writing()
    now = clock.now_utc()
    attempt = taking.lock_own_attempt(attempt_id, current_user, questions=False)
    if taking.close_if_overdue(attempt, now):
        db.session.commit()  # the auto-submit stands, though the late answer is refused below
    item = taking.save_answer(attempt, question_id, response, now)  # AttemptClosed: 409
    # Read before the commit, which expires the item (reading it after would cost a SELECT).
    body = {"saved": True, "question_id": item.question_id, "response": item.response}
    db.session.commit()
    return body | {"saved_at": now.isoformat()}


@api_bp.post("/attempts/<int:attempt_id>/submit")
@require_permission("quiz.take")
def submit_attempt(attempt_id: int):
    attempt = taking.lock_own_attempt(attempt_id, current_user)
    taking.submit_attempt(attempt, clock.now_utc())
    db.session.commit()
    return result_json(attempt)
