"""Concurrent autosaves and double submits through the real app on a file database."""

import threading

import pytest

from core import writer_queue
from core.extensions import db
from quizzes.models import Attempt
from quizzes.taking import api
from tests.quizzes.quiz_factories import RIGHT, signed_in_client

pytestmark = pytest.mark.no_db_isolation


def _run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)


def test_two_tabs_autosaving_the_same_attempt_lose_nothing(app, committed):
    first, second = (
        signed_in_client(app, committed["user"]),
        signed_in_client(app, committed["user"]),
    )
    body = first.post(f"/api/v1/quizzes/{committed['quiz']}/attempts").get_json()
    aid, questions = body["attempt_id"], body["questions"]
    statuses = []

    def saver(client, mine):
        for _round in range(10):
            for q in mine:
                url = f"/api/v1/attempts/{aid}/answers/{q['question_id']}"
                statuses.append(client.put(url, json={"response": RIGHT[q["type"]]}).status_code)

    _run(
        [
            threading.Thread(target=saver, args=(first, questions[:2])),
            threading.Thread(target=saver, args=(second, questions[2:])),
        ]
    )
    assert statuses and set(statuses) == {200}
    shown = first.get(f"/api/v1/attempts/{aid}").get_json()["questions"]
    assert [q["response"] for q in shown] == [RIGHT[q["type"]] for q in questions]
    result = first.post(f"/api/v1/attempts/{aid}/submit").get_json()
    assert result["score"] == "4.00"


def test_two_simultaneous_submits_grade_once_and_agree(app, committed):
    first, second = (
        signed_in_client(app, committed["user"]),
        signed_in_client(app, committed["user"]),
    )
    body = first.post(f"/api/v1/quizzes/{committed['quiz']}/attempts").get_json()
    aid, q = body["attempt_id"], body["questions"][0]
    first.put(
        f"/api/v1/attempts/{aid}/answers/{q['question_id']}", json={"response": RIGHT[q["type"]]}
    )
    results = []

    def submit(client):
        response = client.post(f"/api/v1/attempts/{aid}/submit")
        results.append((response.status_code, response.get_json()))

    _run([threading.Thread(target=submit, args=(c,)) for c in (first, second)])
    assert [status for status, _ in results] == [200, 200]
    assert results[0][1]["score"] == results[1][1]["score"] == "1.00"
    with app.app_context():
        attempts = db.session.scalars(
            db.select(Attempt).where(Attempt.quiz_id == committed["quiz"])
        ).all()
        assert len(attempts) == 1 and attempts[0].finished


@pytest.fixture
def queued(app, monkeypatch):
    """Whether each writer that queued held SQLite's writer lock (core/writer_queue.py)."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the queue is for SQLite's writers")
    entered = []
    enter = writer_queue.enter

    def noting_enter(database):
        enter(database)
        entered.append(writer_queue.holding())

    monkeypatch.setattr(writer_queue, "enter", noting_enter)
    return entered


def test_a_save_queues_as_a_writer_and_lets_the_next_one_in(app, committed, queued):
    client = signed_in_client(app, committed["user"])
    body = client.post(f"/api/v1/quizzes/{committed['quiz']}/attempts").get_json()
    queued.clear()
    question = body["questions"][0]
    url = f"/api/v1/attempts/{body['attempt_id']}/answers/{question['question_id']}"
    assert client.put(url, json={"response": RIGHT[question["type"]]}).status_code == 200
    assert queued == [True]  # its writing transaction held the lock
    assert not writer_queue.holding()  # and released it with the commit


def test_a_failing_save_lets_the_next_writer_in_too(app, committed, queued, monkeypatch):
    client = signed_in_client(app, committed["user"])
    body = client.post(f"/api/v1/quizzes/{committed['quiz']}/attempts").get_json()
    queued.clear()

    save_if_plain = api.save_if_plain

    def broken(*args):
        save_if_plain(*args)  # locked and updated, then fails before the commit
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(api, "save_if_plain", broken)
    question = body["questions"][0]
    url = f"/api/v1/attempts/{body['attempt_id']}/answers/{question['question_id']}"
    assert client.put(url, json={"response": RIGHT[question["type"]]}).status_code == 500
    assert queued == [True]
    assert not writer_queue.holding()
