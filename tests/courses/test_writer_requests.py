"""GET pages that write start as writers (core.database.begin_as_writer), so that on SQLite they
queue for the write lock instead of failing with "database is locked" under load."""

import pytest
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.database import request_writes
from tests.courses.factories import make_module


@pytest.fixture
def writes_in_read_requests():
    """Paths of requests that flushed changes while their transaction was a reader's."""
    found = []

    def check(session, _context, _instances):
        changed = session.new or session.dirty or session.deleted
        if changed and has_request_context() and not request_writes():
            found.append(request.path)

    event.listen(Session, "before_flush", check)
    yield found
    event.remove(Session, "before_flush", check)


def test_opening_a_lesson_records_the_visit_as_a_writer(login_as, client, writes_in_read_requests):
    module = make_module(lessons=2)
    login_as("trainee")
    page = client.get(f"/courses/m/{module.slug}/l2")
    assert page.status_code == 200
    client.get(f"/courses/m/{module.slug}")  # the module page now offers to resume at l2
    assert writes_in_read_requests == []
