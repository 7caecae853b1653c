"""A small per-process cache of computed board rows, keyed by what they depend on.

The key is the cohort's revision (changed by every write, see ``assessment.revisions``), the
latest change to an enrolled user's account, the KPI cut-off month of a snapshot and the set of
deadlines already passed at ``now`` (a passed deadline turns pending work into a zero). Boards
with quiz or case components are not cached: those scores change in other areas.
Cached rows are shared between requests and must be treated as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy import func, select

from assessment.models import Enrolment
from core.clock import as_utc
from core.extensions import db
from core.models import User

SIZE = 16
_lock = threading.Lock()
_boards: OrderedDict[tuple, list] = OrderedDict()


def key_for(cohort, stage_specs, now, until_month) -> tuple | None:
    """The cache key, or None when this board cannot be cached."""
    if any(c.kind in ("quiz", "case") for pairs in stage_specs for c, _ in pairs):
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
        rows = _boards.get(key)
        if rows is not None:
            _boards.move_to_end(key)
        return rows


def put(key: tuple | None, rows: list) -> None:
    if key is None:
        return
    with _lock:
        _boards[key] = rows
        while len(_boards) > SIZE:
            _boards.popitem(last=False)


def clear() -> None:
    with _lock:
        _boards.clear()
