"""Trainers and managers define paths in the browser; managers see holders, expiries and
revoke; bad input changes nothing and says why in Chinese."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from certification import codes, services
from certification.models import Certificate, CertificationPath
from core import clock
from core.audit import AuditEvent
from core.extensions import db
from tests.certification.conftest import ISSUED
from tests.certification.factories import make_path, quiz_req
from tests.quizzes.quiz_factories import make_quiz, take


def test_trainer_creates_a_path_and_an_edit_makes_a_new_version_issued_certificates_keep(
    login_as, client, make_user
):
    clock.set_now(ISSUED)
    quiz = make_quiz(published=True)
    login_as("trainer")
    response = client.post(
        "/certificates/paths/new",
        data={
            "title": "客户经理上岗认证",
            "slug": "onboarding",
            "purpose": "certify",
            "quizzes": [str(quiz.id)],
            "quiz_min": "80",
            "valid_months": "24",
            "notice_days": "60",
            "refresher": "0",
            "active": "y",
        },
    )
    assert response.status_code == 302
    path = db.session.scalar(
        db.select(CertificationPath).where(CertificationPath.slug == "onboarding")
    )
    assert path.current.requirements == [{"kind": "quiz", "ref": quiz.id, "min": "80"}]

    trainee = make_user()
    take(quiz, trainee, right=3)
    [certificate] = services.certificates_of(trainee.id)
    db.session.commit()

    response = client.post(
        f"/certificates/paths/{path.id}/edit",
        data={
            "title": "客户经理上岗认证（2027版）",
            "quizzes": [str(quiz.id)],
            "quiz_min": "90",
            "valid_months": "12",
            "notice_days": "30",
            "refresher": "0",
            "active": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [v.number for v in path.versions] == [1, 2]
    assert (certificate.title, certificate.path_version.number) == ("客户经理上岗认证", 1)
    assert certificate.expires_at.replace(tzinfo=None) == ISSUED.replace(year=2028, tzinfo=None)
    assert path.slug == "onboarding"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"quizzes": []}, "认证路径至少需要一项要求"),
        ({"valid_months": "-3"}, "请输入 1 到 240 个月"),
        ({"quiz_min": "120"}, "0 到 100 之间"),
        ({"quizzes": ["UNPUBLISHED"]}, ""),
    ],
)
def test_bad_paths_are_refused_with_a_message_and_save_nothing(login_as, client, changes, message):
    published, draft = make_quiz(published=True), make_quiz(published=False)
    login_as("manager")
    data = {
        "title": "测试路径",
        "slug": "bad-path",
        "purpose": "certify",
        "quizzes": [str(published.id)],
        "valid_months": "24",
        "notice_days": "60",
        "refresher": "0",
    }
    data.update(changes)
    if data["quizzes"] == ["UNPUBLISHED"]:
        data["quizzes"] = [str(draft.id)]  # not among the choices: the form refuses it
    response = client.post("/certificates/paths/new", data=data)
    assert response.status_code in (200, 422)
    assert message in response.get_data(as_text=True)
    assert (
        db.session.scalar(db.select(CertificationPath).where(CertificationPath.slug == "bad-path"))
        is None
    )


def test_a_service_caller_cannot_name_an_unpublished_quiz(make_user):
    draft = make_quiz(published=False)
    with pytest.raises(services.DomainError, match="not published"):
        make_path([quiz_req(draft)])


def test_manager_sees_holders_expiring_and_nearly_done_and_exports(
    holder, login_as, client, make_user
):
    trainee, certificate = holder
    clock.set_now(ISSUED + timedelta(days=700))  # 30 days before the 24-month expiry
    login_as("manager")
    page = client.get("/certificates/manage").get_data(as_text=True)
    assert "学员 · 王小明" in page and codes.printed(certificate.code) in page
    assert 'data-testid="expiring"' in page
    home = client.get("/").get_data(as_text=True)
    assert 'data-testid="expiring-notice"' in home

    csv = client.get("/certificates/manage/export.csv")
    assert csv.status_code == 200 and "学员 · 王小明" in csv.data.decode("utf-8-sig")
    xlsx = client.get("/certificates/manage/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A2"].value == "学员 · 王小明" and sheet["G2"].value == "有效"


def test_manager_revokes_with_a_reason_and_without_one_nothing_changes(holder, login_as, client):
    _trainee, certificate = holder
    manager = login_as("manager")
    empty = client.post(f"/certificates/manage/{certificate.code}/revoke", data={"reason": "  "})
    assert empty.status_code == 200 and "请填写吊销理由" in empty.get_data(as_text=True)
    short = client.post(f"/certificates/manage/{certificate.code}/revoke", data={"reason": "错"})
    assert short.status_code == 422
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_at is None

    done = client.post(
        f"/certificates/manage/{certificate.code}/revoke", data={"reason": "培训记录造假，已核实"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    revoked = db.session.get(Certificate, certificate.id)
    assert revoked.revoked_at is not None and revoked.revoked_by_id == manager.id
    entry = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "certificate.revoked")
    )
    assert entry.actor_id == manager.id and entry.after["reason"] == "培训记录造假，已核实"


def test_trainee_home_shows_the_checklist_with_links_to_missing_work(login_as, client):
    quiz = make_quiz(published=True, title="贷后检查测验")
    make_path([quiz_req(quiz), {"kind": "conduct"}], title="上岗认证")
    login_as("trainee")
    home = client.get("/").get_data(as_text=True)
    # No conduct rules are published in this test, so that requirement counts as met.
    assert "上岗认证" in home and "已满足 1 / 2 项要求" in home
    assert f'href="/quizzes/{quiz.id}"' in home


def test_the_export_follows_the_readers_language(holder, login_as, client):
    login_as("manager")
    text = client.get("/certificates/manage/export.csv?lang=en").data.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Holder,Username,Certificate,Code")
    assert row.endswith(",Valid,")
