"""Every `flask --app app ...` command the README prints works from a fresh shell (issue 10).

A fresh shell has none of the variables `make` exports. The README says to `export
APP_ENV=development` in a local checkout; without it a command must stop with one line that
says what to set, never a traceback. With it, every command the README names exists, and the
ones a newcomer runs first (migrate, create users, back up and restore) work as printed.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.database import scratch_database

pytestmark = pytest.mark.no_db_isolation

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# `.venv/bin/flask --app app ...` lines in code blocks and `flask --app app ...` in the text.
COMMAND = re.compile(r"(?:\.venv/bin/)?flask --app app ([^`#\n]+)")
PLACEHOLDERS = ("FILE", "USERNAME", "USER", "...", "<", "TIME")


def readme_commands() -> list[list[str]]:
    found = []
    for match in COMMAND.finditer(README):
        words = shlex.split(match.group(1).strip())
        if words and words not in found:
            found.append(words)
    return found


def subcommand(words: list[str]) -> list[str]:
    """The command path without arguments or options: ['users', 'create']."""
    path = []
    for word in words:
        if word.startswith("-") or any(mark in word for mark in PLACEHOLDERS) or "." in word:
            break
        path.append(word)
    return path[:2]


def fresh_shell(**variables: str) -> dict:
    """What a new terminal has: PATH and HOME, nothing the Makefile or the suite exported."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(ROOT), **variables}


def flask(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_readme_tells_a_local_checkout_what_to_export():
    assert "export APP_ENV=development" in README
    assert len(readme_commands()) >= 10  # the parser still finds the README's commands


def test_without_app_env_a_command_says_in_one_line_what_to_set():
    result = flask(fresh_shell(), "users", "create", "--username", "wang.xm")
    output = (result.stdout + result.stderr).strip()
    assert result.returncode != 0
    assert "Traceback" not in output
    assert output.splitlines() == [output] and "APP_ENV=development" in output


def test_every_command_the_readme_names_exists(tmp_path):
    with scratch_database(tmp_path) as url:
        env = fresh_shell(APP_ENV="development", DATABASE_URL=url)
        for path in {tuple(subcommand(words)) for words in readme_commands()}:
            result = flask(env, *path, "--help")
            assert result.returncode == 0, f"flask {' '.join(path)}: {result.stderr}"
            assert "Traceback" not in result.stderr


def test_a_newcomer_migrates_creates_users_and_backs_up_as_printed(tmp_path):
    with scratch_database(tmp_path) as url:
        env = fresh_shell(APP_ENV="development", DATABASE_URL=url)
        printed = {" ".join(words): words for words in readme_commands()}
        steps = [
            printed["db upgrade heads"],
            printed["users create --username wang.xm --role trainee --name 王小明"],
            printed["users create --username li.t --role trainer --role manager"],
            [*printed["backup create -o /backups/x.dump"][:3], str(tmp_path / "x.dump")],
            ["backup", "restore", str(tmp_path / "x.dump"), "--yes"],
        ]
        for words in steps:
            result = flask(env, *words, stdin="a-long-enough-password\n" * 2)
            output = result.stdout + result.stderr
            assert result.returncode == 0, f"flask {' '.join(words)}:\n{output}"
            assert "Traceback" not in output
        engine = create_engine(url)
        with engine.connect() as connection:
            users = dict(connection.execute(text("SELECT username, display_name FROM users")).all())
        engine.dispose()
        assert users["wang.xm"] == "王小明" and "li.t" in users  # restored from the backup
