"""Elimination decisions, overrides and monthly board snapshots: the audited records.

Each record keeps a JSON snapshot of every input score the manager saw, so the decision log can
be read without the live data (which may change later).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from assessment import agreement, audit_trail, measurement, specs
from assessment.board import Board, Row, build_board, day_end, tie_breakers
from assessment.elimination import preview_elimination
from assessment.models import BoardSnapshot, Cohort, Decision, Enrolment, Stage
from assessment.overrides import BELOW_MINIMUM, DEFAULT_REASON_MIN_CHARS, apply_overrides
from assessment.ranking import Candidate
from assessment.score_entries import MONTH
from assessment.scoring import jsonable, present_str
from core import events
from core.clock import LOCAL_TZ, now_utc
from core.errors import Conflict, DomainError, NotFound
from core.extensions import db
from core.messages import message


class EliminationError(DomainError):
    status_code = 422


def stage_index(board: Board, stage: Stage) -> int:
    for index, item in enumerate(board.stages):
        if item.id == stage.id:
            return index
    raise NotFound(_("This stage does not exist."))


def cell_dict(board: Board, row: Row, index: int) -> dict:
    cell, stage = row.cells[index], board.stages[index]
    names = {str(c.id): (c.name, c.kind) for c in stage.components}
    return {
        "stage_id": stage.id,
        "stage": stage.name,
        "score": present_str(cell.score.score),
        "cumulative": present_str(cell.cumulative),
        "provisional": cell.score.provisional,
        "active": cell.active,
        "rank": cell.rank,
        "tied": cell.tied,
        "change": cell.change,
        "components": [
            {"name": names[r.component_id][0], "kind": names[r.component_id][1], **r.to_dict()}
            for r in cell.score.results
        ],
    }


def row_dict(board: Board, row: Row, upto: int | None = None) -> dict:
    last = len(board.stages) - 1 if upto is None else upto
    return {
        "user_id": row.user_id,
        "name": row.name,
        "employee_number": row.employee_number,
        "branch": row.branch,
        "eliminated_stage_id": row.eliminated_stage_id,
        "stages": [cell_dict(board, row, i) for i in range(last + 1)],
    }


def board_dict(board: Board) -> dict:
    """The whole board as JSON-safe data: exports and snapshots read this."""
    return {
        "cohort": board.cohort.name,
        "computed_at": board.now.isoformat(),
        "stages": [
            {
                "id": s.id,
                "name": s.name,
                "weight": str(s.weight),
                "rule": specs.rule_text(s.rule),
                "components": [{"id": str(c.id), "name": c.name} for c in s.components],
            }
            for s in board.stages
        ],
        "rows": [row_dict(board, row) for row in board.ranked(len(board.stages) - 1)]
        if board.stages
        else [],
    }


# --- elimination ------------------------------------------------------------------------------


def elimination_decision(stage: Stage) -> Decision | None:
    return db.session.scalar(
        select(Decision).where(Decision.stage_id == stage.id, Decision.kind == "elimination")
    )


def _racing(board: Board, index: int) -> list[Row]:
    """Rows still in the race at the stage: they are the candidates of its elimination."""
    return [r for r in board.rows if r.cells[index].active and r.eliminated_stage_id is None]


def preview_blocker(board: Board, stage: Stage) -> EliminationError | None:
    """Why no elimination preview can be made for the stage yet, or None when it can: no rule,
    trainees without a score, or nobody left. (The board shows no outlook then; the
    elimination page shows the reason.)"""
    index = stage_index(board, stage)
    if not stage.rule:
        return EliminationError(_("This stage has no elimination rule. Set one up first."))
    rows = _racing(board, index)
    unscored = [r.name for r in rows if r.cells[index].cumulative is None]
    if unscored:
        return EliminationError(
            _("These trainees have no score yet: %(names)s", names="、".join(unscored[:20]))
        )
    if not rows:
        return EliminationError(_("Nobody is left to rank in this stage."))
    return None


def preview(board: Board, stage: Stage, rule_config: dict | None = None):
    """The elimination preview for a stage: cumulative scores of everyone still in the race;
    ``rule_config`` previews another rule than the stage's (a what-if)."""
    blocker = preview_blocker(board, stage)
    if blocker is not None:
        raise blocker
    index = stage_index(board, stage)
    rows = _racing(board, index)
    candidates = [
        Candidate(str(r.user_id), r.name, r.cells[index].cumulative, r.cells[index].tie_values)
        for r in rows
    ]
    # may raise ScoringInputError (a DomainError)
    rule = specs.rule_from_config(rule_config or stage.rule)
    keys = None
    if rule.tie_breakers == tie_breakers(stage):
        # The board ranked with these very keys; computing them again is a third of the
        # preview's time on a large cohort.
        keys = {c.trainee_id: r.cells[index].key for c, r in zip(candidates, rows, strict=True)}
        keys = None if None in keys.values() else keys
    return preview_elimination(candidates, rule, keys)


