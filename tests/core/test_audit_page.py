"""Done when (issue 11): the audit page lists a role change, a regrade and an override made in
the test, and the export carries them."""

import csv
import io

from assessment import decisions
from assessment.board import build_board
from core import clock
from core.extensions import db
from quizzes.marking import services as marking
from tests.assessment.factories import add_kpi, add_stage, make_cohort, set_kpis
from tests.assessment.test_decisions import AFTER
from tests.quizzes.quiz_factories import T0
from tests.quizzes.test_audit_trail import graded_essay


def test_the_audit_page_lists_a_role_change_a_regrade_and_an_override(client, make_user, login_as):
    essay, _grader = graded_essay(make_user)
    marking.grade_essay(essay, make_user(roles={"trainer"}), T0, levels=[1, 1], comment="复核")
    cohort, users, manager = make_cohort(2)
    stage = add_stage(cohort, below_score="60")
    set_kpis(
        add_kpi(stage, best="100"), "2026-03", dict(zip(users, [90, 40], strict=True)), manager
    )
    clock.set_now(AFTER)
    board = build_board(cohort)
    decisions.confirm(
        board, stage, manager, decisions.preview_token(decisions.preview(board, stage))
    )
    decisions.override(build_board(cohort), stage, manager, users[1].id, "keep", "病假期间缺考")
    db.session.commit()
    clock.set_now(None)

    login_as("admin")
    promoted = make_user(username="zhao.promoted", roles={"trainee"})
    client.post(f"/admin/users/{promoted.id}", data={"roles": ["trainer"], "active": "y"})

    page = client.get("/admin/audit").get_data(as_text=True)
    for label in ("角色变更", "主观题改分", "淘汰调整"):
        assert label in page, label
    assert "zhao.promoted" in page and "病假期间缺考" in page
    export = client.get("/admin/audit/export.csv").get_data(as_text=True).lstrip("\ufeff")
    actions = [row[2] for row in csv.reader(io.StringIO(export))]
    for action in ("user.roles_changed", "quiz_answer.regraded", "elimination.overridden"):
        assert action in actions, action
