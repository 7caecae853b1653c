"""Hiring conditions (录用条件): written in plain words, each evidenced by a stage result,
published in versions, and acknowledged by every trainee as they acknowledge the conduct rules.

A termination in probation (第39条第一项) needs conditions made known in advance: the dossier
shows which version a trainee acknowledged and when, and ``basis`` refuses a probation outcome
whose evidence predates the acknowledgement.

A condition is written as one line: ``text | stage or component name | minimum score``, e.g.
``课堂培训阶段综合分不低于 60 分 | 课堂培训 | 60``. The stage (or one component of it) is the
evidence: its score on the board, dated the stage's last day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from assessment.board import Board
from assessment.lawful.models import HiringCondition, HiringConditionAck, HiringConditionVersion
from assessment.models import Cohort, Stage
from assessment.scoring import present
from core import audit
from core.clock import now_utc
from core.domain import N_, DomainError
from core.extensions import db

MAX_CONDITIONS = 20


class HiringConditionError(DomainError):
    status_code = 422


@dataclass(frozen=True)
class ConditionLine:
    text: str
    stage_id: int
    component_id: int | None
    min_score: Decimal


def parse_conditions(text: str, stages: list[Stage]) -> list[ConditionLine]:
    """The conditions typed into the set-up form, one a line; the first problem is raised."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise HiringConditionError(N_("Write at least one hiring condition"))
    if len(lines) > MAX_CONDITIONS:
        raise HiringConditionError(N_("At most %(n)s hiring conditions"), n=MAX_CONDITIONS)
    stage_by_name = {s.name: s for s in stages}
    component_by_name = {c.name: c for s in stages for c in s.components}
    parsed = []
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[0]:
            raise HiringConditionError(
                N_("Line %(line)s: write “condition | stage or component | minimum score”"),
                line=number,
            )
        wording, source, minimum = parts
        try:
            score = Decimal(minimum)
        except InvalidOperation:
            score = Decimal("NaN")
        if not score.is_finite() or not 0 <= score <= 100:
            raise HiringConditionError(
                N_("Line %(line)s: the minimum score must be a number from 0 to 100"),
                line=number,
            )
        if source in stage_by_name:
            parsed.append(ConditionLine(wording, stage_by_name[source].id, None, score))
        elif source in component_by_name:
            component = component_by_name[source]
            parsed.append(ConditionLine(wording, component.stage_id, component.id, score))
        else:
            raise HiringConditionError(
                N_("Line %(line)s: no stage or component is called “%(name)s”"),
                line=number,
                name=source,
            )
    return parsed


def current_version(cohort_id: int) -> HiringConditionVersion | None:
    return db.session.scalar(
        select(HiringConditionVersion)
        .where(HiringConditionVersion.cohort_id == cohort_id)
        .order_by(HiringConditionVersion.number.desc())
        .limit(1)
    )


def condition_lines_text(version: HiringConditionVersion | None, stages: list[Stage]) -> str:
    """The version as the set-up form shows it for editing."""
    if version is None:
        return ""
    names = {s.id: s.name for s in stages}
    components = {c.id: c.name for s in stages for c in s.components}
    return "\n".join(
        f"{c.text} | {components.get(c.component_id) or names.get(c.stage_id, '')} | "
        f"{present(c.min_score)}"
        for c in version.conditions
    )


def publish(cohort: Cohort, text: str, by, at: datetime | None = None) -> HiringConditionVersion:
    """Publish the conditions as the cohort's next version (every trainee acknowledges anew).
    (``at`` lets the demo record its history on the days it happened.)"""
    lines = parse_conditions(text, list(cohort.stages))
    current = current_version(cohort.id)
    version = HiringConditionVersion(
        cohort_id=cohort.id,
        number=(current.number + 1) if current else 1,
        published_at=at or now_utc(),
        published_by_name=by.name if by else "",
    )
    version.conditions = [
        HiringCondition(
            position=position,
            text=line.text,
            stage_id=line.stage_id,
            component_id=line.component_id,
            min_score=line.min_score,
        )
        for position, line in enumerate(lines, start=1)
    ]
    db.session.add(version)
    db.session.flush()
    audit.record(
        "hiring_conditions.published",
        target=audit.Target("cohort", cohort.id, cohort.name),
        after={"version": version.number, "conditions": [line.text for line in lines]},
        actor=by,
    )
    return version


