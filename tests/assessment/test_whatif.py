"""What-if before confirming: voiding a flagged question or changing a weight, previewed
(nothing written), then confirmed and recorded with its preview; the item-quality gate."""

from decimal import Decimal

import pytest

from assessment import decisions, whatif
from assessment.board import build_board
from assessment.models import Decision
from core.errors import Conflict, DomainError
from core.extensions import db
from quizzes import results as quiz_results
from tests.assessment.fairness_factories import quiz_cohort


def _flawed(quiz):
    return quiz.slots[5].question_id


def test_item_analysis_flags_the_question_weaker_trainees_get_right(app):
    _cohort, _users, _manager, stage, component, quiz = quiz_cohort()
    found = quiz_results.reliability(quiz.id)
    assert (found.attempt_count, found.item_count, found.problem) == (22, 6, None)
    assert found.sem is not None and 0 < found.alpha < 1
    assert [q.question_id for q in found.flagged] == [_flawed(quiz)]
    assert found.flagged[0].flags == ("negative_discrimination",)
    assert [q.question_id for _c, q in whatif.flagged_questions(stage)] == [_flawed(quiz)]


def test_grades_without_a_voided_question_leave_out_its_mark_and_maximum(app):
    _cohort, users, *_rest, quiz = quiz_cohort()
    ids = [users[5].id, users[1].id]  # levels 5 (five right, flawed wrong) and 1 (1 + flawed)
    assert quiz_results.grades_for(quiz.id, ids) == {
        ids[0]: Decimal("83.33"),
        ids[1]: Decimal("33.33"),
    }
    voided = quiz_results.grades_for(quiz.id, ids, [_flawed(quiz)])
    assert voided == {ids[0]: Decimal("100.00"), ids[1]: Decimal("20.00")}


def test_what_if_shows_changes_and_writes_nothing(app):
    cohort, users, _manager, stage, component, quiz = quiz_cohort()
    before = {r.user_id: r.cells[0].cumulative for r in build_board(cohort).rows}
    change = whatif.parse_change(
        stage, {"kind": "void", "component": str(component.id), "question": str(_flawed(quiz))}
    )
    result = whatif.what_if(stage, change)
    assert result.rule_applies and len(result.rows) == 22
    strong = next(r for r in result.rows if r.trainee_id == users[5].id)
    # Quiz 83.33 → 100 at weight 1 of 2: the cumulative score rises by 8.33 or 8.34.
    assert strong.delta in (Decimal("8.33"), Decimal("8.34"))
    assert strong in result.changed
    # Nothing written: the board and the component are as before.
    db.session.expire_all()
    assert {r.user_id: r.cells[0].cumulative for r in build_board(cohort).rows} == before
    assert "voided_question_ids" not in (component.config or {})


def test_confirming_a_void_needs_the_same_preview_and_records_it(app):
    cohort, users, manager, stage, component, quiz = quiz_cohort()
    change = whatif.parse_change(
        stage, {"kind": "void", "component": str(component.id), "question": str(_flawed(quiz))}
    )
    result = whatif.what_if(stage, change)
    with pytest.raises(Conflict):
        whatif.confirm_change(stage, change, manager, "stale", "区分度为负,作废该题")
    db.session.rollback()
    with pytest.raises(DomainError):
        whatif.confirm_change(stage, change, manager, result.token, "")
    db.session.rollback()
    decision = whatif.confirm_change(stage, change, manager, result.token, "区分度为负,作废该题")
    db.session.commit()
    assert decision.kind == "change" and decision.action == "void"
    assert decision.snapshot["what_if"] == result.to_dict()
    assert component.config["voided_question_ids"] == [_flawed(quiz)]
    board = build_board(cohort)
    strong = next(r for r in board.rows if r.user_id == users[5].id)
    assert strong.cells[0].score.results[0].normalized == Decimal(100)
    # The band's error now comes from the five remaining questions: without the question that
    # contradicted the others, the quiz is more consistent.
    before = quiz_results.reliability(quiz.id)
    after = quiz_results.reliability(quiz.id, [_flawed(quiz)])
    assert after.item_count == 5 and after.alpha > before.alpha
    band_quiz = next(
        e
        for e in decisions.band_for(board, stage, decisions.preview(board, stage)).components
        if e.kind == "quiz"
    )
    assert band_quiz.sem == after.sem
    # The question is no longer offered, and voiding it again is refused.
    assert whatif.flagged_questions(stage) == []
    with pytest.raises(DomainError):
        whatif.parse_change(
            stage, {"kind": "void", "component": str(component.id), "question": str(_flawed(quiz))}
        )


