"""The permission table as a matrix: every role against every route."""

import pytest

from core.permissions import AUTHENTICATED, PERMISSIONS, ROLE_PERMISSIONS, ROLES, permissions_for

ANONYMOUS = "anonymous"


def _routes(app):
    """(rule, method, view) for every route but static files."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, app.view_functions[rule.endpoint]


def _url(rule) -> str:
    # Arguments get values that exist nowhere: the permission check must come before the lookup.
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name].__class__.__name__
        values[name] = 999999 if "Integer" in converter else "no-such-thing"
    return rule.build(values, append_unknown=False)[1]


def test_every_route_declares_its_permission(app):
    unchecked = [
        rule.rule for rule, _m, view in _routes(app) if not hasattr(view, "required_permission")
    ]
    assert unchecked == [], f"routes without a permission decorator: {unchecked}"


def test_every_declared_permission_is_granted_to_some_role():
    granted = set().union(*ROLE_PERMISSIONS.values())
    assert set(PERMISSIONS) == granted


def test_permissions_are_a_table_not_a_ladder():
    assert "quiz.author" not in permissions_for({"manager"})
    assert "scoreboard.view" not in permissions_for({"trainer"})
    assert "user.manage" not in permissions_for({"manager", "trainer"})
    both = permissions_for({"manager", "trainer"})
    assert {"quiz.author", "scoreboard.view"} <= both


@pytest.mark.parametrize("role", [*ROLES, ANONYMOUS])
def test_route_matrix(app, role, make_user, client):
    if role != ANONYMOUS:
        user = make_user(roles={role})
        response = client.post(
            "/login", data={"username": user.username, "password": "correct-horse-1"}
        )
        assert response.status_code == 302
    granted = permissions_for({role}) if role != ANONYMOUS else frozenset()
    failures = []
    for rule, method, view in _routes(app):
        needed = view.required_permission
        if rule.endpoint == "auth.logout":
            continue  # would end the session the rest of the matrix uses; tested on its own
        url = _url(rule)
        response = client.open(url, method=method)
        status = response.status_code
        if status >= 500:
            failures.append(f"{method} {url}: {status} server error")
        elif needed is None:
            continue
        elif role == ANONYMOUS:
            expected_login = (
                url.startswith("/api/")
                and status == 401
                or (status == 302 and "/login?next=" in response.headers.get("Location", ""))
            )
            if not expected_login:
                failures.append(f"{method} {url}: anonymous got {status}")
        elif needed == AUTHENTICATED or needed in granted:
            if status == 403:
                failures.append(f"{method} {url}: {role} holds {needed} but got 403")
        elif status != 403:
            failures.append(f"{method} {url}: {role} lacks {needed} but got {status}")
    assert failures == []


def test_forbidden_page_is_friendly_and_in_chinese(login_as, client):
    login_as("trainee")
    response = client.get("/admin/users")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "无权访问" in page
    assert "返回首页" in page
    assert "Traceback" not in page


def test_anonymous_user_is_sent_to_login_and_back(client, make_user):
    user = make_user(roles={"admin"})
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    response = client.post(
        response.headers["Location"],
        data={"username": user.username, "password": "correct-horse-1"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users"


def test_user_with_several_roles_sees_both_areas(login_as, client):
    login_as("trainer", "manager")
    page = client.get("/").get_data(as_text=True)
    assert 'data-panel="question_bank"' in page
    assert 'data-panel="cohorts"' in page
    assert 'data-panel="users"' not in page
