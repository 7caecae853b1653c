"""Certification fixtures: a signing key in a scratch folder, and a trainee holding a
certificate earned through a real quiz."""

from datetime import UTC, datetime

import pytest

from certification import services
from core import clock
from tests.certification.factories import make_path, quiz_req
from tests.quizzes.quiz_factories import make_quiz, take

ISSUED = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def signing_key_dir(app, body_app, tmp_path):
    """Both apps of the suite sign with keys from tmp_path (none there yet)."""
    saved = [(a, a.config["CERTIFICATION_KEY_DIR"]) for a in (app, body_app)]
    for application in (app, body_app):
        application.config["CERTIFICATION_KEY_DIR"] = str(tmp_path / "keys")
    yield tmp_path / "keys"
    for application, value in saved:
        application.config["CERTIFICATION_KEY_DIR"] = value


@pytest.fixture
def signing_key(body_app, signing_key_dir):
    runner = body_app.test_cli_runner()
    result = runner.invoke(args=["certification", "keygen"])
    assert result.exit_code == 0, result.output
    return signing_key_dir


@pytest.fixture
def holder(make_user):
    """(trainee 学员 · 王小明, their certificate) for a 24-month path."""
    clock.set_now(ISSUED)
    trainee = make_user(display_name="学员 · 王小明", employee_number="E1024")
    quiz = make_quiz(published=True)
    make_path([quiz_req(quiz)], title="贷后管理岗位认证", description="贷后检查与风险预警")
    take(quiz, trainee, right=3)
    [certificate] = services.certificates_of(trainee.id)
    return trainee, certificate
