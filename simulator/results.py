"""Small read functions other areas may call (assessment). Read-only, no commits.

A run counts once it is finished; scores are 0–100 with two decimals, as stored at the finish.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from core.clock import as_utc
from core.extensions import db
from simulator.models import Run, Scenario

POLICIES = ("best", "latest")


def scenario_choices() -> list[tuple[int, str]]:
    """(id, title) of every open scenario, easiest first, for other areas' select boxes."""
    rows = db.session.execute(
        select(Scenario.id, Scenario.title)
        .where(Scenario.active.is_(True), Scenario.current_version_id.is_not(None))
        .order_by(Scenario.difficulty, Scenario.title)
    )
    return [(scenario_id, title) for scenario_id, title in rows]


def scenario_id_for(slug: str) -> int | None:
    return db.session.scalar(select(Scenario.id).where(Scenario.slug == slug))


def simulator_scores(
    scenario_id: int,
    user_ids: list[int],
    deadline: datetime | None = None,
    policy: str = "best",
) -> dict[int, Decimal | None]:
    """Each trainee's finished-run score on a scenario in one query: the best or the latest run
    finished by the deadline (if any); None without such a run."""
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}")
    user_ids = list(user_ids)
    scores: dict[int, Decimal | None] = dict.fromkeys(user_ids)
    if not user_ids:
        return scores
    rows = db.session.execute(
        select(Run.user_id, Run.score, Run.finished_at)
        .where(
            Run.scenario_id == scenario_id,
            Run.user_id.in_(user_ids),
            Run.status == "finished",
            Run.score.is_not(None),
        )
        .order_by(Run.user_id, Run.finished_at, Run.id)
    )
    for user_id, score, finished_at in rows:
        if deadline is not None and as_utc(finished_at) > as_utc(deadline):
            continue
        score = Decimal(score)
        before = scores[user_id]
        if policy == "latest" or before is None or score > before:
            scores[user_id] = score
    return scores