def acknowledge(
    version: HiringConditionVersion, user, confirmed: bool, at: datetime | None = None
) -> HiringConditionAck:
    """Record that ``user`` read the version; idempotent."""
    if not confirmed:
        raise HiringConditionError(
            N_("Tick the box to confirm that you have read the hiring conditions")
        )
    existing = acknowledgement(version.id, user.id)
    if existing is not None:
        return existing
    ack = HiringConditionAck(
        version_id=version.id, user_id=user.id, acknowledged_at=at or now_utc()
    )
    db.session.add(ack)
    audit.record(
        "hiring_conditions.acknowledged",
        target=audit.Target("user", user.id, user.username),
        after={"cohort_id": version.cohort_id, "version": version.number},
        actor=user,
    )
    db.session.flush()
    return ack


def acknowledgement(version_id: int, user_id: int) -> HiringConditionAck | None:
    return db.session.scalar(
        select(HiringConditionAck).where(
            HiringConditionAck.version_id == version_id, HiringConditionAck.user_id == user_id
        )
    )


def acknowledgements_of(user_id: int, cohort_id: int) -> list[HiringConditionAck]:
    """Every version of the cohort's conditions the user acknowledged, oldest first."""
    return list(
        db.session.scalars(
            select(HiringConditionAck)
            .join(HiringConditionVersion)
            .where(
                HiringConditionAck.user_id == user_id,
                HiringConditionVersion.cohort_id == cohort_id,
            )
            .order_by(HiringConditionAck.acknowledged_at)
        )
    )


def acknowledged_count(version: HiringConditionVersion) -> int:
    return db.session.scalar(
        select(func.count(HiringConditionAck.id)).where(HiringConditionAck.version_id == version.id)
    )


def pending_for(user_id: int, cohort_ids: list[int]) -> list[HiringConditionVersion]:
    """The current versions of the user's cohorts they have not acknowledged yet."""
    pending = []
    for cohort_id in cohort_ids:
        version = current_version(cohort_id)
        if version is not None and acknowledgement(version.id, user_id) is None:
            pending.append(version)
    return pending


@dataclass(frozen=True)
class Evidence:
    """What the board shows for one condition and one trainee."""

    condition: HiringCondition
    source: str  # the stage (and component) named as evidence
    score: Decimal | None
    dated: date  # the stage's last day: when the result was final
    met: bool | None  # None: no score yet

    def to_dict(self) -> dict:
        return {
            "condition_id": self.condition.id,
            "condition": self.condition.text,
            "source": self.source,
            "score": None if self.score is None else str(present(self.score)),
            "min_score": str(present(self.condition.min_score)),
            "dated": self.dated.isoformat(),
            "met": self.met,
        }


def evidence(condition: HiringCondition, board: Board, user_id: int) -> Evidence | None:
    """The condition checked against the trainee's stage (or component) result on the board."""
    index = next((i for i, s in enumerate(board.stages) if s.id == condition.stage_id), None)
    row = next((r for r in board.rows if r.user_id == user_id), None)
    if index is None or row is None:
        return None
    stage, cell = board.stages[index], row.cells[index]
    source, score = stage.name, cell.score.score
    if condition.component_id is not None:
        component = next((c for c in stage.components if c.id == condition.component_id), None)
        result = next(
            (r for r in cell.score.results if r.component_id == str(condition.component_id)),
            None,
        )
        source = f"{stage.name} / {component.name if component else '?'}"
        score = result.normalized if result else None
    met = None if score is None else present(score) >= condition.min_score
    return Evidence(condition, source, score, stage.ends_on, met)