def band_for(board: Board, stage: Stage, result) -> measurement.MeasurementBand:
    """The "within measurement error" band at the cut line of the stage's preview."""
    return measurement.band(board.stages, stage_index(board, stage), result)


def disagreements_for(board: Board, stage: Stage) -> list:
    """(component, trainee name) of flagged, unresolved evaluator disagreements among the
    trainees still in the race at the stage: the decision cannot use those scores yet."""
    index = stage_index(board, stage)
    racing = {r.user_id for r in _racing(board, index)}
    return agreement.unresolved_for(board.stages[: index + 1], racing)


def preview_token(result) -> str:
    """A fingerprint of what the manager saw, so a confirmation matches its preview."""
    text = json.dumps(result.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def by_name(user) -> str:
    return f"{user.name}({user.username})"


def confirm(
    board: Board,
    stage: Stage,
    manager,
    token: str,
    notes: dict[str, str] | None = None,
    decided_at: datetime | None = None,
) -> Decision:
    """Record the elimination as previewed; nothing is recorded if the scores changed since.

    ``notes`` ({trainee id: text}) must hold a note for everyone within measurement error of
    the cut line (``band_for``); they are stored with the band in the decision.
    (``decided_at`` lets the demo record its history on the days it happened.)
    """
    if elimination_decision(stage) is not None:
        raise Conflict(_("The elimination for this stage has already been confirmed."))
    index = stage_index(board, stage)
    result = preview(board, stage)
    if token != preview_token(result):
        raise Conflict(_("Scores changed since the preview. Review the new preview and confirm."))
    final = apply_overrides(result)
    notes = notes or {}
    band = band_for(board, stage, result)
    missing = measurement.check_notes(band, notes, DEFAULT_REASON_MIN_CHARS)
    if missing:
        raise EliminationError(
            _(
                "These trainees are within measurement error of the cut line: write a note of "
                "at least %(n)d characters for each: %(names)s",
                n=DEFAULT_REASON_MIN_CHARS,
                names="、".join(missing),
            )
        )
    blocked = disagreements_for(board, stage)
    if blocked:
        raise EliminationError(
            _(
                "The evaluators of these trainees disagree by more than the allowed gap; resolve "
                "it with a moderation note on the evaluator agreement page first: %(names)s",
                names="、".join(f"{name}({component.name})" for component, name in blocked),
            )
        )
    by_id = {str(r.user_id): r for r in board.rows}
    inputs = [row_dict(board, by_id[r.row.trainee_id], index) for r in result.standings]
    decision = Decision(
        cohort_id=stage.cohort_id,
        stage_id=stage.id,
        kind="elimination",
        decided_by_id=manager.id,
        decided_by_name=by_name(manager),
        decided_at=decided_at or now_utc(),
        snapshot=jsonable(
            {
                "rule": stage.rule,
                "decision": final.to_dict(),
                "inputs": inputs,
                "measurement": measurement.stored(band, notes),
            }
        ),
    )
    db.session.add(decision)
    cut = {int(i) for i in final.cut_ids}
    for enrolment in _enrolments(stage.cohort_id, cut):
        enrolment.eliminated_stage_id = stage.id
    db.session.flush()
    events.notify(events.stage_decision_confirmed, cohort_id=stage.cohort_id, stage_id=stage.id)
    audit_trail.elimination_confirmed(decision, stage, cut, manager)
    return decision


def _enrolments(cohort_id: int, user_ids: set[int]) -> list[Enrolment]:
    if not user_ids:
        return []
    return list(
        db.session.scalars(
            select(Enrolment).where(
                Enrolment.cohort_id == cohort_id, Enrolment.user_id.in_(user_ids)
            )
        )
    )


def override(board: Board, stage: Stage, manager, user_id: int, action: str, reason: str):
    """Keep an eliminated trainee or cut one still in the race, with a written reason."""
    index = stage_index(board, stage)
    if elimination_decision(stage) is None:
        raise EliminationError(_("Confirm the elimination for this stage before overriding it."))
    later = [s.id for s in board.stages[index + 1 :]]
    if later and db.session.scalar(
        select(Decision.id).where(Decision.stage_id.in_(later), Decision.kind == "elimination")
    ):
        raise Conflict(_("A later stage already has a decision; this one can no longer change."))
    reason = (reason or "").strip()
    if len(reason) < DEFAULT_REASON_MIN_CHARS:
        raise EliminationError(
            _("Write a reason of at least %(n)d characters.", n=DEFAULT_REASON_MIN_CHARS)
        )
    row = next((r for r in board.rows if r.user_id == user_id), None)
    if row is None:
        raise NotFound(_("This trainee is not enrolled in the cohort."))
    if action == "keep" and row.eliminated_stage_id != stage.id:
        raise EliminationError(_("%(name)s was not eliminated in this stage.", name=row.name))
    if action == "cut" and row.eliminated_stage_id is not None:
        raise EliminationError(_("%(name)s is already eliminated.", name=row.name))
    if action not in ("keep", "cut"):
        raise EliminationError(_("Choose keep or cut."))
    enrolment = _enrolments(stage.cohort_id, {user_id})[0]
    eliminated_before = enrolment.eliminated_stage_id
    enrolment.eliminated_stage_id = stage.id if action == "cut" else None
    remaining = sum(1 for r in board.rows if r.eliminated_stage_id is None)
    remaining += 1 if action == "keep" else -1
    min_remaining = (stage.rule or {}).get("min_remaining") or 0
    warnings = []
    if action == "cut" and remaining < min_remaining:
        warnings.append(message(BELOW_MINIMUM, count=remaining, minimum=min_remaining).to_dict())
    decision = Decision(
        cohort_id=stage.cohort_id,
        stage_id=stage.id,
        kind="override",
        action=action,
        trainee_id=user_id,
        reason=reason,
        decided_by_id=manager.id,
        decided_by_name=by_name(manager),
        decided_at=now_utc(),
        snapshot=jsonable(
            {
                "rule": stage.rule,
                "override": {"trainee_id": str(user_id), "action": action, "reason": reason},
                "remaining_count": remaining,
                "warnings": warnings,
                "inputs": [row_dict(board, row, index)],
            }
        ),
    )
    db.session.add(decision)
    db.session.flush()
    # A kept trainee may now have passed every stage; listeners re-check the cohort.
    events.notify(events.stage_decision_confirmed, cohort_id=stage.cohort_id, stage_id=stage.id)
    audit_trail.elimination_overridden(decision, stage, eliminated_before, manager)
    return decision


def decision_log(cohort: Cohort) -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.cohort_id == cohort.id)
            .order_by(Decision.decided_at, Decision.id)  # same instant: in the order recorded
        )
    )


