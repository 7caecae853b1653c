"""What-if before confirming: a change's consequences, previewed, then recorded with it.

A change (voiding a quiz question for this cohort, changing a component's weight) is computed
on a board built as if it had been made (``board.Variant``); nothing is written. The preview
lists, for everyone still in the race at the stage, their cumulative score and rank before and
after, and who would newly be cut or spared by the stage's elimination rule. Confirming checks
that the preview is still what the manager saw (a fingerprint, as for eliminations), makes the
change, and records it as a ``Decision`` of kind "change" whose snapshot is the preview.

A voided question is left out of every attempt of that quiz when this cohort's quiz component
is graded (its mark and its maximum); the quiz itself, and other cohorts using it, are
unchanged. Changes are refused once the stage's elimination is confirmed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from assessment import decisions, specs
from assessment.board import Board, Variant, build_board
from assessment.board_results import voided_questions
from assessment.models import Component, Decision, Stage
from assessment.scoring import jsonable, present, present_str
from core.clock import now_utc
from core.errors import Conflict, NotFound
from core.extensions import db
from quizzes import results as quiz_results

KINDS = ("void", "weight", "rule")
RULE_FIELDS = ("below_score", "bottom_k", "bottom_percent", "min_remaining")
MAX_WEIGHT = Decimal(1000)


@dataclass(frozen=True)
class Change:
    kind: str  # void | weight | rule
    component_id: int | None = None
    question_id: int | None = None
    weight: Decimal | None = None
    rule: dict | None = None  # the stage's elimination rule as stored (kind "rule")

    def variant(self) -> Variant:
        if self.kind == "void":
            return Variant(voided={self.component_id: (self.question_id,)})
        if self.kind == "weight":
            return Variant(weights={self.component_id: self.weight})
        return Variant()

    def to_dict(self) -> dict:
        return jsonable(
            {
                "kind": self.kind,
                "component_id": self.component_id,
                "question_id": self.question_id,
                "weight": self.weight,
                "rule": self.rule,
            }
        )


@dataclass(frozen=True)
class WhatIfRow:
    trainee_id: int
    name: str
    before: Decimal | None
    after: Decimal | None
    rank_before: int | None
    rank_after: int | None
    cut_before: bool
    cut_after: bool

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return present(self.after) - present(self.before)

    @property
    def rank_moved(self) -> bool:
        return self.rank_before != self.rank_after

    def to_dict(self) -> dict:
        return {
            "trainee_id": self.trainee_id,
            "name": self.name,
            "before": present_str(self.before),
            "after": present_str(self.after),
            "delta": present_str(self.delta),
            "rank_before": self.rank_before,
            "rank_after": self.rank_after,
            "cut_before": self.cut_before,
            "cut_after": self.cut_after,
        }


@dataclass(frozen=True)
class WhatIf:
    change: Change
    description: str
    rows: tuple[WhatIfRow, ...]
    rule_applies: bool  # False when no elimination preview can be made (then no cut columns)

    @property
    def changed(self) -> list[WhatIfRow]:
        return [r for r in self.rows if r.delta or r.rank_moved or r.cut_before != r.cut_after]

    @property
    def newly_cut(self) -> list[WhatIfRow]:
        return [r for r in self.rows if r.cut_after and not r.cut_before]

    @property
    def newly_spared(self) -> list[WhatIfRow]:
        return [r for r in self.rows if r.cut_before and not r.cut_after]

    def to_dict(self) -> dict:
        return {
            "change": self.change.to_dict(),
            "description": self.description,
            "rule_applies": self.rule_applies,
            "rows": [r.to_dict() for r in self.rows],
            "newly_cut": [r.name for r in self.newly_cut],
            "newly_spared": [r.name for r in self.newly_spared],
        }

    @property
    def token(self) -> str:
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def parse_change(stage: Stage, values) -> Change:
    """The change a form or link asks for ({kind, component, question, weight} or the rule
    fields), checked against the stage (422 / 404 otherwise)."""
    kind = values.get("kind", "")
    if kind not in KINDS:
        raise decisions.EliminationError(_("Choose a change to preview."))
    if kind == "rule":
        return _rule_change(stage, values)
    component_id, question_id = values.get("component", ""), str(values.get("question", ""))
    weight = values.get("weight", "")
    component = _component(stage, str(component_id))
    if kind == "void":
        if component.kind != "quiz" or not (question_id or "").isdigit():
            raise decisions.EliminationError(
                _("Only a question of a quiz component can be voided.")
            )
        if int(question_id) in voided_questions(component):
            raise decisions.EliminationError(_("This question is already voided."))
        if int(question_id) not in _flagged_ids(component):
            raise decisions.EliminationError(
                _("This question is not flagged by the quiz's item analysis.")
            )
        return Change("void", component.id, question_id=int(question_id))
    try:
        value = Decimal((weight or "").strip())
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= MAX_WEIGHT:
        raise decisions.EliminationError(_("Enter a weight between 0 and %(max)s.", max=MAX_WEIGHT))
    return Change("weight", component.id, weight=value)


def _rule_change(stage: Stage, values) -> Change:
    """Another elimination rule for the stage: the typed numbers and "any"/"all"; the
    tie-breakers stay the stage's."""
    current = stage.rule or {}
    typed = specs.RuleInput(
        **{name: str(values.get(name, "") or "").strip() for name in RULE_FIELDS},
        combine=values.get("combine") or current.get("combine", "any"),
        tie_breakers=tuple(current.get("tie_breakers") or ()),
    )
    rule = specs.parse_rule(typed)  # ScoringInputError (422) on a bad number
    if not rule:
        raise decisions.EliminationError(
            _("Give the rule a bottom number, a bottom percentage or a cut-off.")
        )
    return Change("rule", rule=rule)


