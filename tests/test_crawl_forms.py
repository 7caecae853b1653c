"""Crawl every route on the demo data as a user holding every role and send forms garbage.

Whatever a person types, the answer is a page or a clear error, never a server error (500).
"""

import re

import pytest
from sqlalchemy import select, text

from core.extensions import db
from core.permissions import ROLES

# route argument -> (table, column) whose first row gives a real value for it
ARGUMENT_SOURCES = {
    "user_id": ("users", "id"),
    "lesson_id": ("course_lessons", "id"),
    "slug": ("course_modules", "slug"),
    "lesson_slug": ("course_lessons", "slug"),
    "term_id": ("course_glossary_terms", "id"),
    "quiz_id": ("quizzes", "id"),
    "attempt_id": ("quiz_attempts", "id"),
    "question_id": ("questions", "id"),
    "category_id": ("question_categories", "id"),
    "slot_id": ("quiz_slots", "id"),
    "item_id": ("quiz_attempt_items", "id"),
    "case_id": ("cases", "id"),
    "post_id": ("case_discussion_posts", "id"),
    "entry_id": ("case_watchlist", "id"),
    "cohort_id": ("assessment_cohorts", "id"),
    "stage_id": ("assessment_stages", "id"),
    "component_id": ("assessment_components", "id"),
    "snapshot_id": ("assessment_board_snapshots", "id"),
    "run_id": ("simulator_runs", "id"),
    "loan_id": (None, "L01"),
    "kind": (None, "remind"),
    "number": (None, 1),
    "fmt": (None, "csv"),
}
# Routes whose argument names another table than the default above.
ROUTE_OVERRIDES = {
    "case_library.case_page": {"slug": ("cases", "slug")},
    "case_library.submit_attempt": {"slug": ("cases", "slug")},
    "case_library.add_post": {"slug": ("cases", "slug")},
    "case_library.grade_form": {"attempt_id": ("case_attempts", "id")},
    "case_library.grade": {"attempt_id": ("case_attempts", "id")},
    "simulator.scenario_page": {"slug": ("simulator_scenarios", "slug")},
    "simulator.start": {"slug": ("simulator_scenarios", "slug")},
    "simulator.author_edit": {"slug": ("simulator_scenarios", "slug")},
}
GARBAGE = [
    "",
    "x" * 3000,
    "-1",
    "１２,８00",
    "1e309",
    "<script>alert(1)</script>",
    "中文'\"; --",
    "0",
]
SKIP = {"auth.logout", "static"}
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)


def _value(table, column):
    if table is None:
        return column
    return db.session.execute(text(f"SELECT {column} FROM {table} ORDER BY id LIMIT 1")).scalar()


def _urls(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        sources = {**ARGUMENT_SOURCES, **ROUTE_OVERRIDES.get(rule.endpoint, {})}
        values = {}
        for name in rule.arguments:
            value = _value(*sources[name])
            if value is None:
                break
            values[name] = value
        else:
            yield rule, rule.build(values, append_unknown=False)[1]


@pytest.fixture
def superuser(app, client):
    from tests.factories import make_user

    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    user = make_user(roles=set(ROLES))
    response = client.post(
        "/login", data={"username": user.username, "password": "correct-horse-1"}
    )
    assert response.status_code == 302
    return user


def test_every_page_and_form_survives_garbage(app, client, superuser):
    assert db.session.scalar(select(db.func.count()).select_from(db.table("quizzes"))) > 0
    failures, forms_filled, pages = [], 0, 0
    for rule, url in _urls(app):
        pages += 1
        fields = set()
        if "GET" in rule.methods:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"GET {url}: {response.status_code}")
                continue
            if response.mimetype == "text/html":
                fields = set(FIELD.findall(response.get_data(as_text=True))) - {"csrf_token"}
        forms_filled += bool(fields) and bool(rule.methods & {"POST", "PUT"})
        for method in sorted(rule.methods & {"POST", "PUT"}):
            for garbage in GARBAGE:
                data = {name: garbage for name in fields}
                if url.startswith("/api/"):
                    response = client.open(url, method=method, json={"response": garbage})
                else:
                    response = client.open(url, method=method, data=data)
                if response.status_code >= 500:
                    failures.append(f"{method} {url} with {garbage[:20]!r}: {response.status_code}")
                    break
    assert failures == []
    # The crawl must really reach the site: most routes resolved, many forms filled.
    assert pages > 0.8 * len([r for r in app.url_map.iter_rules() if r.endpoint not in SKIP])
    assert forms_filled >= 15
