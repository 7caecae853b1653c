"""The README's security and limits section states the numbers the code uses."""

from pathlib import Path

import pytest

from assessment import roster
from config import Config
from core.models import MIN_PASSWORD_LENGTH

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.pure
def test_sign_in_limits_and_lockout_are_as_configured():
    assert f"| failed sign-ins per account | {Config.LOGIN_LIMIT_PER_ACCOUNT}," in README
    assert f"| failed sign-ins per client IP | {Config.LOGIN_LIMIT_PER_IP}," in README
    lockout = (
        f"{Config.LOGIN_LOCKOUT_FAILURES} wrong passwords within "
        f"{Config.LOGIN_LOCKOUT_WINDOW_MINUTES} minutes lock the account for "
        f"{Config.LOGIN_LOCKOUT_MINUTES} minutes"
    )
    assert lockout in README
    assert f"| {Config.PASSWORD_CHANGE_LIMIT} per account |" in README
    assert f"| idle session | {Config.SESSION_IDLE_MINUTES} minutes |" in README


@pytest.mark.pure
def test_password_and_upload_limits_are_as_coded():
    assert f"at least {MIN_PASSWORD_LENGTH} characters wherever a password is set" in README
    assert f"{Config.MAX_CONTENT_LENGTH // 2**20} MB, then 413" in README
    files = (
        f"{roster.MAX_UPLOAD // 2**20} MB, {roster.MAX_ROWS} rows below the header, "
        f"{roster.MAX_COLUMNS} columns, {roster.MAX_UNPACKED // 2**20} MB unpacked"
    )
    assert files in README


def test_backup_and_restore_commands_are_the_real_ones(app):
    cli = app.cli.commands["backup"]
    assert {"create", "restore"} <= set(cli.commands)
    assert {"-o", "--output"} <= {o for p in cli.commands["create"].params for o in p.opts}
    assert "--yes" in {o for p in cli.commands["restore"].params for o in p.opts}
    for line in (
        ".venv/bin/flask --app app backup create ",
        ".venv/bin/flask --app app backup create -o /backups/x.dump",
        ".venv/bin/flask --app app backup restore /backups/x.dump --yes",
    ):
        assert line in README