def _component(stage: Stage, component_id: str) -> Component:
    for component in stage.components:
        if str(component.id) == (component_id or "").strip():
            return component
    raise NotFound(_("This component is not part of the stage."))


def _analysis(component: Component):
    """The item analysis of a quiz component's quiz without its voided questions."""
    if not component.ref_id:
        return None
    return quiz_results.reliability(component.ref_id, voided_questions(component))


def _flagged_ids(component: Component) -> set[int]:
    found = _analysis(component)
    return {q.question_id for q in found.flagged} if found else set()


def flagged_questions(stage: Stage) -> list[tuple[Component, quiz_results.FlaggedQuestion]]:
    """The item-quality gate: flagged questions of the stage's quizzes, not voided yet."""
    found = []
    for component in stage.components:
        if component.kind != "quiz" or not component.ref_id:
            continue
        stats = _analysis(component)
        found += [(component, q) for q in (stats.flagged if stats else ())]
    return found


def describe(stage: Stage, change: Change) -> str:
    if change.kind == "rule":
        return _(
            "Change the elimination rule from “%(before)s” to “%(after)s”",
            before=specs.rule_text(stage.rule),
            after=specs.rule_text(change.rule),
        )
    component = _component(stage, str(change.component_id))
    if change.kind == "void":
        stats = _analysis(component)
        names = {q.question_id: q.name for q in (stats.flagged if stats else ())}
        return _(
            "Void the question “%(question)s” in %(component)s",
            question=names.get(change.question_id, change.question_id),
            component=component.name,
        )
    return _(
        "Change the weight of %(component)s from %(before)s to %(after)s",
        component=component.name,
        before=Decimal(component.weight).normalize(),
        after=change.weight.normalize(),
    )


def _cuts(board: Board, stage: Stage, rule: dict | None = None) -> set[int] | None:
    if decisions.preview_blocker(board, stage) is not None:
        return None
    return {int(i) for i in decisions.preview(board, stage, rule).cut_ids}


def what_if(stage: Stage, change: Change) -> WhatIf:
    """Before and after for everyone still in the race at the stage; nothing is written."""
    before = build_board(stage.cohort)
    after = build_board(stage.cohort, variant=change.variant())
    index = decisions.stage_index(before, stage)
    cut_before, cut_after = _cuts(before, stage), _cuts(after, stage, change.rule)
    rule_applies = cut_before is not None and cut_after is not None
    after_rows = {r.user_id: r for r in after.rows}
    rows = []
    for row in before.ranked(index):
        cell = row.cells[index]
        if not cell.active or row.eliminated_stage_id is not None:
            continue
        other = after_rows[row.user_id].cells[index]
        rows.append(
            WhatIfRow(
                row.user_id,
                row.name,
                cell.cumulative,
                other.cumulative,
                cell.rank,
                other.rank,
                rule_applies and row.user_id in cut_before,
                rule_applies and row.user_id in cut_after,
            )
        )
    return WhatIf(change, describe(stage, change), tuple(rows), rule_applies)


def confirm_change(stage: Stage, change: Change, manager, token: str, reason: str) -> Decision:
    """Make the change as previewed and record it with its preview."""
    if decisions.elimination_decision(stage) is not None:
        raise Conflict(_("This stage has a recorded elimination and can no longer be changed."))
    reason = (reason or "").strip()
    if len(reason) < decisions.DEFAULT_REASON_MIN_CHARS:
        raise decisions.EliminationError(
            _("Write a reason of at least %(n)d characters.", n=decisions.DEFAULT_REASON_MIN_CHARS)
        )
    result = what_if(stage, change)
    if token != result.token:
        raise Conflict(_("Scores changed since the preview. Review the new preview and confirm."))
    if change.kind == "rule":
        stage.rule = change.rule
    elif change.kind == "void":
        component = _component(stage, str(change.component_id))
        config = dict(component.config or {})
        config["voided_question_ids"] = [*voided_questions(component), change.question_id]
        component.config = config  # a new dict, so the JSON column sees the change
    else:
        _component(stage, str(change.component_id)).weight = change.weight
    decision = Decision(
        cohort_id=stage.cohort_id,
        stage_id=stage.id,
        kind="change",
        action=change.kind,
        reason=reason,
        decided_by_id=manager.id,
        decided_by_name=decisions.by_name(manager),
        decided_at=now_utc(),
        snapshot=jsonable({"change": change.to_dict(), "what_if": result.to_dict()}),
    )
    db.session.add(decision)
    db.session.flush()
    return decision
