"""Certificates are issued the moment a path completes, by each kind of event."""

from datetime import UTC, datetime, timedelta

import pytest

from certification import codes, services
from certification.models import Certificate
from core import clock
from core.audit import AuditEvent
from core.extensions import db
from courses import services as course_services
from quizzes.marking import services as marking
from quizzes.models import Question
from tests.certification.factories import make_path, make_refresher, quiz_req
from tests.courses.factories import make_module
from tests.quizzes.quiz_factories import make_quiz, new_version, take

NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock():
    clock.set_now(NOW)


def held(user):
    return services.certificates_of(user.id)


def test_passing_the_last_quiz_issues_the_certificate_at_once(make_user):
    trainee = make_user(display_name="王小明")
    first, second = make_quiz(published=True), make_quiz(published=True)
    make_path([quiz_req(first), quiz_req(second, 60)], title="贷后检查上岗认证")

    take(first, trainee, right=3)
    assert held(trainee) == []  # one of two requirements met
    take(second, trainee, right=1)  # 33 % < 60 %
    assert held(trainee) == []
    take(second, trainee, right=3)

    [certificate] = held(trainee)
    assert (certificate.holder_name, certificate.title) == ("王小明", "贷后检查上岗认证")
    assert certificate.issued_at.replace(tzinfo=UTC) == NOW
    assert certificate.expires_at.replace(tzinfo=UTC) == datetime(2028, 5, 1, 2, 0, tzinfo=UTC)
    assert certificate.issuer_name == "贷后学堂培训中心"
    assert db.session.query(AuditEvent).filter_by(action="certificate.issued").count() == 1


def test_a_minimum_grade_above_the_pass_mark_is_required(make_user):
    trainee = make_user()
    quiz = make_quiz(published=True, pass_mark=50)
    make_path([quiz_req(quiz, 90)])
    take(quiz, trainee, right=2)  # 67 %: passes the quiz, not the path
    assert held(trainee) == []
    take(quiz, trainee, right=3)
    assert len(held(trainee)) == 1


def test_completing_a_module_and_acknowledging_the_rules_issue(make_user):
    trainee = make_user()
    basics = make_module(lessons=1)
    conduct = make_module(lessons=1, conduct_rules_version="2026-01")
    make_path([{"kind": "module", "ref": basics.slug}, {"kind": "conduct"}], valid_months=None)

    course_services.mark_done(trainee.id, basics.lessons[0])
    assert held(trainee) == []
    course_services.acknowledge_rules(trainee.id, conduct, confirmed=True)

    [certificate] = held(trainee)
    assert certificate.expires_at is None


def test_a_path_issues_once_and_only_to_active_paths(make_user):
    trainee = make_user()
    quiz = make_quiz(published=True)
    path = make_path([quiz_req(quiz)])
    take(quiz, trainee, right=3)
    take(quiz, trainee, right=3)
    assert len(held(trainee)) == 1

    other = make_user()
    path.active = False
    take(quiz, other, right=3)
    assert held(other) == []


def test_the_code_has_100_random_bits_in_a_typable_form(make_user):
    trainee = make_user()
    quiz = make_quiz(published=True)
    make_path([quiz_req(quiz)])
    take(quiz, trainee, right=3)
    [certificate] = held(trainee)

    assert len(certificate.code) == 20 and set(certificate.code) <= set(codes.ALPHABET)
    shown = codes.printed(certificate.code)
    assert len(shown) == 24 and shown.count("-") == 4
    assert services.by_code(shown.lower().replace("0", "o")) is certificate


def test_a_revoked_certificate_is_not_issued_again(make_user):
    trainee, manager = make_user(), make_user(roles=("manager",))
    quiz = make_quiz(published=True)
    make_path([quiz_req(quiz)])
    take(quiz, trainee, right=3)
    [certificate] = held(trainee)
    services.revoke(certificate, manager, "考试作弊，经核实")
    take(quiz, trainee, right=3)
    assert held(trainee) == [certificate]
    entry = db.session.query(AuditEvent).filter_by(action="certificate.revoked").one()
    assert entry.actor_id == manager.id and entry.after["reason"] == "考试作弊，经核实"


def test_renewal_through_the_refresher_supersedes_the_old_certificate(make_user):
    trainee = make_user()
    main_quiz, refresher_quiz = make_quiz(published=True), make_quiz(published=True)
    refresher = make_refresher([quiz_req(refresher_quiz)])
    make_path([quiz_req(main_quiz)], valid_months=24, refresher=refresher, notice_days=30)
    take(main_quiz, trainee, right=3)
    [first] = held(trainee)

    # Refresher done early: outside the window it renews nothing, and issues nothing itself.
    take(refresher_quiz, trainee, right=3)
    assert held(trainee) == [first]

    clock.set_now(NOW + timedelta(days=2 * 365 - 20))  # 20 days before expiry
    take(refresher_quiz, trainee, right=3)
    renewed, old = held(trainee)
    assert old is first and old.superseded_by_id == renewed.id
    assert renewed.expires_at.replace(tzinfo=UTC) > first.expires_at.replace(tzinfo=UTC)
    assert db.session.query(Certificate).filter_by(user_id=trainee.id).count() == 2


def test_a_regrade_that_lifts_the_grade_issues_the_certificate(make_user):
    trainee, trainer = make_user(), make_user(roles=("trainer",))
    quiz = make_quiz(types=["single"], published=True)
    make_path([quiz_req(quiz)])
    take(quiz, trainee, right=0)  # chose 每年一次, wrong in version 1
    assert held(trainee) == []

    question = db.session.get(Question, quiz.slots[0].question_id)
    choices = [
        dict(c, fraction="1" if c["text"] == "每年一次" else "0")
        for c in question.latest.spec["choices"]
    ]
    new_version(question, choices=choices)  # the key was wrong: 每年一次 is right
    marking.apply_regrade(quiz, trainer, NOW)

    assert len(held(trainee)) == 1
