"""Start gunicorn servers for a benchmark and make sure every one of them stops again."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
SECRET_KEY = "bench-secret-key"  # the served apps' key; bench/cookies.py re-signs with it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def project_env(database_url: str) -> dict[str, str]:
    """The production configuration, as a bank would serve it (plain HTTP on loopback)."""
    return {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "SESSION_COOKIE_SECURE": "0",
        "DATABASE_URL": database_url,
    }


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], health_path: str, log_dir: Path):
    """Serve app_spec with WORKERS sync workers; yield its base URL; stop it whatever happens."""
    port = free_port()
    log_path = log_dir / f"gunicorn-{port}.log"
    with log_path.open("w") as log:
        # A new session makes the whole server one process group that can be stopped at once.
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                app_spec,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base_url + health_path, server, log_path)
            yield base_url
        finally:
            _stop(server)


def _wait_until_up(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not start; see {log_path}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)
