"""Filling the mistake book and recording graded answers. Services: flush, never commit.

Quiz answers arrive through core.events.quiz_attempt_graded (sent on submit, essay marking and
regrades) and are read with quizzes.results.graded_answers; practice answers come from
practice/sets.py. Rules:
- every graded answer is kept (one row per source item) for mastery;
- an answer below full marks puts the question in the book (again), in box 1, due at once;
- a regrade that turns a quiz miss into full marks takes the question out of the book, unless
  another answer of the trainee's below full marks (quiz or practice) keeps it there.
"""

from datetime import datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from core.clock import as_utc
from core.extensions import db
from practice.models import QUIZ, BookEntry, GradedAnswer
from practice.schedule import LeitnerRule
from quizzes import results as quiz_results

FULL = Decimal(1)


def leitner_rule() -> LeitnerRule:
    """The schedule as configured (PRACTICE_CORRECT_IN_A_ROW, PRACTICE_BOX_DAYS)."""
    config = current_app.config
    return LeitnerRule(
        correct_in_a_row=int(config.get("PRACTICE_CORRECT_IN_A_ROW", 3)),
        box_days=tuple(int(d) for d in config.get("PRACTICE_BOX_DAYS", (1, 3))),
    )


def record_answer(
    *,
    user_id: int,
    question_id: int,
    version_id: int,
    module_slug: str | None,
    source: str,
    source_item_id: int,
    response,
    fraction: Decimal,
    answered_at: datetime,
) -> GradedAnswer:
    """Store (or, after a regrade, rewrite) one graded answer."""
    row = db.session.scalar(
        select(GradedAnswer).where(
            GradedAnswer.source == source, GradedAnswer.source_item_id == source_item_id
        )
    )
    if row is None:
        row = GradedAnswer(source=source, source_item_id=source_item_id)
        db.session.add(row)
    row.user_id, row.question_id, row.version_id = user_id, question_id, version_id
    row.module_slug, row.response, row.fraction = module_slug, response, fraction
    row.answered_at = answered_at
    return row


def entry_for(user_id: int, question_id: int) -> BookEntry | None:
    return db.session.scalar(
        select(BookEntry).where(BookEntry.user_id == user_id, BookEntry.question_id == question_id)
    )


def note_miss(answer: GradedAnswer) -> BookEntry:
    """Put the question in the book (or back in box 1) with this answer as the latest miss.

    A miss the book already knows (a regrade, loading the demo again) only refreshes what is shown;
    one older than the entry's last change (a late regrade of an old attempt) changes nothing.
    """
    entry = entry_for(answer.user_id, answer.question_id)
    when = as_utc(answer.answered_at)
    if entry is None:
        entry = BookEntry(user_id=answer.user_id, question_id=answer.question_id)
        db.session.add(entry)
    else:
        known = as_utc(entry.missed_at)
        if when < max(known, as_utc(entry.left_at) if entry.left_at else known):
            return entry
        if when == known:
            entry.version_id, entry.response = answer.version_id, answer.response
            entry.fraction = answer.fraction
            return entry
    entry.version_id, entry.response, entry.fraction = (
        answer.version_id,
        answer.response,
        answer.fraction,
    )
    entry.module_slug = answer.module_slug or entry.module_slug
    entry.missed_at = answer.answered_at
    entry.streak, entry.due_at, entry.left_at = 0, answer.answered_at, None
    return entry


def _withdraw_if_regraded_right(answer: GradedAnswer) -> None:
    """A regrade gave full marks: drop the entry if no other miss since it entered explains it."""
    entry = entry_for(answer.user_id, answer.question_id)
    if entry is None or entry.left_at is not None:
        return
    other_misses = db.session.scalar(
        select(GradedAnswer.id).where(
            GradedAnswer.user_id == answer.user_id,
            GradedAnswer.question_id == answer.question_id,
            GradedAnswer.id != answer.id,
            GradedAnswer.fraction < FULL,
        )
    )
    if other_misses is None:
        db.session.delete(entry)


def collect_quiz_attempt(attempt_id: int) -> int:
    """Record the graded answers of a quiz attempt and file its misses; returns the misses."""
    misses = 0
    for graded in quiz_results.graded_answers(attempt_id):
        row = record_answer(
            user_id=graded.user_id,
            question_id=graded.question_id,
            version_id=graded.version_id,
            module_slug=graded.module_slug,
            source=QUIZ,
            source_item_id=graded.item_id,
            response=graded.response,
            fraction=graded.fraction,
            answered_at=graded.answered_at,
        )
        db.session.flush()
        if graded.fraction < FULL:
            note_miss(row)
            misses += 1
        else:
            _withdraw_if_regraded_right(row)
    db.session.flush()
    return misses


def on_quiz_attempt_graded(_sender, *, attempt_id: int, **_extra) -> None:
    """core.events receiver: quizzes graded (or regraded) an attempt."""
    collect_quiz_attempt(attempt_id)
