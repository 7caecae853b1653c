"""SQL statements per attempt page and per autosave: few, and constant in the number of questions.

Every statement is a round trip to the database; under load on PostgreSQL the round trips are
what the page and the save spend their time on (bench/RESULTS.md, issue 14). Savepoints of the
test's rolled-back outer transaction are not counted.
"""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from core.extensions import db
from tests.quizzes.quiz_factories import RIGHT, make_quiz

TYPES = ("single", "truefalse", "numerical")


@contextmanager
def statements(transactions: list[str] | None = None):
    """The SQL statements the block sends, SAVEPOINT bookkeeping left out.

    A request's transaction is a savepoint inside the test's outer transaction: the savepoints
    begun go to `transactions` when given.
    """
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if "SAVEPOINT" not in statement.upper():
            sent.append(statement)
        elif statement.upper().startswith("SAVEPOINT") and transactions is not None:
            transactions.append(statement)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _started_attempt(client, questions: int) -> dict:
    quiz = make_quiz(types=(TYPES * questions)[:questions])
    response = client.post(f"/api/v1/quizzes/{quiz.id}/attempts")
    assert response.status_code == 201
    return response.get_json()


def _page_statements(client, attempt: dict) -> list[str]:
    with statements() as sent:
        response = client.get(f"/quizzes/attempts/{attempt['attempt_id']}")
    assert response.status_code == 200
    return sent


def _save_statements(client, attempt: dict, transactions: list[str] | None = None) -> list[str]:
    question = attempt["questions"][0]
    with statements(transactions) as sent:
        response = client.put(
            f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['question_id']}",
            json={"response": RIGHT[question["type"]]},
        )
    assert response.status_code == 200
    return sent


@pytest.mark.parametrize("measure", [_page_statements, _save_statements])
def test_statements_do_not_grow_with_the_number_of_questions(login_as, client, measure):
    login_as("trainee")
    small = measure(client, _started_attempt(client, 3))
    large = measure(client, _started_attempt(client, 12))
    assert len(large) == len(small), "\n".join(large)


def test_attempt_page_takes_one_statement(login_as, client):
    # The attempt with its quiz, items and versions, and the signed-in reader checked and read
    # in the same statement (core/session_claims.py).
    login_as("trainee")
    sent = _page_statements(client, _started_attempt(client, 10))
    assert len(sent) == 1, "\n".join(sent)
    assert "quiz_attempts" in sent[0] and "user_roles" in sent[0]


def test_autosave_takes_two_statements_in_one_transaction(login_as, client):
    # The attempt (locked) with its deadline and the one item with its version's spec, the
    # signed-in user's check folded in (core/session_claims.py); the item's UPDATE. No user is
    # loaded first and nothing is read again after the commit.
    login_as("trainee")
    attempt = _started_attempt(client, 10)
    question = attempt["questions"][0]
    by_transaction: list[list[str]] = []

    def note(_conn, _cursor, statement, *_args):
        if statement.upper().startswith("SAVEPOINT"):
            by_transaction.append([])
        elif "SAVEPOINT" not in statement.upper():
            by_transaction[-1].append(statement)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        response = client.put(
            f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['question_id']}",
            json={"response": RIGHT[question["type"]]},
        )
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert response.status_code == 200
    assert response.get_json()["response"] == RIGHT[question["type"]]
    # One transaction (on SQLite the writer's, from its first statement) and two statements.
    assert len(by_transaction) == 1, by_transaction
    [writing] = by_transaction
    assert len(writing) == 2, "\n".join(writing)
    assert writing[0].lstrip().upper().startswith("SELECT") and "quiz_attempts" in writing[0]
    assert "users" in writing[0] and "user_roles" in writing[0], writing[0]
    assert writing[-1].lstrip().upper().startswith("UPDATE"), writing
