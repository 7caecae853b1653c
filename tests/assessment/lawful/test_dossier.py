"""The evidence dossier: what the PDF and the CSV files show, and who may download them."""

import csv
import io
import shutil
import subprocess
import zipfile

import pytest
from sqlalchemy import select

from assessment import decisions
from assessment.board import build_board
from assessment.lawful import confirming, dossier
from assessment.lawful.confirming import Choice
from assessment.lawful.models import DecisionOutcome
from core.audit import AuditEvent
from core.extensions import db
from tests.assessment.lawful.helpers import lawful_cohort


def _decided(note="已于试用期内书面通知本人"):
    cohort, users, manager, stage, _later, version = lawful_cohort([90, 40, 70], below_score="60")
    board = build_board(cohort)
    token = decisions.preview_token(decisions.preview(board, stage))
    choice = Choice("probation_not_confirmed", condition_id=version.conditions[0].id, note=note)
    confirming.confirm_with_bases(board, stage, manager, token, {users[1].id: choice})
    db.session.commit()
    return users[1], manager, db.session.scalar(select(DecisionOutcome))


def _csv(archive: zipfile.ZipFile, suffix: str) -> list[list[str]]:
    name = next(n for n in archive.namelist() if n.endswith(suffix))
    return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_the_zip_holds_each_section_as_a_formula_safe_csv(client, login):
    trainee, manager, outcome = _decided(note='=HYPERLINK("http://x")')
    login(manager)
    response = client.get(f"/cohorts/outcomes/{outcome.id}/dossier.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert [n.split("_", 1)[1] for n in archive.namelist()] == [
        "trainee.csv",
        "hiring_conditions.csv",
        "scores.csv",
        "evaluations.csv",
        "cut_line.csv",
        "band.csv",
        "agreement.csv",
        "improvement_plans.csv",
        "decision.csv",
        "audit.csv",
    ]
    person = dict(_csv(archive, "trainee.csv")[1:])
    assert person["姓名"] == trainee.name and person["试用期届满"] == "2026-09-01"
    (header, ack) = _csv(archive, "hiring_conditions.csv")
    assert (
        ack[0] == "1"
        and ack[2] == "课堂培训阶段综合分不低于 60 分"
        and ack[1].startswith("2026-03-02")
    )
    scores = _csv(archive, "scores.csv")
    assert scores[1][:3] == ["课堂培训", "40.00", "40.00"] and scores[1][5] == "40.00"
    assert scores[1][4] in {"经理评估", "测验", "案例", "KPI", "演练情景"}  # kind, in Chinese
    assert scores[1][6] == "已计分"  # the result's status, in Chinese
    decision = dict(_csv(archive, "decision.csv")[1:])
    assert decision["处理结果"] == "试用期不予录用" and decision["备注"].startswith("'=HYPERLINK")
    assert "第三十九条" in decision["法律依据"]
    actions = [row[2] for row in _csv(archive, "audit.csv")[1:]]
    assert {
        "hiring_conditions.acknowledged",
        "enrolment.contract_set",
        "elimination.outcomes_recorded",
    } <= set(actions)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "dossier.downloaded"))


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing"
)
def test_the_pdf_shows_the_name_and_the_hiring_condition(client, login, tmp_path):
    trainee, manager, outcome = _decided()
    login(manager)
    response = client.get(f"/cohorts/outcomes/{outcome.id}/dossier.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    path = tmp_path / "dossier.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    compact = "".join(text.split())
    assert trainee.name in compact
    assert "课堂培训阶段综合分不低于60分" in compact
    assert "试用期不予录用" in compact and "不提供法律意见" in compact


def test_only_the_cohorts_managers_download_a_dossier(client, login, make_user):
    _trainee, _manager, outcome = _decided()
    login(make_user(roles={"manager"}))
    assert client.get(f"/cohorts/outcomes/{outcome.id}/dossier.pdf").status_code == 404
    assert client.get("/cohorts/outcomes/999999/dossier.zip").status_code == 404


def test_registered_sections_join_every_dossier():
    _trainee, _manager, outcome = _decided()

    def kappa(decision, trainee_id):
        return dossier.Section("kappa", "Weighted kappa", ["Item"], [["0.71"]])

    dossier.register_section(kappa)
    try:
        keys = [s.key for s in dossier.build(outcome).sections]
    finally:
        dossier._PROVIDERS.remove(kappa)
    assert keys.index("agreement") < keys.index("kappa") < keys.index("improvement_plans")
