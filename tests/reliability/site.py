"""The live site of a reliability test: seed rows in its database, talk to its JSON API, read
back what was stored, and move its clock."""

import http.client
import itertools
import json
import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app import create_app
from core.extensions import db
from core.models import User
from core.tokens import issue_token
from quizzes.models import Attempt, AttemptItem
from tests.factories import DEFAULT_PASSWORD
from tests.quizzes.quiz_factories import RIGHT, make_quiz

_numbers = itertools.count(1)


@cache
def _password_hash() -> str:
    # One scrypt hash shared by every seeded trainee: 200 of them cost one hash, not 200.
    return generate_password_hash(DEFAULT_PASSWORD)


@dataclass(frozen=True)
class Trainee:
    id: int
    username: str
    token: str


@dataclass(frozen=True)
class SeededQuiz:
    id: int
    question_ids: list[int]
    types: list[str]

    def right_answers(self) -> dict[int, object]:
        return {q: RIGHT[t] for q, t in zip(self.question_ids, self.types, strict=True)}


class Api:
    """One client speaking to the quiz API with a bearer token, a new connection per request
    (a kept-alive one may be closed by the server between two bursts)."""

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 60):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.token = token
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body=None, headers=None) -> tuple[int, object, float]:
        """(status, JSON body or text, seconds taken); a fresh connection after any failure."""
        headers = {"Connection": "close", **(headers or {})}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
        finally:
            self.close()
        elapsed = time.perf_counter() - started
        kind = response.getheader("Content-Type", "")
        data = json.loads(raw) if kind.startswith("application/json") else raw.decode()
        return response.status, data, elapsed

    def start(self, quiz_id: int):
        return self.request("POST", f"/api/v1/quizzes/{quiz_id}/attempts")

    def save(self, attempt_id: int, question_id: int, response):
        path = f"/api/v1/attempts/{attempt_id}/answers/{question_id}"
        return self.request("PUT", path, {"response": response})

    def submit(self, attempt_id: int):
        return self.request("POST", f"/api/v1/attempts/{attempt_id}/submit")

    def show(self, attempt_id: int):
        return self.request("GET", f"/api/v1/attempts/{attempt_id}")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Site:
    def __init__(self, database_url: str, server, clock_file: Path):
        self.database_url, self.server, self.clock_file = database_url, server, clock_file
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def api(self, token: str | None = None) -> Api:
        return Api(self.base_url, token)

    def set_clock(self, value: datetime | None) -> None:
        self.clock_file.write_text(value.isoformat() if value else "")

    def trainees(self, count: int) -> list[Trainee]:
        with self.app.app_context():
            users = []
            for _ in range(count):
                number = next(_numbers)
                user = User(username=f"load{number:04d}", display_name=f"压测学员{number}")
                user.password_hash = _password_hash()
                user.set_roles({"trainee"})
                db.session.add(user)
                users.append(user)
            db.session.flush()
            tokens = [issue_token(user, "reliability") for user in users]
            db.session.commit()
            seeded = [Trainee(u.id, u.username, t) for u, t in zip(users, tokens, strict=True)]
            db.session.remove()
        return seeded

    def quiz(self, types=("single", "truefalse", "numerical", "single"), **settings) -> SeededQuiz:
        with self.app.app_context():
            quiz = make_quiz(types=list(types), **settings)
            seeded = SeededQuiz(quiz.id, [slot.question_id for slot in quiz.slots], list(types))
            db.session.remove()
        return seeded

    def attempts(self, quiz_id: int) -> list[Attempt]:
        """The quiz's attempts as stored, detached (read after the server is done)."""
        with self.app.app_context():
            rows = db.session.scalars(
                select(Attempt).where(Attempt.quiz_id == quiz_id).order_by(Attempt.id)
            ).all()
            db.session.expunge_all()
            db.session.remove()
        return rows

    def responses(self, attempt_ids) -> dict[tuple[int, int], object]:
        """{(attempt id, question id): stored response} of the given attempts."""
        with self.app.app_context():
            rows = db.session.execute(
                select(AttemptItem.attempt_id, AttemptItem.question_id, AttemptItem.response).where(
                    AttemptItem.attempt_id.in_(list(attempt_ids))
                )
            ).all()
            db.session.remove()
        return {(a, q): r for a, q, r in rows}

    def close(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