# --- monthly snapshots ------------------------------------------------------------------------


def previous_month(today: date | None = None) -> str:
    today = today or now_utc().astimezone(LOCAL_TZ).date()
    last = today.replace(day=1) - timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


def month_end(month: str) -> date:
    year, number = (int(p) for p in month.split("-"))
    first_next = date(year + number // 12, number % 12 + 1, 1)
    return first_next - timedelta(days=1)


def freeze_month(cohort: Cohort, month: str, by_name: str = "") -> tuple[BoardSnapshot, bool]:
    """Freeze the board as it stood at the end of ``month``; a second call returns the first."""
    if not MONTH.match(month or ""):
        raise EliminationError(_("The month must look like 2026-03."))
    existing = db.session.scalar(
        select(BoardSnapshot).where(
            BoardSnapshot.cohort_id == cohort.id, BoardSnapshot.month == month
        )
    )
    if existing is not None:
        return existing, False
    board = build_board(cohort, now=min(day_end(month_end(month)), now_utc()), until_month=month)
    snapshot = BoardSnapshot(
        cohort_id=cohort.id,
        month=month,
        frozen_at=now_utc(),
        frozen_by_name=by_name,
        data=board_dict(board),
    )
    db.session.add(snapshot)
    db.session.flush()
    return snapshot, True
