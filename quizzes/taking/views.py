"""Trainee pages: quiz list, start, take (autosaving through the JSON API), summary, review.

A page that finds an attempt overdue submits it first (lazy auto-submit) and commits that before
it answers; see taking/services.py, "Locks", for why writing starts with ending the read.
"""

import math

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core import clock
from core.database import begin_as_writer, end_reading
from core.extensions import db
from core.permissions import ClaimedAccess, require_permission, require_permission_in_query
from core.session_claims import sign_in_claimed
from quizzes.blueprint import bp
from quizzes.grading_methods import GRADING_METHOD_LABELS
from quizzes.models import Attempt, Quiz
from quizzes.results import grade_for
from quizzes.setup.services import get_quiz_or_404
from quizzes.taking import services as taking
from quizzes.taking.presenting import present_item, response_text, review_item, review_options
from quizzes.taking.quick_page import open_attempt_if_plain


def _submit_my_overdue_attempts() -> None:
    """Lazy auto-submit: listing pages submit the viewer's overdue attempts first."""
    now = clock.now_utc()
    if taking.overdue_attempts(now, current_user.id):  # the cheap check first, then the lock
        begin_as_writer()  # end the read-only start: this request writes from here
        taking.lock_attempts_of(current_user.id)
        taking.close_overdue(now, user_id=current_user.id)
        db.session.commit()


def _submit_if_overdue(attempt: Attempt) -> None:
    """Lazy auto-submit of one attempt, committed before the page answers."""
    now = clock.now_utc()
    if taking.is_overdue(attempt, now):
        begin_as_writer()  # end the read-only start: this request writes from here
        taking.lock_attempt(attempt.id)
        taking.close_if_overdue(attempt, now)
        db.session.commit()


@bp.get("/")
@require_permission("quiz.take")
def quiz_list():
    _submit_my_overdue_attempts()
    quizzes = db.session.scalars(
        select(Quiz).where(Quiz.published.is_(True)).order_by(Quiz.id)
    ).all()
    now = clock.now_utc()
    rows = []
    for quiz in quizzes:
        attempts = taking.attempts_of(quiz.id, current_user.id)
        grade = grade_for(current_user.id, quiz.id)
        rows.append(
            {
                "quiz": quiz,
                "window": taking.quiz_window(quiz, now),
                "attempts": attempts,
                "open_attempt": next((a for a in attempts if not a.finished), None),
                "grade": grade,
                "passed": grade is not None and grade >= quiz.pass_mark,
            }
        )
    return render_template("quizzes/taking/quiz_list.html", rows=rows)


@bp.get("/<int:quiz_id>")
@require_permission("quiz.take")
def quiz_detail(quiz_id: int):
    quiz = get_quiz_or_404(quiz_id, published_only=True)
    _submit_my_overdue_attempts()
    attempts = taking.attempts_of(quiz.id, current_user.id)
    finished = [a for a in attempts if a.finished]
    now = clock.now_utc()
    return render_template(
        "quizzes/taking/quiz_detail.html",
        quiz=quiz,
        attempts=attempts,
        open_attempt=next((a for a in attempts if not a.finished), None),
        attempts_left=(
            None if not quiz.attempts_allowed else max(0, quiz.attempts_allowed - len(finished))
        ),
        window=taking.quiz_window(quiz, now),
        grade=grade_for(current_user.id, quiz.id),
        method_label=_(GRADING_METHOD_LABELS.get(quiz.grading_method, quiz.grading_method)),
        show={a.id: review_options(a, now) for a in finished},
    )


@bp.post("/<int:quiz_id>/start")
@require_permission("quiz.take")
def start(quiz_id: int):
    quiz = get_quiz_or_404(quiz_id, published_only=True)
    taking.lock_attempts_of(current_user.id)
    attempt = taking.start_attempt(quiz, current_user, clock.now_utc())
    db.session.commit()
    return redirect(url_for("quizzes.take", attempt_id=attempt.id))


def _open_attempt_or_review(attempt_id: int):
    """(attempt, None) when it can be taken; (None, redirect to its review) once finished."""
    attempt = taking.get_own_attempt_or_404(attempt_id, current_user)
    _submit_if_overdue(attempt)
    if attempt.finished:
        return None, redirect(url_for("quizzes.review", attempt_id=attempt.id))
    return attempt, None


@bp.get("/attempts/<int:attempt_id>")
@require_permission_in_query("quiz.take")
def take(attempt_id: int, access: ClaimedAccess):
    plain = (
        open_attempt_if_plain(attempt_id, access.claim, clock.now_utc()) if access.claim else None
    )
    if plain is not None:
        end_reading()  # the page's one statement stays prepared on PostgreSQL
        attempt, reader = plain
        sign_in_claimed(reader)
    else:  # not the common case: the full path decides
        access.confirm()
        attempt, finished = _open_attempt_or_review(attempt_id)
        if finished:
            return finished
    per_page = attempt.quiz.questions_per_page or len(attempt.items) or 1
    pages = max(1, math.ceil(len(attempt.items) / per_page))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    items = attempt.items[(page - 1) * per_page : page * per_page]
    return render_template(
        "quizzes/taking/attempt.html",
        attempt=attempt,
        quiz=attempt.quiz,
        questions=[present_item(item) for item in items],
        page=page,
        pages=pages,
        per_page=per_page,
        server_now=clock.now_utc(),
    )


@bp.get("/attempts/<int:attempt_id>/summary")
@require_permission("quiz.take")
def summary(attempt_id: int):
    attempt, finished = _open_attempt_or_review(attempt_id)
    if finished:
        return finished
    per_page = attempt.quiz.questions_per_page or len(attempt.items) or 1
    rows = [
        {
            "item": item,
            "answered": item.response not in (None, "", [], {}),
            "page": (index // per_page) + 1,
        }
        for index, item in enumerate(attempt.items)
    ]
    return render_template(
        "quizzes/taking/summary.html",
        attempt=attempt,
        quiz=attempt.quiz,
        rows=rows,
        server_now=clock.now_utc(),
    )


@bp.post("/attempts/<int:attempt_id>/submit")
@require_permission("quiz.take")
def submit(attempt_id: int):
    attempt = taking.lock_own_attempt(attempt_id, current_user)
    taking.submit_attempt(attempt, clock.now_utc())
    db.session.commit()
    return redirect(url_for("quizzes.review", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/review")
@require_permission("quiz.take")
def review(attempt_id: int):
    attempt = taking.get_own_attempt_or_404(attempt_id, current_user)
    _submit_if_overdue(attempt)
    if not attempt.finished:
        return redirect(url_for("quizzes.take", attempt_id=attempt.id))
    show = review_options(attempt, clock.now_utc())
    items = [
        dict(review_item(item, show), answer_text=response_text(item)) for item in attempt.items
    ]
    return render_template(
        "quizzes/taking/review.html", attempt=attempt, quiz=attempt.quiz, items=items, show=show
    )
