"""Per-process caches of computed boards: whole boards, and each trainee's stage scores.

Whole boards: a small LRU of computed rows, keyed by what they depend on.

The key is the cohort's revision (changed by every write, see ``assessment.revisions``), the
latest change to an enrolled user's account, the KPI cut-off month of a snapshot and the set of
deadlines already passed at ``now`` (a passed deadline turns pending work into a zero). Boards
with quiz or case components are not cached: those scores change in other areas.
Cached rows are shared between requests and must be treated as read-only.

Trainee scores (every board, quiz and case components included): a trainee's stage cells
before ranking are a pure function of the stage set-up (the context: weights, tie-breakers,
component rules, passed deadlines, KPI cut-off) and the trainee's own inputs, which the key
stands for: (trainee id, enrolment revision — renewed whenever one of their evaluations or KPI
entries changes —, their quiz and case scores as read now, the stage they were eliminated at).
A board whose whole-board key changed (someone's evaluation was saved, a quiz was graded)
recomputes only the trainees whose key changed; the rest reuse their cells. Per context only
the latest board's trainees are kept, so the memory is bounded by the cohort's size and stale
entries drop out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy import func, select

from assessment.models import Enrolment
from assessment.scoring import EXTERNAL_KINDS
from core.clock import as_utc
from core.extensions import db
from core.models import User

SIZE = 16
_lock = threading.Lock()
# key → (rows, {name: value derived from those rows, e.g. the page's charts})
_boards: OrderedDict[tuple, tuple[list, dict]] = OrderedDict()
CONTEXTS = 8
_scores: OrderedDict[tuple, dict] = OrderedDict()


def key_for(cohort, stage_specs, now, until_month) -> tuple | None:
    """The cache key, or None when this board cannot be cached."""
    if any(c.kind in EXTERNAL_KINDS for pairs in stage_specs for c, _ in pairs):
        return None
    users_changed = db.session.execute(
        select(func.max(User.updated_at), func.count(User.id))
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort.id)
    ).one()
    passed = tuple(
        c.id for pairs in stage_specs for c, spec in pairs if spec.deadline and now > spec.deadline
    )
    stamp = as_utc(users_changed[0]).isoformat() if users_changed[0] else ""
    return (cohort.id, cohort.revision, stamp, users_changed[1], until_month, passed)


def get(key: tuple | None) -> list | None:
    if key is None:
        return None
    with _lock:
        found = _boards.get(key)
        if found is None:
            return None
        _boards.move_to_end(key)
        return found[0]


def put(key: tuple | None, rows: list) -> None:
    if key is None:
        return
    with _lock:
        _boards[key] = (rows, {})
        while len(_boards) > SIZE:
            _boards.popitem(last=False)


def derived(key: tuple | None, name: tuple, compute):
    """A value computed from a cached board's rows (charts, the elimination outlook), kept with
    them: ``compute()`` runs once per board revision. Without a key it simply runs."""
    if key is not None:
        with _lock:
            found = _boards.get(key)
            if found is not None and name in found[1]:
                return found[1][name]
    value = compute()
    if key is not None:
        with _lock:
            found = _boards.get(key)
            if found is not None:
                found[1][name] = value
    return value


def trainee_scores(context: tuple) -> dict:
    """{trainee key: stage cells before ranking (with their ranking keys)} for a context."""
    with _lock:
        found = _scores.get(context)
        if found is None:
            return {}
        _scores.move_to_end(context)
        return found


def keep_trainee_scores(context: tuple, scores: dict) -> None:
    with _lock:
        _scores[context] = scores
        _scores.move_to_end(context)
        while len(_scores) > CONTEXTS:
            _scores.popitem(last=False)


def clear() -> None:
    with _lock:
        _boards.clear()
        _scores.clear()
