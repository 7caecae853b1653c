"""Trainee attempts, rubric grading by trainers, and the per-case discussion."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from case_library import scoring
from case_library.models import Case, CaseAttempt, DiscussionPost
from core import audit, events
from core.clock import now_utc
from core.domain import N_, Conflict, DomainError, Forbidden, NotFound
from core.extensions import db
from core.permissions import has_permission

MAX_TEXT = 20_000  # characters of a written answer or a grader's comment
MAX_POST = 5000  # characters of a discussion post

AUDIT_ACTIONS = {
    "case_attempt.graded": _l("Case answer graded"),
    "case_attempt.regraded": _l("Case answer regraded"),
    "case_post.hidden": _l("Discussion post hidden"),
    "case_post.shown": _l("Discussion post shown again"),
    "case_post.deleted": _l("Discussion post deleted"),
}


class PostInvalid(DomainError):
    """A discussion post cannot be accepted as written."""


def published_case_or_404(slug: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.slug == slug))
    if case is None or not case.is_published:
        raise NotFound(N_("This case does not exist or is not published."))
    return case


def own_attempt(case: Case, user) -> CaseAttempt | None:
    """The user's latest attempt at the case (the one the case page shows)."""
    return db.session.scalar(
        select(CaseAttempt)
        .where(CaseAttempt.case_id == case.id, CaseAttempt.user_id == user.id)
        .order_by(CaseAttempt.number.desc())
        .limit(1)
    )


def attempt_history(case: Case, user) -> list[CaseAttempt]:
    """All the user's attempts at the case, first to last."""
    return list(
        db.session.scalars(
            select(CaseAttempt)
            .where(CaseAttempt.case_id == case.id, CaseAttempt.user_id == user.id)
            .order_by(CaseAttempt.number)
        )
    )


def own_attempts(user) -> dict[int, CaseAttempt]:
    """The user's latest attempt by case id, in one query (for the library list)."""
    rows = db.session.scalars(
        select(CaseAttempt).where(CaseAttempt.user_id == user.id).order_by(CaseAttempt.number)
    )
    return {attempt.case_id: attempt for attempt in rows}


def attempts_left(case: Case, latest: CaseAttempt | None) -> int:
    """How many more attempts the case allows after `latest` (the user's latest attempt)."""
    used = latest.number if latest is not None else 0
    return max(0, case.retakes_allowed + 1 - used)


def can_start_again(case: Case, latest: CaseAttempt | None) -> bool:
    """A retake may start once the latest attempt is fully graded and attempts remain."""
    return latest is not None and latest.status == "graded" and attempts_left(case, latest) > 0


def counted_attempt(user_id: int, case_id: int) -> CaseAttempt | None:
    """The attempt whose score counts: the latest fully graded one (a retake waiting for its
    rubric grade does not replace the previous score until it is graded)."""
    return db.session.scalar(
        select(CaseAttempt)
        .where(
            CaseAttempt.user_id == user_id,
            CaseAttempt.case_id == case_id,
            CaseAttempt.status == "graded",
            CaseAttempt.rubric_score.is_not(None),
        )
        .order_by(CaseAttempt.number.desc())
        .limit(1)
    )


def counted_attempts(
    user_ids: list[int] | None = None, case_ids: list[int] | None = None
) -> dict[tuple[int, int], CaseAttempt]:
    """`counted_attempt` for many trainees and cases in one query: (user_id, case_id) -> attempt.
    None for either filter means all."""
    query = select(CaseAttempt).where(
        CaseAttempt.status == "graded", CaseAttempt.rubric_score.is_not(None)
    )
    if user_ids is not None:
        query = query.where(CaseAttempt.user_id.in_(user_ids))
    if case_ids is not None:
        query = query.where(CaseAttempt.case_id.in_(case_ids))
    counted: dict[tuple[int, int], CaseAttempt] = {}
    for attempt in db.session.scalars(query.order_by(CaseAttempt.number)):
        counted[(attempt.user_id, attempt.case_id)] = attempt  # later numbers win
    return counted


def counted_percent(user_id: int, case_id: int) -> Decimal | None:
    """The score (percent) that counts for assessment; None until an attempt is fully graded."""
    return attempt_percent(counted_attempt(user_id, case_id))


def display_order(task: Mapping, seed: str) -> list[int]:
    """A stable shuffle of a task's options or steps, never the answer order for ordering tasks."""
    n = len(task["steps"] if task["kind"] == "ordering" else task["options"])
    order = list(range(n))
    random.Random(f"{seed}:{task['id']}").shuffle(order)
    if task["kind"] == "ordering" and order == sorted(order) and n > 1:
        order = order[1:] + order[:1]
    return order


def submit_attempt(case: Case, user, answers: dict) -> CaseAttempt:
    """Score the automatic parts now; free text waits for a trainer's rubric grade."""
    latest = own_attempt(case, user)
    if latest is not None and attempts_left(case, latest) == 0:
        if case.retakes_allowed:
            raise Conflict(N_("You have used all your attempts at this case."))
        raise Conflict(N_("You have already submitted this case."))
    if latest is not None and latest.status != "graded":
        raise Conflict(N_("Your last attempt is waiting for grading; you can start again after."))
    version = case.published_version
    scores = scoring.score_auto(version.tasks, answers)
    attempt = CaseAttempt(
        case_id=case.id,
        version_id=version.id,
        user_id=user.id,
        number=(latest.number + 1) if latest is not None else 1,
        answers=answers,
        task_scores={k: str(v) for k, v in scores.items()},
        auto_score=sum(scores.values(), Decimal(0)),
        submitted_at=now_utc(),
    )
    if not scoring.needs_grading(version.tasks):
        attempt.status, attempt.rubric_score, attempt.graded_at = "graded", Decimal(0), now_utc()
    db.session.add(attempt)
    db.session.flush()
    _announce_graded(attempt)  # the automatic tasks are scored now
    return attempt


