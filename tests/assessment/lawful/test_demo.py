"""The demo cohort shows each lawful path: a probation outcome with its basis, an improvement
plan that ended in reassignment, and a preview that refuses termination on rank alone."""

import shutil
import subprocess

import pytest
from sqlalchemy import select

from assessment import decisions
from assessment.board import build_board
from assessment.demo import KEY, load_demo
from assessment.lawful import confirming, dossier, dossier_files, terms
from assessment.lawful.models import DecisionOutcome
from assessment.models import Cohort
from core.demo import load_demo_accounts
from core.extensions import db
from tests.chinese import _translate, in_chinese


@pytest.fixture
def demo(db_session):
    load_demo_accounts()
    load_demo()
    return db.session.scalar(select(Cohort).where(Cohort.source_key == KEY))


def test_demo_records_a_probation_outcome_and_a_plan_that_ended_in_reassignment(demo):
    rows = db.session.scalars(select(DecisionOutcome)).all()
    probation = [r for r in rows if r.outcome == "probation_not_confirmed"]
    assert len(probation) == 1
    basis = probation[0].basis
    assert basis["condition"]["met"] is False and basis["condition"]["dated"] == "2026-03-31"
    assert (
        basis["condition"]["acknowledged_on"] == "2026-03-02"
        and basis["probation_end"] == "2026-09-01"
    )
    planned = [r for r in rows if r.basis.get("plan")]
    assert len(planned) == 1 and planned[0].outcome == "reassign"
    assert planned[0].basis["plan"]["result"] == "not_met"
    warnings = [row.warning for row in terms.cohort_terms(demo)]
    assert all("2026-10-31" in in_chinese(w) for w in warnings)


def test_demo_preview_refuses_termination_for_the_bottom_ranked_on_rank_alone(demo):
    lending = next(s for s in demo.stages if s.name == "放款阶段")
    board = build_board(demo)
    preview = decisions.preview(board, lending)
    people = confirming.options(lending, board, preview)
    assert people and all(p.rank_only for p in people)
    bottom = people[0]
    assert bottom.outcomes == ["reassign", "extended_training"]
    assert "指导案例18号" in in_chinese(bottom.refusals[0])


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing"
)
def test_a_demo_dossier_pdf_shows_the_name_and_the_hiring_condition(demo, tmp_path):
    outcome = db.session.scalar(
        select(DecisionOutcome).where(DecisionOutcome.outcome == "probation_not_confirmed")
    )
    built = dossier.build(outcome)
    path = tmp_path / "demo.pdf"
    path.write_bytes(dossier_files.to_pdf(built, _translate, "不提供法律意见"))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    compact = "".join(text.split())
    assert built.trainee.name in compact and "课堂培训阶段综合分不低于60分" in compact
