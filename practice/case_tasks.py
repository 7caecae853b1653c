"""Case tasks in the mistake book: automatically scored tasks a trainee did not get full points on.

Case tasks are no bank questions, so they are not practised in practice sets: the book shows the
task as the trainee answered it (that case version), their answer, the right answer and why. The
entry leaves the book when a later attempt at the case (a retake) earns the task's full points.
They do not count toward mastery, which is computed per question category.
Filled through core.events.case_attempt_graded and case_library.results. Flush, never commit.
"""

from decimal import Decimal

from sqlalchemy import select

from case_library import results as case_results
from core.clock import as_utc
from core.extensions import db
from practice.models import CaseTaskEntry

FULL = Decimal(1)


def _entry(user_id: int, case_id: int, task_id: str) -> CaseTaskEntry | None:
    return db.session.scalar(
        select(CaseTaskEntry).where(
            CaseTaskEntry.user_id == user_id,
            CaseTaskEntry.case_id == case_id,
            CaseTaskEntry.task_id == task_id,
        )
    )


def _note(entry: CaseTaskEntry, result) -> None:
    entry.version_id, entry.case_slug, entry.case_title = (
        result.version_id,
        result.case_slug,
        result.case_title,
    )
    entry.prompt, entry.answer, entry.right_answer = (
        result.prompt,
        result.answer,
        result.right_answer,
    )
    entry.explanation, entry.fraction = result.explanation, result.fraction
    entry.module_slug = result.module_slug


def collect_case_attempt(attempt_id: int) -> int:
    """File the attempt's missed automatic tasks; a full-points retake clears one. Returns misses.

    Collecting an attempt again (it is announced on submission and again when graded) changes
    nothing; an attempt older than what the book knows of a task is ignored.
    """
    misses = 0
    for result in case_results.auto_task_results(attempt_id):
        when = as_utc(result.answered_at)
        entry = _entry(result.user_id, result.case_id, result.task_id)
        if entry is not None:
            known = as_utc(entry.missed_at)
            if when < max(known, as_utc(entry.left_at) if entry.left_at else known):
                continue
        if result.fraction < FULL:
            misses += 1
            if entry is None:
                entry = CaseTaskEntry(
                    user_id=result.user_id, case_id=result.case_id, task_id=result.task_id
                )
                db.session.add(entry)
            _note(entry, result)
            entry.missed_at, entry.left_at = result.answered_at, None
        elif entry is not None and entry.left_at is None and when > as_utc(entry.missed_at):
            entry.left_at = result.answered_at
    db.session.flush()
    return misses


def on_case_attempt_graded(_sender, *, attempt_id: int, **_extra) -> None:
    """core.events receiver: case_library scored (or graded) a case attempt."""
    collect_case_attempt(attempt_id)


def open_case_entries(user_id: int) -> list[CaseTaskEntry]:
    return list(
        db.session.scalars(
            select(CaseTaskEntry)
            .where(CaseTaskEntry.user_id == user_id, CaseTaskEntry.left_at.is_(None))
            .order_by(CaseTaskEntry.case_title, CaseTaskEntry.id)
        )
    )
