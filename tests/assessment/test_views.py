"""The manager's path over HTTP, exports agreeing with the page, and what trainees see."""

import csv
import io
import re
from datetime import UTC, datetime
from decimal import Decimal as D

from openpyxl import load_workbook
from sqlalchemy import func, select

from assessment import decisions
from assessment.board import build_board
from assessment.models import Cohort, Component, Decision, Enrolment, KpiEntry, Stage
from case_library.results import case_choices
from core import clock
from core.extensions import db
from quizzes import results as quiz_results
from quizzes.results import quiz_choices
from tests.assessment.factories import add_kpi, add_stage, make_cohort, set_kpis


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_manager_creates_cohort_imports_roster_configures_and_decides(login_as, client):
    clock.set_now(datetime(2026, 3, 10, tzinfo=UTC))
    login_as("manager")
    response = client.post("/cohorts/", data={"name": "秋季班", "start_date": "2026-09-01"})
    assert response.status_code == 302
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == "秋季班"))
    roster = "姓名,工号,网点\n甲,C001,城东支行\n乙,C002,城西支行\n丙,C003,城西支行\n"
    response = client.post(
        f"/cohorts/{cohort.id}/roster",
        data={"file": (io.BytesIO(roster.encode()), "r.csv"), "mode": "strict"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "C003" in _page(response)
    stage_form = {
        "name": "课堂培训",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
        "weight": "1",
        "bottom_k": "1",
        "min_remaining": "1",
    }
    assert client.post(f"/cohorts/{cohort.id}/stages", data=stage_form).status_code == 302
    stage = db.session.scalar(select(Stage).where(Stage.cohort_id == cohort.id))
    rubric = {
        "name": "课堂表现",
        "kind": "evaluation",
        "weight": "1",
        "rubric": "态度 | 1 | 优:4, 差:1",
    }
    assert client.post(f"/cohorts/stages/{stage.id}/components", data=rubric).status_code == 302
    kpi = {"name": "考试", "kind": "kpi", "weight": "1", "kpi_mode": "linear"}
    kpi |= {"kpi_worst": "0", "kpi_best": "100"}
    assert client.post(f"/cohorts/stages/{stage.id}/components", data=kpi).status_code == 302
    evaluation, exam = db.session.scalars(
        select(Component).where(Component.stage_id == stage.id).order_by(Component.position)
    ).all()
    ids = {e.user.username: e.user_id for e in db.session.scalars(select(Enrolment))}
    levels = {
        f"lv-{ids['C001']}-c1": "l1",
        f"lv-{ids['C002']}-c1": "l1",
        f"lv-{ids['C003']}-c1": "l2",
    }
    assert (
        client.post(f"/cohorts/components/{evaluation.id}/entries", data=levels).status_code == 302
    )
    values = {"month": "2026-03", f"v-{ids['C001']}": "90", f"v-{ids['C002']}": "70"}
    values[f"v-{ids['C003']}"] = "80"
    assert client.post(f"/cohorts/components/{exam.id}/entries", data=values).status_code == 302

    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    page = _page(client.get(f"/cohorts/{cohort.id}"))
    assert "95.00" in page and "85.00" in page and "52.50" in page  # C001, C002, C003
    assert "<svg" in page
    preview = client.get(f"/cohorts/stages/{stage.id}/elimination")
    assert "丙" in _page(preview)
    token = re.search(r'name="token"[^>]*value="([^"]*)"', _page(preview)).group(1)
    response = client.post(f"/cohorts/stages/{stage.id}/elimination", data={"token": token})
    assert response.status_code == 302
    override_form = _page(client.get(f"/cohorts/stages/{stage.id}/elimination"))
    assert "丙 · 52.50 · 已淘汰" in override_form  # the trainee to keep, in the page's language
    bad = client.post(
        f"/cohorts/stages/{stage.id}/override",
        data={"user_id": ids["C003"], "action": "keep", "reason": "短"},
    )
    assert bad.status_code == 422 and "短" in _page(bad)  # the reason typed is not lost
    good = client.post(
        f"/cohorts/stages/{stage.id}/override",
        data={"user_id": ids["C003"], "action": "keep", "reason": "补考后成绩合格,保留"},
    )
    assert good.status_code == 302
    db.session.expire_all()
    assert [d.kind for d in db.session.scalars(select(Decision))] == ["elimination", "override"]
    log = _page(client.get(f"/cohorts/{cohort.id}/decisions"))
    assert "补考后成绩合格" in log

    exported = _page(client.get(f"/cohorts/{cohort.id}/export/board.csv")).lstrip("\ufeff")
    rows = {r[1]: r for r in csv.reader(io.StringIO(exported))}
    assert rows["甲"][4:7] == ["95.00", "95.00", "1"]
    assert rows["丙"][4] == "52.50"
    book = load_workbook(io.BytesIO(client.get(f"/cohorts/{cohort.id}/export/board.xlsx").data))
    cells = {r[1]: r for r in book.active.iter_rows(values_only=True)}
    assert D(str(cells["乙"][5])) == D("85.00")
    decisions_csv = _page(client.get(f"/cohorts/{cohort.id}/export/decisions.csv"))
    assert "人工调整" in decisions_csv and "补考后成绩合格" in decisions_csv


def test_bad_input_is_answered_in_chinese_and_kept(login_as, client):
    me = login_as("manager")
    cohort, _users, _manager = make_cohort(1, manager=me)
    response = client.post(
        f"/cohorts/{cohort.id}/stages",
        data={"name": "实战演练", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    assert response.status_code == 422
    page = _page(response)
    assert "阶段结束日期不能早于开始日期" in page and 'value="实战演练"' in page
    stage = add_stage(cohort)
    response = client.post(
        f"/cohorts/stages/{stage.id}/components",
        data={"name": "评估", "kind": "evaluation", "rubric": "态度 优:4"},
    )
    assert response.status_code == 422 and "评分表第1行" in _page(response)
    assert "态度 优:4" in _page(response)
    # A missing name and a date that is not one are the form's to refuse (400, the house's
    # status for a form with errors), each under its field.
    response = client.post("/cohorts/", data={"name": "", "start_date": "x"})
    assert response.status_code == 400 and "批次名称" in _page(response)
    assert "请填写批次名称" in _page(response) and "2026-03-01" in _page(response)


def test_trainee_sees_own_scores_and_others_by_cohort_setting(make_user, login, client):
    cohort, (a, b), manager = make_cohort(2, visibility="initials")
    kpi = add_kpi(add_stage(cohort))
    set_kpis(kpi, "2026-03", {a: 8, b: 4}, manager)
    b.display_name = "王小明"
    db.session.commit()
    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    login(a)
    page = _page(client.get("/cohorts/mine"))
    assert "80.00" in page and "第1名 / 共2人" in page
    assert "王**" in page and "王小明" not in page
    cohort.visibility = "none"
    db.session.commit()
    assert "王**" not in _page(client.get("/cohorts/mine"))
    assert client.get(f"/cohorts/{cohort.id}").status_code == 403
    assert client.get(f"/cohorts/{cohort.id}/export/board.csv").status_code == 403
    assert 'data-panel="standing"' in _page(client.get("/"))


def test_quiz_component_reads_grades_through_quizzes_results(login_as, client, monkeypatch):
    monkeypatch.setattr(quiz_results, "quiz_choices", lambda: [(7, "结业考试")])
    monkeypatch.setattr(
        quiz_results,
        "grades_for",
        lambda quiz_id, user_ids, void_question_ids=(): {
            u: D("88.5") if quiz_id == 7 else None for u in user_ids
        },
    )
    me = login_as("manager")
    cohort, (a,), _manager = make_cohort(1, manager=me)
    stage = add_stage(cohort)
    data = {"name": "考试", "kind": "quiz", "weight": "1", "ref_id": "7"}
    assert client.post(f"/cohorts/stages/{stage.id}/components", data=data).status_code == 302
    assert "88.50" in _page(client.get(f"/cohorts/{cohort.id}"))
    data["ref_id"] = "8"
    assert client.post(f"/cohorts/stages/{stage.id}/components", data=data).status_code == 422


def test_real_quiz_and_case_results_functions_are_used(login_as, client):
    """Integration: the real quizzes/case_library readers (an unknown id is refused, a known
    quiz with no attempt stays pending)."""
    me = login_as("manager")
    cohort, _users, _manager = make_cohort(1, manager=me)
    stage = add_stage(cohort, ends="2099-12-31")
    for kind in ("quiz", "case"):
        data = {"name": "x", "kind": kind, "ref_id": "999999"}
        assert client.post(f"/cohorts/stages/{stage.id}/components", data=data).status_code == 422
    known = quiz_choices() or case_choices()
    if known:
        kind = "quiz" if quiz_choices() else "case"
        data = {"name": "真实", "kind": kind, "ref_id": str(known[0][0])}
        assert client.post(f"/cohorts/stages/{stage.id}/components", data=data).status_code == 302
        assert "待完成" in _page(client.get(f"/cohorts/{cohort.id}"))


def test_kpi_import_is_all_or_nothing_with_line_numbers(login_as, client):
    me = login_as("manager")
    cohort, (a, b), _manager = make_cohort(2, manager=me)
    kpi = add_kpi(add_stage(cohort))
    bad = f"工号,数值\n{a.username},7\nnobody,3\n{b.username},abc\n"
    response = client.post(
        f"/cohorts/components/{kpi.id}/kpi-import",
        data={"month": "2026-03", "file": (io.BytesIO(bad.encode()), "k.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = _page(response)
    assert "<td>3</td>" in page and "<td>4</td>" in page and "abc" in page
    good = f"工号,数值\n{a.username},7\n{b.username},2.5\n"
    response = client.post(
        f"/cohorts/components/{kpi.id}/kpi-import",
        data={"month": "2026-03", "file": (io.BytesIO(good.encode()), "k.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = _page(client.get(f"/cohorts/components/{kpi.id}/entries?month=2026-03"))
    assert 'value="7.0"' in page and 'value="2.5"' in page


def test_eliminated_trainee_keeps_history_but_not_later_stages(app, make_user, login, client):
    cohort, (a, b), manager = make_cohort(2, visibility="full")
    first = add_stage(cohort, below_score="60")
    second = add_stage(cohort, name="实战演练", starts="2026-04-01", ends="2026-04-30")
    set_kpis(add_kpi(first), "2026-03", {a: 9, b: 3}, manager)
    add_kpi(second, name="新增客户")
    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    board = build_board(cohort)
    decisions.confirm(
        board, first, manager, decisions.preview_token(decisions.preview(board, first))
    )
    db.session.commit()
    login(b)
    page = _page(client.get("/cohorts/mine"))
    assert "课堂培训" in page and "30.00" in page
    assert "实战演练" not in page and "培训已在“课堂培训”阶段结束" in page
    client = app.test_client()
    client.post("/login", data={"username": manager.username, "password": "correct-horse-1"})
    assert client.post(f"/cohorts/{cohort.id}/unenrol/{b.id}").status_code == 409
    entries = _page(client.get(f"/cohorts/components/{second.components[0].id}/entries"))
    assert a.name in entries and b.name not in entries


def test_board_says_when_a_tie_at_the_line_spares_everyone(login_as, client):
    me = login_as("manager")
    cohort, (a, b, c), manager = make_cohort(3, manager=me)
    stage = add_stage(cohort, bottom_k="1")
    set_kpis(add_kpi(stage), "2026-03", {a: 4, b: 4, c: 9}, manager)
    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    notice = _page(client.get(f"/cohorts/{cohort.id}")).split('data-testid="outlook"')[1]
    assert "将淘汰0人" in notice and "均不淘汰" in notice


def test_stage_can_be_removed_until_a_decision_refers_to_it(login_as, client):
    me = login_as("manager")
    cohort, _users, _manager = make_cohort(1, manager=me)
    first = add_stage(cohort)
    second = add_stage(cohort, name="实战演练", starts="2026-04-01", ends="2026-04-30")
    add_kpi(first)
    assert client.post(f"/cohorts/stages/{first.id}/delete").status_code == 302
    db.session.expire_all()
    assert [(s.name, s.position) for s in cohort.stages] == [("实战演练", 1)]
    assert second.position == 1


def test_a_kpi_value_too_large_to_store_is_refused_with_a_message(login_as, client):
    me = login_as("manager")
    cohort, (a,), _manager = make_cohort(1, manager=me)
    kpi = add_kpi(add_stage(cohort))
    data = {"month": "2026-03", f"v-{a.id}": "1e15"}
    response = client.post(f"/cohorts/components/{kpi.id}/entries", data=data)
    assert response.status_code == 422 and "1e15" in _page(response)
    assert db.session.scalar(select(func.count()).select_from(KpiEntry)) == 0
