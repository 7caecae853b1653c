"""The scoreboard (赛马看板): every trainee's component, stage and cumulative scores and ranks.

One function, :func:`build_board`, loads what it needs in a fixed number of queries (cohort,
stages with components, enrolments with users, evaluations, KPI entries, plus one call per quiz or
case component through its area's bulk reader) and computes with the pure rules in
``assessment.scoring``, ``assessment.stage_scoring`` and ``assessment.ranking``. Trainees whose
inputs are unchanged since the process last built this board (same enrolment revision, same quiz and case scores, same stage
set-up) keep their stage cells; only the others are fetched in detail and scored again, and
everyone is ranked again. The page, the exports, the trainee's standing,
elimination previews and monthly snapshots all read this one result, so their numbers agree.

Ranking per stage: by the cumulative score (累计分) through that stage, shown to 0.01, then the
stage's configured tie-breakers (see ``assessment.ranking``); trainees eliminated at an earlier
stage are not ranked. Rank change = rank at the previous stage minus rank at this one.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from itertools import repeat

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assessment import board_cache, specs
from assessment.board_results import load_external, load_inputs, results_for
from assessment.models import Cohort, Enrolment, Stage
from assessment.ranking import competition_ranks, key_function
from assessment.scoring import EXTERNAL_KINDS, ComponentSpec
from assessment.stage_scoring import StagePlan, StageScore
from core.clock import LOCAL_TZ, as_utc, now_utc
from core.extensions import db
from core.models import User

FETCH_ONLY_CHANGED_UP_TO = 500  # trainees; more than that, one unfiltered query is cheaper


@dataclass(slots=True)
class StageCell:
    score: object  # stage_scoring.StageScore
    cumulative: Decimal | None
    active: bool  # still in the race at this stage
    rank: int | None = None
    tied: bool = False
    change: int | None = None
    tie_values: dict = field(default_factory=dict)
    key: tuple | None = None  # ranking.score_key under the stage's tie-breakers


@dataclass(slots=True)
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
    cache_key: tuple | None = None  # board_cache key: values derived from the rows keep there

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


@dataclass(frozen=True)
class Variant:
    """A change to preview before it is made (``assessment.whatif``): component weights and
    quiz questions voided on top of those already voided. Nothing is written; a board built
    with a variant is never cached."""

    weights: Mapping[int, Decimal] = field(default_factory=dict)  # component id → weight
    voided: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # component → questions


def component_spec(component, variant: Variant | None = None) -> ComponentSpec:
    deadline = as_utc(component.deadline) if component.deadline else stage_deadline(component.stage)
    kwargs = {}
    if component.kind in EXTERNAL_KINDS:
        kwargs["max_points"] = Decimal(str(component.config.get("max_points", 100)))
    elif component.kind == "kpi":
        kwargs["kpi_rule"] = specs.kpi_rule_from_config(component.config)
    else:
        kwargs["rubric"] = specs.rubric_from_config(component.config)
    weight = Decimal(component.weight)
    if variant is not None:
        weight = Decimal(variant.weights.get(component.id, weight))
    return ComponentSpec(str(component.id), component.kind, weight, deadline=deadline, **kwargs)


def load_cohort(cohort_id: int) -> Cohort | None:
    return db.session.get(Cohort, cohort_id)


def build_board(
    cohort: Cohort,
    *,
    now: datetime | None = None,
    until_month: str | None = None,
    variant: Variant | None = None,
):
    """The whole board; ``until_month`` ("2026-03") ignores KPI months after it (snapshots);
    ``variant`` computes it as if a change had been made (a what-if), bypassing the caches."""
    now = now or now_utc()
    stages = list(
        db.session.scalars(
            select(Stage)
            .where(Stage.cohort_id == cohort.id)
            .options(selectinload(Stage.components))
            .order_by(Stage.position, Stage.id)
        )
    )
    stage_specs = [[(c, component_spec(c, variant)) for c in s.components] for s in stages]
    key = None if variant else board_cache.key_for(cohort, stage_specs, now, until_month)
    rows = board_cache.get(key)
    if rows is None:
        with collector_paused():
            rows = _compute_rows(cohort, stages, stage_specs, now, until_month, variant)
        board_cache.put(key, rows)
    today = now.astimezone(LOCAL_TZ).date()
    current = max([i for i, s in enumerate(stages) if s.starts_on <= today], default=0)
    return Board(cohort, stages, rows, current, now, key)


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while the rows are built.

    A cold board allocates ~100,000 small acyclic objects (cells, scores, candidates); with
    the collector on, that triggers full collections that traverse every live object in the
    process (measured: about a third of the cold time). Nothing built here forms a cycle, so
    pausing loses nothing; the young objects are collected once, after the pause.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compute_rows(cohort, stages, stage_specs, now, until_month, variant=None) -> list[Row]:
    enrolments = list(
        db.session.execute(
            select(
                Enrolment.user_id,
                Enrolment.eliminated_stage_id,
                Enrolment.revision,
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
    pairs = [pair for pairs in stage_specs for pair in pairs]
    voided = variant.voided if variant else None
    external = load_external(pairs, [e.user_id for e in enrolments], voided)
    position = {s.id: i for i, s in enumerate(stages)}
    rows, keys = [], []
    for uid, eliminated, revision, display_name, username, number, branch in enrolments:
        row = Row(
            uid,
            display_name or username,
            username,
            number or "",
            branch or "",
            eliminated,
            position.get(eliminated),
        )
        rows.append(row)
        # Everything a trainee's cells depend on besides the stage set-up (the context).
        keys.append(
            (
                uid,
                revision,
                tuple(found.get(uid) for found in external.values()),
                row.eliminated_position,
            )
        )
    context = _scores_context(stages, stage_specs, now, until_month)
    known = board_cache.trainee_scores(context)
    changed = []
    for row, key in zip(rows, keys, strict=True):
        cells = known.get(key)
        if cells is None:
            changed.append(row)
        else:
            row.cells = [
                StageCell(score, cumulative, active, tie_values=tie, key=rank_key)
                for score, cumulative, active, tie, rank_key in cells
            ]
    if changed:
        changed_ids = [row.user_id for row in changed]
        # A few changed trainees: fetch only their entries; all of them: no filter at all.
        only = changed_ids if len(changed) <= FETCH_ONLY_CHANGED_UP_TO else None
        results, defaults = results_for(
            pairs, load_inputs(pairs, until_month, only), external, changed_ids, now
        )
        _score_rows(changed, stages, stage_specs, results, defaults)
    _rank_rows(rows, stages)
    if variant is not None:
        return rows  # a what-if's scores are not kept: the real board would lose its own
    board_cache.keep_trainee_scores(
        context,
        {
            key: [(c.score, c.cumulative, c.active, c.tie_values, c.key) for c in row.cells]
            for row, key in zip(rows, keys, strict=True)
        },
    )
    return rows


def _scores_context(stages, stage_specs, now, until_month) -> tuple:
    """What a trainee's cells depend on besides their own inputs: the stage weights and
    tie-breakers (ranking keys are kept too), each component's rules and deadline, which
    deadlines have passed (pending becomes zero) and the last KPI month counted (snapshots)."""
    specs_by_stage = tuple(tuple(spec for _c, spec in pairs) for pairs in stage_specs)
    passed = tuple(
        spec.id
        for specs in specs_by_stage
        for spec in specs
        if spec.deadline and now > spec.deadline
    )
    weights = tuple((Decimal(s.weight), tie_breakers(s)) for s in stages)
    return (weights, specs_by_stage, passed, until_month)


def _score_rows(rows, stages, stage_specs, by_component, defaults) -> None:
    """Stage cells of every row. The hot loop of a cold board: per trainee and stage only
    dictionary look-ups and the weighted sums; everything per component or per pattern of
    statuses is prepared once (``stage_scoring.StagePlan``). The cumulative score is
    ``stage_scoring.overall_score`` computed incrementally: the same Decimal operations in the
    same order, so the numbers are identical."""
    weights = [Decimal(s.weight) for s in stages]
    uids = [row.user_id for row in rows]
    stage_columns = [_stage_columns(pairs, uids, by_component, defaults) for pairs in stage_specs]
    plans = [StagePlan([spec for _c, spec in pairs]) for pairs in stage_specs]
    closed = StageScore(None, False, ())
    for position, row in enumerate(rows):
        cells = row.cells
        cut_after = row.eliminated_position
        latest_exam = None
        numerator, total_weight = 0, Decimal(0)
        for index, plan in enumerate(plans):
            if cut_after is not None and index > cut_after:
                # Later stages are closed to an eliminated trainee: no score, no rank.
                cells.append(StageCell(closed, None, False))
                continue
            results, evaluation, exam = stage_columns[index]
            stage = plan.score(results[position])
            if exam[position] is not None:
                latest_exam = exam[position]
            if stage.score is not None:
                numerator = numerator + stage.score * weights[index]
                total_weight = total_weight + weights[index]
            cumulative = numerator / total_weight if total_weight > 0 else None
            tie = {
                "stage_score": stage.score,
                "latest_exam": latest_exam,
                "evaluation": evaluation[position],
            }
            cells.append(StageCell(stage, cumulative, True, tie_values=tie))


def _stage_columns(pairs, uids, by_component, defaults) -> tuple[list, list, list]:
    """One stage, column by column: each trainee's results tuple (in component order), mean
    of their scored evaluations, and their last scored quiz (None when there is none)."""
    columns = [
        list(map(by_component[c.id].get, uids, repeat(defaults[c.id], len(uids))))
        for c, _spec in pairs
    ]
    results = list(zip(*columns, strict=True)) if columns else [()] * len(uids)
    kinds = [c.kind for c, _spec in pairs]
    evaluation = _scored_per_row(columns, kinds, "evaluation", len(uids))
    exams = _scored_per_row(columns, kinds, "quiz", len(uids))
    mean = [sum(found) / len(found) if found else None for found in evaluation]
    last = [found[-1] if found else None for found in exams]
    return results, mean, last


def _scored_per_row(columns, kinds, kind, count) -> list[list]:
    chosen = [col for col, k in zip(columns, kinds, strict=True) if k == kind]
    if not chosen:
        return [[]] * count
    return [
        [r.normalized for r in found if r.status == "scored"] for found in zip(*chosen, strict=True)
    ]


def tie_breakers(stage: Stage) -> tuple[str, ...]:
    """The stage's configured tie-breakers, in order (the board and the preview rank alike)."""
    return tuple((stage.rule or {}).get("tie_breakers") or ())


def _rank_rows(rows, stages) -> None:
    """``ranking.rank_trainees`` per stage, on the cells directly (no Candidate objects)."""
    for index, stage in enumerate(stages):
        key = key_function(tie_breakers(stage))
        active = [r.cells[index] for r in rows if r.cells[index].active]
        ids = [str(r.user_id) for r in rows if r.cells[index].active]
        keys = [key(c.cumulative, c.tie_values) if c.key is None else c.key for c in active]
        for cell, cell_key in zip(active, keys, strict=True):
            cell.key = cell_key
        for i, rank, tied in competition_ranks(ids, keys):
            cell = active[i]
            if cell.cumulative is not None:
                cell.rank, cell.tied = rank, tied
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
