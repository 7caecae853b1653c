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


def test_attempt_page_takes_two_statements(login_as, client):
    # The signed-in user with their roles; the attempt with its quiz, items and versions.
    login_as("trainee")
    sent = _page_statements(client, _started_attempt(client, 10))
    assert len(sent) <= 2, "\n".join(sent)


def test_autosave_takes_three_statements_and_writes_only_at_the_end(login_as, client):
    # The user with their roles; the attempt (locked) with its deadline and the one item with
    # its version's spec; the item's UPDATE. Nothing is read again after the commit.
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
    sent = [statement for statements_of in by_transaction for statement in statements_of]
    assert len(sent) <= 3, "\n".join(sent)
    # On SQLite the user is read in a transaction of its own, so that the write lock is held
    # only by the last one: the attempt's locking SELECT and the UPDATE (core.database,
    # writes_late). PostgreSQL locks the attempt's row instead and needs one transaction.
    expected = 2 if engine.dialect.name == "sqlite" else 1
    assert len(by_transaction) == expected, by_transaction
    # The writing ends with the attempt's locking SELECT and the item's UPDATE; on SQLite that
    # is all its transaction holds.
    writing = by_transaction[-1][-2:] if expected == 1 else by_transaction[-1]
    assert len(writing) == 2, by_transaction
    assert writing[0].lstrip().upper().startswith("SELECT") and "quiz_attempts" in writing[0]
    assert writing[-1].lstrip().upper().startswith("UPDATE"), writing
