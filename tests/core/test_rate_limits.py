"""Flask-Limiter skips the endpoints without a limit (core/rate_limits.py), and only those: the
limited routes still throttle, and an application-wide limit would reach every endpoint."""

from flask import request
from flask_limiter.util import get_qualified_name

from core.extensions import limiter
from core.rate_limits import endpoint_has_no_limit
from tests.factories import DEFAULT_PASSWORD


def _skipped_endpoints(app) -> set[str]:
    skipped = set()
    for rule in app.url_map.iter_rules():
        with app.test_request_context(rule.rule.replace("<", "").replace(">", "")):
            request.url_rule, request.view_args = rule, {}
            if endpoint_has_no_limit():
                skipped.add(rule.endpoint)
    return skipped


def test_the_skipped_endpoints_are_exactly_those_flask_limiter_has_no_limit_for(app):
    # Flask-Limiter's own record of the views its @limit decorated, by qualified name.
    limited = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if get_qualified_name(view) in limiter._marked_for_limiting
    }
    assert {"auth.login", "auth.change_password", "certification_public.verify"} <= limited
    skipped = _skipped_endpoints(app)
    assert skipped.isdisjoint(limited)
    assert skipped | limited >= set(app.view_functions) - {"static"}


def test_an_application_wide_limit_reaches_every_endpoint(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_APPLICATION", "1000 per minute")
    assert _skipped_endpoints(app) == set()


def test_the_password_change_is_still_throttled(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_CHANGE_LIMIT", "2 per minute")
    login_as("trainee")
    wrong = {"current_password": "not-" + DEFAULT_PASSWORD, "new_password": "x" * 12}
    wrong["confirm"] = wrong["new_password"]
    statuses = [client.post("/account/password", data=wrong).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
