"""A real gunicorn server in a subprocess, for browser tests and reliability tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_flask(env: dict, *args: str) -> str:
    """Run a `flask --app app ...` shell command; its output, or an error naming it."""
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def server_env(database_url: str, **extra: str) -> dict:
    """The production configuration on a scratch database, over plain HTTP."""
    return {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": "live-test-secret",
        "SESSION_COOKIE_SECURE": "0",
        "DATABASE_URL": database_url,
        **extra,
    }


class Gunicorn:
    """`gunicorn APP` on a free port; start, stop and restart like an operator would."""

    def __init__(self, env: dict, log_path: Path, app: str = "app:create_app()", **options):
        self.env, self.app, self.log_path = env, app, Path(log_path)
        self.options = options  # e.g. workers=2, threads=25 (gthread)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def _command(self) -> list[str]:
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}"]
        for name, value in self.options.items():
            command += [f"--{name.replace('_', '-')}", str(value)]
        return [*command, self.app]

    def start(self) -> None:
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            self._command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.base_url + "/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)  # polling for the server process to listen, not a test sleep
        self.stop()
        raise RuntimeError("the server did not start; see " + str(self.log_path))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # gunicorn finishes the requests under way, then exits
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()