def _announce_graded(attempt: CaseAttempt) -> None:
    """Tell the areas above (practice) that the attempt's task scores changed (core.events)."""
    events.case_attempt_graded.send(
        current_app._get_current_object(),
        user_id=attempt.user_id,
        case_id=attempt.case_id,
        attempt_id=attempt.id,
    )


def attempt_or_404(attempt_id: int) -> CaseAttempt:
    attempt = db.session.get(CaseAttempt, attempt_id)
    if attempt is None:
        raise NotFound(N_("This answer sheet does not exist."))
    return attempt


def grade_attempt(attempt: CaseAttempt, grader, choices: dict, comments: str) -> None:
    """Record the rubric grade (a later grade replaces an earlier one)."""
    total = Decimal(0)
    scores = dict(attempt.task_scores)
    for task in attempt.version.tasks:
        if task["kind"] == "free_text":
            score = scoring.score_rubric(task, choices[task["id"]])
            scores[task["id"]] = str(score)
            total += score
    if len(comments) > MAX_TEXT:
        raise DomainError(N_("The comment is too long (at most 20000 characters)."))
    regrade = attempt.status == "graded"
    before = _grade_record(attempt) if regrade else None
    attempt.task_scores = scores
    attempt.rubric_choices = choices
    attempt.rubric_score = total
    attempt.comments = comments.strip()
    attempt.status = "graded"
    attempt.graded_at = now_utc()
    attempt.grader_id = grader.id
    db.session.flush()
    _announce_graded(attempt)
    audit.record(
        "case_attempt.regraded" if regrade else "case_attempt.graded",
        target=_attempt_target(attempt),
        before=before,
        after=_grade_record(attempt),
        actor=grader,
    )


def _grade_record(attempt: CaseAttempt) -> dict:
    """What a grade consists of, kept in the audit log: a regrade replaces it on the attempt."""
    return {
        "rubric_score": attempt.rubric_score,
        "task_scores": attempt.task_scores,
        "rubric_choices": attempt.rubric_choices,
        "comments": attempt.comments,
        "grader_id": attempt.grader_id,
    }


def _attempt_target(attempt: CaseAttempt) -> audit.Target:
    owner = attempt.user.username if attempt.user is not None else ""
    return audit.Target(
        "case_attempt", attempt.id, f"{attempt.case.slug} #{attempt.number} {owner}"
    )


def attempt_percent(attempt: CaseAttempt | None) -> Decimal | None:
    """Final score in percent once fully graded, else None."""
    if attempt is None or attempt.status != "graded" or attempt.rubric_score is None:
        return None
    total = Decimal(attempt.auto_score) + Decimal(attempt.rubric_score)
    return scoring.final_percent(total, attempt.version.total_points)


def recently_graded(limit: int = 20) -> list[CaseAttempt]:
    return list(
        db.session.scalars(
            select(CaseAttempt)
            .where(CaseAttempt.status == "graded", CaseAttempt.grader_id.is_not(None))
            .order_by(CaseAttempt.graded_at.desc())
            .limit(limit)
        )
    )


def grading_queue() -> list[CaseAttempt]:
    return list(
        db.session.scalars(
            select(CaseAttempt)
            .where(CaseAttempt.status == "submitted")
            .order_by(CaseAttempt.submitted_at)
        )
    )


# --- discussion -----------------------------------------------------------------------------


def can_moderate(user) -> bool:
    return has_permission(user, "case.grade")


def can_discuss(case: Case, user) -> bool:
    """Trainers always; trainees only after submitting (no spoilers)."""
    return can_moderate(user) or own_attempt(case, user) is not None


def visible_posts(case: Case, user) -> list[DiscussionPost]:
    query = select(DiscussionPost).where(
        DiscussionPost.case_id == case.id, DiscussionPost.deleted_at.is_(None)
    )
    if not can_moderate(user):
        query = query.where(DiscussionPost.hidden.is_(False))
    return list(db.session.scalars(query.order_by(DiscussionPost.created_at, DiscussionPost.id)))


def add_post(case: Case, user, body: str) -> DiscussionPost:
    if not can_discuss(case, user):
        raise Forbidden(N_("The discussion opens once you have submitted your answers."))
    body = (body or "").strip()
    if not body:
        raise PostInvalid(N_("Write something before posting."))
    if len(body) > MAX_POST:
        raise PostInvalid(N_("A post may have at most 5000 characters."))
    post = DiscussionPost(case_id=case.id, user_id=user.id, body=body, created_at=now_utc())
    db.session.add(post)
    db.session.flush()
    return post


def post_or_404(post_id: int) -> DiscussionPost:
    post = db.session.get(DiscussionPost, post_id)
    if post is None or post.deleted_at is not None:
        raise NotFound(N_("This post does not exist."))
    return post


def _post_target(post: DiscussionPost) -> audit.Target:
    author = post.user.username if post.user is not None else ""
    return audit.Target("case_post", post.id, f"{post.case.slug} {author}")


def set_post_hidden(post: DiscussionPost, hidden: bool) -> None:
    if post.hidden != hidden:
        audit.record(
            "case_post.hidden" if hidden else "case_post.shown",
            target=_post_target(post),
            before={"hidden": post.hidden},
            after={"hidden": hidden},
        )
    post.hidden = hidden


def delete_post(post: DiscussionPost) -> None:
    """Take the post out of the discussion; the row and the audit entry keep what it said."""
    post.deleted_at = now_utc()
    audit.record(
        "case_post.deleted",
        target=_post_target(post),
        before={"body": post.body, "hidden": post.hidden, "author_id": post.user_id},
    )
    db.session.flush()
