"""Every page, as every role, in a real browser: served with the Content-Security-Policy and
without a single violation of it (no inline script, handler or style slipped in)."""

import pytest

from tests.e2e.crawl import ROLES, csp_problems

MINIMUM_PAGES = {"anonymous": 1, "trainee": 10, "trainer": 40, "manager": 12, "admin": 6}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_violates_the_content_security_policy(site_crawl, role):
    opened, problems = site_crawl(role, csp_problems)
    assert problems == []
    # The crawl really walks the site (anonymous: the login page and a few public ones).
    assert opened >= MINIMUM_PAGES[role]


def test_the_crawl_notices_a_violation(page, live_server):
    """The watcher itself works: an inline style added to a page is reported."""
    from tests.e2e.crawl import WATCH_CSP

    page.add_init_script(WATCH_CSP)
    page.goto("/login")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    # Polled with a promise: wait_for_function would eval a string, which the CSP forbids.
    violations = page.evaluate(
        "new Promise(done => { const look = () => window.__cspViolations.length"
        " ? done(window.__cspViolations) : setTimeout(look, 20); look(); })"
    )
    assert "style-src" in violations[0]
