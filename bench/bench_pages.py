"""Request latency of the signed-in home page and the health check on a scratch SQLite database."""

import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from app import create_app
from core.demo import DEMO_PASSWORD, load_demo_accounts
from core.extensions import db

ROUNDS = 200


def _timed(client, path: str) -> list[float]:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return samples


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}"})
        with app.app_context():
            upgrade(revision="heads")
            load_demo_accounts()
            db.session.commit()
        client = app.test_client()
        client.post("/login", data={"username": "trainee", "password": DEMO_PASSWORD})
        lines = []
        for path in ("/healthz", "/"):
            samples = sorted(_timed(client, path))
            p95 = samples[int(len(samples) * 0.95) - 1]
            lines.append(
                f"GET {path}: median {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms "
                f"({ROUNDS} requests, in-process)"
            )
        return lines