def test_a_weight_what_if_and_bad_input(app):
    _cohort, _users, manager, stage, component, _quiz = quiz_cohort()
    change = whatif.parse_change(
        stage, {"kind": "weight", "component": str(component.id), "weight": "3"}
    )
    result = whatif.what_if(stage, change)
    assert "3" in result.description and result.changed
    for kind, comp, question, weight in [
        ("weight", str(component.id), "", "-1"),
        ("weight", str(component.id), "", "abc"),
        ("void", str(component.id), "999999", ""),
        ("explode", str(component.id), "", ""),
    ]:
        with pytest.raises(DomainError):
            whatif.parse_change(
                stage, {"kind": kind, "component": comp, "question": question, "weight": weight}
            )
    with pytest.raises(DomainError):
        whatif.parse_change(stage, {"kind": "weight", "component": "0", "weight": "1"})


def test_no_change_once_the_elimination_is_confirmed(app):
    cohort, _users, manager, stage, component, _quiz = quiz_cohort(rule={"below_score": "10"})
    board = build_board(cohort)
    preview = decisions.preview(board, stage)
    band = decisions.band_for(board, stage, preview)
    notes = {m.trainee_id: "复核后维持" for m in band.members}
    decisions.confirm(board, stage, manager, decisions.preview_token(preview), notes)
    change = whatif.parse_change(
        stage, {"kind": "weight", "component": str(component.id), "weight": "2"}
    )
    with pytest.raises(Conflict):
        whatif.confirm_change(
            stage, change, manager, whatif.what_if(stage, change).token, "调整权重"
        )
    assert db.session.query(Decision).filter_by(kind="change").count() == 0


def test_what_if_pages_preview_then_confirm(app, client, login):
    _cohort, _users, manager, stage, component, quiz = quiz_cohort()
    login(manager)
    page = client.get(f"/cohorts/stages/{stage.id}/elimination").get_data(as_text=True)
    link = f"kind=void&amp;component={component.id}&amp;question={_flawed(quiz)}"
    assert link in page
    url = f"/cohorts/stages/{stage.id}/what-if?kind=void&component={component.id}&question={_flawed(quiz)}"
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-testid="what-if-table"' in page
    token = whatif.what_if(stage, whatif.Change("void", component.id, _flawed(quiz))).token
    form = {
        "kind": "void",
        "component": component.id,
        "question": _flawed(quiz),
        "weight": "",
        "token": token,
        "reason": "区分度为负,作废该题",
    }
    response = client.post(f"/cohorts/stages/{stage.id}/what-if", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    log = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "区分度为负,作废该题" in log and 'data-testid="what-if-table"' in log
    rule_page = client.get(f"/cohorts/stages/{stage.id}/what-if?kind=rule&bottom_k=5")
    assert rule_page.status_code == 200
    assert 'name="bottom_k" value="5"' in rule_page.get_data(as_text=True)
    # Bad input answers with the elimination page and a message, never a 500.
    bad = client.get(
        f"/cohorts/stages/{stage.id}/what-if?kind=weight&component={component.id}&weight=x"
    )
    assert bad.status_code in (302, 422)


def test_too_few_attempts_explained_instead_of_a_band(app):
    cohort, _users, _manager, stage, _component, _quiz = quiz_cohort(trainees=12)
    board = build_board(cohort)
    preview = decisions.preview(board, stage)
    band = decisions.band_for(board, stage, preview)
    assert not band.shown and band.members == ()
    assert (
        band.problems[0].id
        == "%(name)s: only %(attempts)s attempts count (at least %(minimum)s are needed), so its reliability is not stable enough to say how large the error is."
    )


def test_a_rule_what_if_shows_who_would_be_cut_and_confirming_sets_the_rule(app):
    _cohort, _users, manager, stage, _component, _quiz = quiz_cohort()
    change = whatif.parse_change(stage, {"kind": "rule", "bottom_k": "5"})
    result = whatif.what_if(stage, change)
    assert len(result.newly_cut) == 2 and not result.newly_spared
    assert all(r.delta == 0 for r in result.rows)  # a rule moves nobody's score
    whatif.confirm_change(stage, change, manager, result.token, "本期名额调整为5人")
    db.session.commit()
    assert stage.rule["bottom_k"] == 5
    for bad in (
        {"kind": "rule"},
        {"kind": "rule", "bottom_k": "-1"},
        {"kind": "rule", "bottom_k": "x"},
    ):
        with pytest.raises(DomainError):
            whatif.parse_change(stage, bad)
