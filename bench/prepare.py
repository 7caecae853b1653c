"""Prepare a benchmark database: schema, demo content, and N trainees each with an open attempt.

Everything goes through the project's own commands and HTTP routes (the in-process test client
of the production configuration), so the benchmark survives refactoring inside the areas and
the sessions it hands to the load generator are ordinary signed cookies of real sign-ins.
"""

import json
import re
import subprocess
import sys
from dataclasses import dataclass

from bench.load import USER_AGENT
from bench.servers import ROOT, project_env

TRAINEES = 200
PASSWORD = "bench-password-2026"
QUIZ_ID = 1

# Responses the save benchmark sends, by question type (any valid answer will do).
_RESPONSES = {
    "single": lambda q: q["choices"][0]["index"],
    "multi": lambda q: [q["choices"][0]["index"]],
    "truefalse": lambda q: True,
    "shortanswer": lambda q: "benchmark",
    "numerical": lambda q: "42",
    "essay": lambda q: "benchmark answer",
    "ordering": lambda q: [item["index"] for item in q["items"]],
}


@dataclass
class Trainee:
    username: str
    cookie: str  # "session=..." as the browser sends it
    csrf_token: str
    attempt_id: int
    question_id: int
    response_json: str


def flask_command(database_url: str, *args: str, app_env: str = "production") -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env={**project_env(database_url), "APP_ENV": app_env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{completed.stderr[-2000:]}")
    return completed.stdout


def migrate_and_load_demo(database_url: str) -> None:
    flask_command(database_url, "db", "upgrade", "heads")
    # Loaded as `make run` does: demo load refuses a production configuration (demo passwords).
    flask_command(database_url, "demo", "load", app_env="development")


def _create_trainees(app, count: int) -> list[str]:
    from core import users  # the child process imports the project once its environment is set
    from core.extensions import db

    names = [f"bench.t{n:03d}" for n in range(count)]
    with app.app_context():
        existing = set(db.session.scalars(db.select(users.User.username)))
        for name in names:
            if name not in existing:
                users.create_user(name, PASSWORD, {"trainee"}, display_name=f"压测学员{name[-3:]}")
        db.session.commit()
    return names


def _csrf(page: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def _signed_in_client(app, username: str, password: str = PASSWORD):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT  # the browser wrk will present
    login_token = _csrf(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": login_token}
    )
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in ({response.status_code})")
    return client


def _cookie(client) -> str:
    return f"session={client.get_cookie('session').value}"


def _first_link(client, page: str, pattern: str) -> str:
    html = client.get(page).get_data(as_text=True)
    found = re.search(pattern, html)
    if found is None:
        raise RuntimeError(f"no link matching {pattern} on {page}")
    return found.group(0)


def _sign_in(app, username: str) -> dict:
    client = _signed_in_client(app, username)
    csrf_token = _csrf(client.get("/").get_data(as_text=True))
    started = client.post(
        f"/api/v1/quizzes/{QUIZ_ID}/attempts", headers={"X-CSRFToken": csrf_token}
    )
    if started.status_code not in (200, 201):
        raise RuntimeError(f"{username} could not start quiz {QUIZ_ID}: {started.status_code}")
    attempt = started.get_json()
    question = next(q for q in attempt["questions"] if q["type"] in _RESPONSES)
    response = _RESPONSES[question["type"]](question)
    return {
        "username": username,
        "cookie": _cookie(client),
        "csrf_token": csrf_token,
        "attempt_id": attempt["attempt_id"],
        "question_id": question["question_id"],
        "response_json": json.dumps({"response": response}),
    }


def other_pages(app, trainee_names: list[str]) -> dict[str, list[dict]]:
    """The other pages a trainee opens, and the manager's board: (cookie, path) per session."""
    from core.demo import DEMO_PASSWORD  # in the child, like every project import here

    clients = [_signed_in_client(app, name) for name in trainee_names[:20]]
    module = _first_link(clients[0], "/courses/", r"/courses/m/[\w-]+")
    lesson = _first_link(clients[0], module, module + r"/[\w-]+")
    case = _first_link(clients[0], "/cases/", r"/cases/(?!new\b)[a-z][\w-]+")
    cohort_trainees = [
        _signed_in_client(app, f"cohort.t{n:02d}", DEMO_PASSWORD) for n in range(1, 21)
    ]
    manager = _signed_in_client(app, "manager", DEMO_PASSWORD)
    board = _first_link(manager, "/cohorts/", r"/cohorts/\d+(?=\")")
    return {
        "trainee home": [{"cookie": _cookie(c), "path": "/"} for c in clients],
        "lesson": [{"cookie": _cookie(c), "path": lesson} for c in clients],
        "case": [{"cookie": _cookie(c), "path": case} for c in clients],
        "own standing": [{"cookie": _cookie(c), "path": "/cohorts/mine"} for c in cohort_trainees],
        "manager's board": [{"cookie": _cookie(manager), "path": board}],
    }


def prepare_trainees(database_url: str, count: int = TRAINEES) -> tuple[list[Trainee], dict]:
    """Create count trainees, sign each in and start their attempt on the demo quiz.

    Runs in a child process with the served app's environment, because the project reads its
    configuration from the environment when it is imported.
    """
    completed = subprocess.run(
        [sys.executable, "-m", "bench.prepare", str(count)],
        cwd=ROOT,
        env=project_env(database_url),
        capture_output=True,
        text=True,
        timeout=900,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"preparing trainees failed:\n{completed.stderr[-3000:]}")
    prepared = json.loads(completed.stdout)
    return [Trainee(**item) for item in prepared["trainees"]], prepared["pages"]


def main(count: int) -> None:
    from app import create_app  # in the child: the environment already names the database

    app = create_app({"RATELIMIT_ENABLED": False})
    names = _create_trainees(app, count)
    trainees = [_sign_in(app, name) for name in names]
    print(json.dumps({"trainees": trainees, "pages": other_pages(app, names)}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
