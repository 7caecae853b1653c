"""A GET changes nothing but what it is meant to record (issue 11): every page of the site is
opened as a user holding every role, and every statement that writes is caught.

Reading a lesson records progress: that write is listed here with its reason. (Opening an
overdue attempt submits it, which the quiz tests cover; the demo has none.) Any other write
from a GET fails the test (a crawler, a prefetching browser or a link preview
would otherwise change data by looking at it).
"""

import re

import pytest
from sqlalchemy import event

from core.extensions import db
from tests.routes import site_urls

# endpoint -> the tables its GET may write, and why
MEANT_TO_WRITE = {
    "courses.lesson": {"course_lesson_progress"},  # reading a lesson is the progress
}
WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.I)


def _written_tables(client, url) -> set[str]:
    written: set[str] = set()

    def note(_conn, _cursor, statement, *_args):
        found = WRITE.match(statement)
        if found:
            written.add(found.group(2))

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return written


def test_pages_write_only_what_they_are_meant_to(app, client, superuser):
    unexpected, opened = {}, 0
    for rule, url in site_urls(app):
        if "GET" not in rule.methods:
            continue
        opened += 1
        tables = _written_tables(client, url) - MEANT_TO_WRITE.get(rule.endpoint, set())
        if tables:
            unexpected[url] = sorted(tables)
    assert unexpected == {}
    assert opened > 100  # the crawl really reached the site


@pytest.mark.pure
def test_the_catch_sees_a_write():
    """The statement pattern matches what SQLAlchemy sends on both databases."""
    assert WRITE.match("UPDATE quiz_attempts SET state=? WHERE id = ?").group(2) == "quiz_attempts"
    assert WRITE.match('INSERT INTO "audit_log" (action) VALUES (%(a)s)').group(2) == "audit_log"
    assert WRITE.match("SELECT * FROM users") is None
