"""The scoreboard (赛马看板): every trainee's component, stage and cumulative scores and ranks.

One function, :func:`build_board`, loads what it needs in a fixed number of queries (cohort,
stages with components, enrolments with users, evaluations, KPI entries, plus one call per quiz or
case component when the other area offers a bulk reader) and computes with the pure rules in
``assessment.scoring`` and ``assessment.ranking``. The page, the exports, the trainee's standing,
elimination previews and monthly snapshots all read this one result, so their numbers agree.

Ranking per stage: by the cumulative score (累计分) through that stage, shown to 0.01, then the
stage's configured tie-breakers (see ``assessment.ranking``); trainees eliminated at an earlier
stage are not ranked. Rank change = rank at the previous stage minus rank at this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assessment import board_cache, specs
from assessment.board_results import load_results
from assessment.models import Cohort, Enrolment, Stage
from assessment.ranking import Candidate, rank_trainees
from assessment.scoring import (
    ComponentSpec,
    StageScore,
    overall_score,
    stage_score,
)
from core.clock import LOCAL_TZ, as_utc, now_utc
from core.extensions import db
from core.models import User


@dataclass
class StageCell:
    score: object  # scoring.StageScore
    cumulative: Decimal | None
    active: bool  # still in the race at this stage
    rank: int | None = None
    tied: bool = False
    change: int | None = None
    tie_values: dict = field(default_factory=dict)


@dataclass
class Row:
    user_id: int
    name: str
    username: str
    employee_number: str
    branch: str
    eliminated_stage_id: int | None
    eliminated_position: int | None
    cells: list[StageCell] = field(default_factory=list)


@dataclass
class Board:
    cohort: Cohort
    stages: list[Stage]
    rows: list[Row]
    current: int  # index of the current stage
    now: datetime

    def ranked(self, index: int, branch: str | None = None) -> list[Row]:
        """Rows for the stage tab: ranked first (by rank), then unranked, then eliminated."""
        rows = [r for r in self.rows if not branch or r.branch == branch]

        def key(row):
            cell = row.cells[index]
            return (not cell.active, cell.rank is None, cell.rank or 0, row.user_id)

        return sorted(rows, key=key)

    @property
    def branches(self) -> list[str]:
        return sorted({r.branch for r in self.rows if r.branch})


def day_end(day) -> datetime:
    """End of a day in Asia/Shanghai, as UTC (deadlines are whole local days)."""
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL_TZ).astimezone(UTC)


def stage_deadline(stage: Stage) -> datetime:
    return day_end(stage.ends_on)


def component_spec(component) -> ComponentSpec:
    deadline = as_utc(component.deadline) if component.deadline else stage_deadline(component.stage)
    kwargs = {}
    if component.kind in ("quiz", "case"):
        kwargs["max_points"] = Decimal(str(component.config.get("max_points", 100)))
    elif component.kind == "kpi":
        kwargs["kpi_rule"] = specs.kpi_rule_from_config(component.config)
    else:
        kwargs["rubric"] = specs.rubric_from_config(component.config)
    return ComponentSpec(
        str(component.id), component.kind, Decimal(component.weight), deadline=deadline, **kwargs
    )


def load_cohort(cohort_id: int) -> Cohort | None:
    return db.session.get(Cohort, cohort_id)


def build_board(cohort: Cohort, *, now: datetime | None = None, until_month: str | None = None):
    """The whole board; ``until_month`` ("2026-03") ignores KPI months after it (snapshots)."""
    now = now or now_utc()
    stages = list(
        db.session.scalars(
            select(Stage)
            .where(Stage.cohort_id == cohort.id)
            .options(selectinload(Stage.components))
            .order_by(Stage.position, Stage.id)
        )
    )
    stage_specs = [[(c, component_spec(c)) for c in s.components] for s in stages]
    key = board_cache.key_for(cohort, stage_specs, now, until_month)
    rows = board_cache.get(key)
    if rows is None:
        rows = _compute_rows(cohort, stages, stage_specs, now, until_month)
        board_cache.put(key, rows)
    today = now.astimezone(LOCAL_TZ).date()
    current = max([i for i, s in enumerate(stages) if s.starts_on <= today], default=0)
    return Board(cohort, stages, rows, current, now)


def _compute_rows(cohort, stages, stage_specs, now, until_month) -> list[Row]:
    enrolments = list(
        db.session.execute(
            select(
                Enrolment.user_id,
                Enrolment.eliminated_stage_id,
                User.display_name,
                User.username,
                User.employee_number,
                User.branch,
            )
            .join(User, User.id == Enrolment.user_id)
            .where(Enrolment.cohort_id == cohort.id)
            .order_by(User.id)
        )
    )
    user_ids = [e.user_id for e in enrolments]
    results, defaults = load_results(
        [pair for pairs in stage_specs for pair in pairs], user_ids, now, until_month
    )
    position = {s.id: i for i, s in enumerate(stages)}
    rows = [
        Row(
            uid,
            display_name or username,
            username,
            number or "",
            branch or "",
            eliminated,
            position.get(eliminated),
        )
        for uid, eliminated, display_name, username, number, branch in enrolments
    ]
    _score_rows(rows, stages, stage_specs, results, defaults)
    return rows


def _score_rows(rows, stages, stage_specs, by_component, defaults) -> None:
    weights = [Decimal(s.weight) for s in stages]
    plans = [
        [(c.id, c.kind, spec.id, by_component[c.id], defaults[c.id]) for c, spec in pairs]
        for pairs in stage_specs
    ]
    spec_lists = [[spec for _c, spec in pairs] for pairs in stage_specs]
    for row in rows:
        uid = row.user_id
        scores = []
        latest_exam = None
        for index, plan in enumerate(plans):
            if row.eliminated_position is not None and index > row.eliminated_position:
                # Later stages are closed to an eliminated trainee: no score, no rank.
                row.cells.append(StageCell(StageScore(None, False, ()), None, False))
                continue
            results, eval_scores = {}, []
            for _cid, kind, spec_id, found, default in plan:
                result = found.get(uid, default)
                results[spec_id] = result
                if result.status == "scored":
                    if kind == "evaluation":
                        eval_scores.append(result.normalized)
                    elif kind == "quiz":
                        latest_exam = result.normalized
            stage = stage_score(spec_lists[index], results)
            scores.append(stage)
            cumulative = overall_score(scores, weights[: index + 1])
            tie = {
                "stage_score": stage.score,
                "latest_exam": latest_exam,
                "evaluation": sum(eval_scores) / len(eval_scores) if eval_scores else None,
            }
            row.cells.append(StageCell(stage, cumulative, True, tie_values=tie))
    for index, stage in enumerate(stages):
        breakers = tuple((stage.rule or {}).get("tie_breakers") or ())
        candidates = [
            Candidate(str(r.user_id), r.name, r.cells[index].cumulative, r.cells[index].tie_values)
            for r in rows
            if r.cells[index].active
        ]
        by_id = {str(r.user_id): r for r in rows}
        for ranked in rank_trainees(candidates, breakers):
            cell = by_id[ranked.row.trainee_id].cells[index]
            cell.rank, cell.tied = ranked.rank, ranked.tied
        if index:
            for r in rows:
                now_rank, before = r.cells[index].rank, r.cells[index - 1].rank
                if now_rank is not None and before is not None:
                    r.cells[index].change = before - now_rank


def still_needed(board: Board, row: Row) -> list[tuple[Stage, object, object]]:
    """(stage, component, deadline) of work still pending for a trainee, in stage order."""
    needed = []
    for index, stage in enumerate(board.stages):
        cell = row.cells[index]
        if not cell.active:
            break
        pending = set(cell.score.pending)
        for component in stage.components:
            if str(component.id) in pending:
                needed.append((stage, component, component_spec(component).deadline))
    return needed
