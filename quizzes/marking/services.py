"""Marking services: the essay grading queue, essay grades, regrades. Flush, never commit."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import audit
from core.domain import N_, DomainError, NotFound
from core.extensions import db
from core.models import User
from quizzes.grading import grade
from quizzes.models import Attempt, AttemptItem, Question, Quiz, RegradeLog
from quizzes.models.attempts import FINISHED
from quizzes.question_types import question_type
from quizzes.taking.services import CENT, announce_graded, grade_item, update_total

AUDIT_ACTIONS = {
    "quiz_answer.graded": _l("Essay graded"),
    "quiz_answer.regraded": _l("Essay regraded"),
    "quiz_answer.auto_regraded": _l("Answer regraded against a fixed question"),
}


def _item_target(item: AttemptItem) -> audit.Target:
    attempt = item.attempt
    label = f"{attempt.quiz.title} #{attempt.number} {attempt.user.username} Q{item.position}"
    return audit.Target("quiz_answer", item.id, label)


def _mark_record(item: AttemptItem) -> dict:
    """What a mark consists of, kept in the audit log: a regrade replaces it on the item."""
    return {
        "awarded": item.awarded,
        "rubric_scores": item.rubric_scores,
        "comment": item.grader_comment,
        "graded_by_id": item.graded_by_id,
        "attempt_total": item.attempt.total,
    }


def grading_queue(quiz_id: int | None = None) -> list[AttemptItem]:
    """Submitted essay answers waiting for a trainer, oldest submission first."""
    query = (
        select(AttemptItem)
        .join(Attempt)
        .where(AttemptItem.needs_grading.is_(True), Attempt.state == FINISHED)
        .order_by(Attempt.submitted_at, AttemptItem.id)
    )
    if quiz_id is not None:
        query = query.where(Attempt.quiz_id == quiz_id)
    return list(db.session.scalars(query))


def get_item_or_404(item_id: int) -> AttemptItem:
    item = db.session.get(AttemptItem, item_id)
    if item is None or item.attempt.state != FINISHED:
        raise NotFound(N_("This answer does not exist."))
    return item


def rubric_points(spec: dict, levels: list[int | None]) -> tuple[Decimal, Decimal]:
    """(points scored, points possible) for one chosen level index per rubric criterion."""
    rubric = spec.get("rubric") or []
    if len(levels) != len(rubric) or any(level is None for level in levels):
        raise DomainError(N_("Choose a level for every criterion."))
    scored = possible = Decimal(0)
    for row, level in zip(rubric, levels, strict=True):
        points = [Decimal(str(lv.get("points", 0))) for lv in row.get("levels") or []]
        if not 0 <= level < len(points):
            raise DomainError(N_("Choose a level for every criterion."))
        scored += points[level]
        possible += max(points)
    return scored, possible


def grade_essay(
    item: AttemptItem,
    grader: User,
    now: datetime,
    *,
    levels: list[int | None] | None = None,
    mark: str | None = None,
    comment: str = "",
) -> AttemptItem:
    """Give an essay its mark, from rubric levels when the question has a rubric, else directly."""
    if not question_type(item.spec).graded_by_hand:
        raise DomainError(N_("Only essay answers are graded by hand."))
    regrade = item.graded_at is not None
    before = _mark_record(item) if regrade else None
    if item.spec.get("rubric"):
        scored, possible = rubric_points(item.spec, levels or [])
        fraction = scored / possible if possible else Decimal(0)
        item.rubric_scores = levels
    else:
        try:
            awarded = Decimal(str(mark).strip())
        except (InvalidOperation, ValueError):
            raise DomainError(N_("Enter the mark as a number.")) from None
        if not Decimal(0) <= awarded <= item.max_mark:
            raise DomainError(N_("The mark must be between 0 and %(max)s."), max=item.max_mark)
        fraction = awarded / item.max_mark if item.max_mark else Decimal(0)
    item.fraction = fraction.quantize(Decimal("0.000001"))
    item.awarded = (fraction * item.max_mark).quantize(CENT)
    item.needs_grading = False
    item.grader_comment = (comment or "").strip()[:5000]
    item.graded_by_id, item.graded_at = grader.id, now
    update_total(item.attempt)
    db.session.flush()
    announce_graded(item.attempt)
    audit.record(
        "quiz_answer.regraded" if regrade else "quiz_answer.graded",
        actor=grader,
        target=_item_target(item),
        before=before,
        after=_mark_record(item),
    )
    return item


# --- regrade --------------------------------------------------------------------------------


@dataclass
class RegradeChange:
    attempt: Attempt
    item: AttemptItem
    new_version_id: int
    old_awarded: Decimal | None
    new_awarded: Decimal | None


def _regrade_candidates(quiz: Quiz) -> list[tuple[AttemptItem, object]]:
    """(item, latest version) for finished, auto-graded items whose question has a newer version."""
    items = db.session.scalars(
        select(AttemptItem)
        .join(Attempt)
        .where(Attempt.quiz_id == quiz.id, Attempt.state == FINISHED)
    ).all()
    out = []
    for item in items:
        latest = db.session.get(Question, item.question_id).latest
        if latest.id != item.version_id and question_type(latest.spec).auto_graded:
            out.append((item, latest))
    return out


def regrade_preview(quiz: Quiz) -> list[RegradeChange]:
    """Dry run: the items a regrade against each question's latest version would change."""
    changes = []
    for item, latest in _regrade_candidates(quiz):
        fraction = grade(latest.spec, item.response) or Decimal(0)
        new_awarded = (fraction * item.max_mark).quantize(CENT)
        changes.append(RegradeChange(item.attempt, item, latest.id, item.awarded, new_awarded))
    return changes


def apply_regrade(quiz: Quiz, user: User, now: datetime) -> list[RegradeChange]:
    """Move the attempts to the fixed versions, regrade them and log each change."""
    changes = regrade_preview(quiz)
    for change in changes:
        item, attempt = change.item, change.attempt
        old_total, old_version = attempt.total, item.version_id
        before = {**_mark_record(item), "version_id": old_version}
        item.version_id = change.new_version_id
        db.session.flush()
        db.session.refresh(item, ["version"])
        grade_item(item)
        update_total(attempt)
        db.session.add(
            RegradeLog(
                attempt_id=attempt.id,
                question_id=item.question_id,
                old_version_id=old_version,
                new_version_id=change.new_version_id,
                old_awarded=change.old_awarded,
                new_awarded=item.awarded,
                old_total=old_total,
                new_total=attempt.total,
                changed_by_id=user.id,
                created_at=now,
            )
        )
        audit.record(
            "quiz_answer.auto_regraded",
            actor=user,
            target=_item_target(item),
            before=before,
            after={**_mark_record(item), "version_id": item.version_id},
        )
    db.session.flush()
    for attempt in {change.attempt.id: change.attempt for change in changes}.values():
        announce_graded(attempt)
    return changes


def regrade_log(quiz: Quiz) -> list[RegradeLog]:
    return list(
        db.session.scalars(
            select(RegradeLog)
            .join(Attempt)
            .where(Attempt.quiz_id == quiz.id)
            .order_by(RegradeLog.created_at.desc(), RegradeLog.id.desc())
        )
    )
