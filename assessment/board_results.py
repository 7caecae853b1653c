"""Component results for a whole cohort at once: {component id: {trainee id: ComponentResult}}.

Results are immutable, so trainees with the same entries share one result object: each distinct
entry is scored once by the rules in ``assessment.scoring`` and the rest is dictionary work.
Numbers are read as text and become Decimals only per distinct value (converting tens of
thousands of driver floats one by one is what makes large boards slow). Evaluation sheets
(at most two evaluators, see ``score_entries.save_evaluations``) and KPI months are read with one
query per kind, one row per component ("trainee:value,..." aggregated in SQL), whatever the
cohort size: fetching tens of thousands of driver rows costs more than splitting strings, and
per component the split text maps onto trainees without a Python loop per trainee.

Three steps, so the board can skip trainees whose inputs did not change (see
``board_cache.trainee_scores``): ``load_external`` (quiz, case and simulator scores, always
read: they change in other areas), ``load_inputs`` (evaluation and KPI texts, for chosen
trainees or all) and ``results_for`` (parse and score those texts).
"""

from __future__ import annotations

from decimal import Decimal
from operator import methodcaller

from sqlalchemy import String, cast, func, select

from assessment.models import Evaluation, KpiEntry
from assessment.scoring import (
    EXTERNAL_KINDS,
    ComponentResult,
    ComponentSpec,
    normalize_component,
)
from case_library import results as case_results
from core.extensions import db
from quizzes import results as quiz_results
from simulator import results as simulator_results


def voided_questions(component) -> tuple[int, ...]:
    """Questions of a quiz component voided by a confirmed change (assessment.whatif)."""
    return tuple(int(q) for q in (component.config or {}).get("voided_question_ids") or ())


def _external_scores(component, spec, user_ids: list[int], also_void=()) -> dict[int, Decimal]:
    """Quiz grades, case or simulator scores through the other area's bulk results function.
    Quiz grades leave out the component's voided questions (and ``also_void``, a what-if).
    Simulator runs count when finished by the component's deadline, the best or the latest
    run as the component says."""
    if component.kind == "quiz":
        void = voided_questions(component) + tuple(also_void)
        scores = quiz_results.grades_for(component.ref_id, user_ids, void)
    elif component.kind == "simulator":
        scores = simulator_results.simulator_scores(
            component.ref_id,
            user_ids,
            deadline=spec.deadline,
            policy=(component.config or {}).get("policy", "best"),
        )
    else:
        scores = case_results.case_scores(component.ref_id, user_ids)
    return {uid: value for uid, value in scores.items() if value is not None}


def _evaluation(spec: ComponentSpec, joined: str) -> ComponentResult:
    sheets = sorted(Decimal(part) for part in joined.split(","))
    value = sum(sheets) / len(sheets)
    return ComponentResult(spec.id, "scored", value, [str(s) for s in sheets])


def _kpi(spec: ComponentSpec, joined: str) -> ComponentResult:
    months = dict(sorted(part.split("=") for part in joined.split(",")))
    points = [spec.kpi_rule.points(Decimal(v)) for v in months.values()]
    raw = {m: str(Decimal(v)) for m, v in months.items()}
    return ComponentResult(spec.id, "scored", sum(points) / len(points), raw)


_split_piece = methodcaller("split", ":", 1)


def _split(joined: str) -> dict[str, str]:
    """ "trainee:value,trainee:value,..." → {trainee id as text: "value,value"} (two
    evaluators, or several KPI months, of one trainee are joined with commas)."""
    pieces = joined.split(",")
    found: dict[str, str] = dict(map(_split_piece, pieces))
    if len(found) != len(pieces):  # a trainee twice: two evaluators or several months
        found = {}
        for piece in pieces:
            uid, _, value = piece.partition(":")
            before = found.get(uid)
            found[uid] = value if before is None else before + "," + value
    return found


def load_external(pairs, user_ids: list[int], voided=None) -> dict[int, dict[int, Decimal]]:
    """Quiz, case and simulator scores: {component id: {trainee id: points}} (one bulk read
    each); ``voided`` {component id: question ids} grades quizzes as if those were voided."""
    voided = voided or {}
    return {
        component.id: _external_scores(component, spec, user_ids, voided.get(component.id, ()))
        for component, spec in pairs
        if component.kind in EXTERNAL_KINDS and component.ref_id
    }


def load_inputs(pairs, until_month: str | None = None, trainee_ids=None) -> dict[int, dict]:
    """Evaluation and KPI entries: {component id: {trainee id as text: "value,value"}}, one
    query per kind, one row per component; ``trainee_ids`` limits the read to those trainees."""
    kinds = {c.id: c.kind for c, _spec in pairs}
    texts: dict[int, dict] = {}
    connection = db.session.connection()
    for kind, model, entry in (
        ("evaluation", Evaluation, cast(Evaluation.score, String)),
        ("kpi", KpiEntry, KpiEntry.month + "=" + cast(KpiEntry.value, String)),
    ):
        ids = [cid for cid, k in kinds.items() if k == kind]
        if not ids:
            continue
        piece = cast(model.trainee_id, String) + ":" + entry
        query = select(model.component_id, func.aggregate_strings(piece, ",")).where(
            model.component_id.in_(ids)
        )
        if trainee_ids is not None:
            query = query.where(model.trainee_id.in_(trainee_ids))
        if kind == "kpi" and until_month:
            query = query.where(KpiEntry.month <= until_month)
        for cid, joined in connection.execute(query.group_by(model.component_id)).all():
            texts[cid] = _split(joined)
    return texts


def results_for(pairs, texts: dict[int, dict], external: dict, user_ids: list[int], now):
    """Results from the fetched entries: ({component id: {trainee id: result}}, {component id:
    default}) where the default (pending, or missing after the deadline) applies to trainees
    without work. ``user_ids`` are the trainees whose quiz and case scores count."""
    specs = {component.id: spec for component, spec in pairs}
    by_component: dict[int, dict[int, ComponentResult]] = {cid: {} for cid in specs}
    defaults = {cid: normalize_component(spec, None, now) for cid, spec in specs.items()}
    readers = {"evaluation": _evaluation, "kpi": _kpi}
    for cid, found in texts.items():
        spec = specs[cid]
        read = readers[spec.kind]
        # Each distinct entry is scored once; the mapping to trainees stays in C (dict, zip, map).
        scored = {values: read(spec, values) for values in set(found.values())}
        trainees, entries = map(int, found), map(scored.__getitem__, found.values())
        by_component[cid].update(zip(trainees, entries, strict=True))
    for cid, found in external.items():
        spec, target = specs[cid], by_component[cid]
        for uid in user_ids:
            value = found.get(uid)
            if value is not None:
                target[uid] = normalize_component(spec, min(Decimal(value), spec.max_points), now)
    return by_component, defaults
