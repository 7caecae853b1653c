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

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assessment import specs
from assessment.models import Cohort, Enrolment, Evaluation, KpiEntry, Stage
from assessment.ranking import Candidate, rank_trainees
from assessment.scoring import (
    ComponentResult,
    ComponentSpec,
    StageScore,
    normalize_component,
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


def _external_scores(component, user_ids: list[int]) -> dict[int, Decimal]:
    """Quiz grades or case scores through the other area's results functions (bulk if offered)."""
    if component.kind == "quiz":
        from quizzes import results
    else:
        from case_library import results
    name = "grades_for" if component.kind == "quiz" else "case_scores"
    single = results.grade_for if component.kind == "quiz" else results.case_score
    bulk = getattr(results, name, None)
    if bulk is not None:
        return {uid: v for uid, v in bulk(component.ref_id, user_ids).items() if v is not None}
    found = {}
    for uid in user_ids:
        value = single(uid, component.ref_id)
        if value is not None:
            found[uid] = value
    return found


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
    enrolments = list(
        db.session.execute(
            select(Enrolment.user_id, Enrolment.eliminated_stage_id, User)
            .join(User, User.id == Enrolment.user_id)
            .where(Enrolment.cohort_id == cohort.id)
            .order_by(User.id)
        )
    )
    components = [c for s in stages for c in s.components]
    comp_ids = [c.id for c in components]
    user_ids = [e.user_id for e in enrolments]
    evals: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    kpis: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    if comp_ids:
        for cid, uid, score in db.session.execute(
            select(Evaluation.component_id, Evaluation.trainee_id, Evaluation.score)
            .where(Evaluation.component_id.in_(comp_ids))
            .order_by(Evaluation.id)
        ):
            evals[(cid, uid)].append(score)
        query = select(KpiEntry.component_id, KpiEntry.trainee_id, KpiEntry.month, KpiEntry.value)
        query = query.where(KpiEntry.component_id.in_(comp_ids))
        if until_month:
            query = query.where(KpiEntry.month <= until_month)
        for cid, uid, month, value in db.session.execute(query.order_by(KpiEntry.month)):
            kpis[(cid, uid)][month] = value
    external = {
        c.id: _external_scores(c, user_ids)
        for c in components
        if c.kind in ("quiz", "case") and c.ref_id
    }
    position = {s.id: i for i, s in enumerate(stages)}
    rows = [
        Row(
            uid,
            user.name,
            user.username,
            user.employee_number or "",
            user.branch or "",
            eliminated,
            position.get(eliminated),
        )
        for uid, eliminated, user in enrolments
    ]
    _score_rows(rows, stages, evals, kpis, external, now)
    today = now.astimezone(LOCAL_TZ).date()
    current = max([i for i, s in enumerate(stages) if s.starts_on <= today], default=0)
    return Board(cohort, stages, rows, current, now)


def _score_rows(rows, stages, evals, kpis, external, now) -> None:
    stage_specs = [[(c, component_spec(c)) for c in s.components] for s in stages]
    weights = [Decimal(s.weight) for s in stages]
    kpi_cache: dict[tuple[int, Decimal], Decimal] = {}
    pending_cache: dict[str, ComponentResult] = {}
    for row in rows:
        scores = []
        latest_exam = None
        for index, pairs in enumerate(stage_specs):
            if row.eliminated_position is not None and index > row.eliminated_position:
                # Later stages are closed to an eliminated trainee: no score, no rank.
                row.cells.append(StageCell(StageScore(None, False, ()), None, False))
                continue
            results, eval_scores = {}, []
            for component, spec in pairs:
                key = (component.id, row.user_id)
                result = None
                if component.kind == "evaluation" and key in evals:
                    sheets = evals[key][:2]  # two evaluators at most, averaged
                    value = sum(sheets) / len(sheets)
                    result = ComponentResult(spec.id, "scored", value, [str(s) for s in sheets])
                    eval_scores.append(value)
                elif component.kind == "kpi" and key in kpis:
                    months = kpis[key]
                    points = []
                    for value in months.values():
                        cached = kpi_cache.get((component.id, value))
                        if cached is None:
                            cached = kpi_cache[(component.id, value)] = spec.kpi_rule.points(value)
                        points.append(cached)
                    raw = {m: str(v) for m, v in months.items()}
                    result = ComponentResult(spec.id, "scored", sum(points) / len(points), raw)
                elif component.kind in ("quiz", "case"):
                    value = external.get(component.id, {}).get(row.user_id)
                    if value is not None:
                        result = normalize_component(
                            spec, min(Decimal(value), spec.max_points), now
                        )
                        if component.kind == "quiz":
                            latest_exam = result.normalized
                if result is None:
                    result = pending_cache.get(spec.id)
                    if result is None:
                        result = pending_cache[spec.id] = normalize_component(spec, None, now)
                results[spec.id] = result
            stage = stage_score([spec for _, spec in pairs], results)
            scores.append(stage)
            active = True
            cumulative = overall_score(scores, weights[: index + 1])
            tie = {
                "stage_score": stage.score,
                "latest_exam": latest_exam,
                "evaluation": sum(eval_scores) / len(eval_scores) if eval_scores else None,
            }
            row.cells.append(StageCell(stage, cumulative, active, tie_values=tie))
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
