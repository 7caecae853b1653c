"""Every page, as every role, in a real browser, in one crawl per role:

- served with the Content-Security-Policy and without a single violation of it (no inline script,
  handler or style slipped in);
- without a WCAG 2.0/2.1 A or AA violation that axe-core finds (issue 19). A failure names the
  role, the page, the rule and the elements.
"""

import pytest

from tests.e2e.axe import axe_problems, describe, violations
from tests.e2e.crawl import ROLES, crawl, csp_problems, page_urls

MINIMUM_PAGES = {"anonymous": 1, "trainee": 10, "trainer": 40, "manager": 12, "admin": 6}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_violates_the_csp_or_wcag_2_aa(site_crawl, axe_installed, role):
    opened, problems = site_crawl(role, csp_problems, axe_problems)
    assert problems == []
    # The crawl really walks the site (anonymous: the login page and a few public ones).
    assert opened >= MINIMUM_PAGES[role]


def test_the_english_ui_and_the_error_pages_pass_too(
    page, sign_in, route_app, live_database, axe_installed
):
    """A trainee's pages in English (other words, other lengths), and the 404 and 403 pages."""
    sign_in("trainee")
    page.goto("/?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    urls = page_urls(route_app, live_database, "trainee")
    opened, problems = crawl(page, urls, "trainee (English)", [csp_problems, axe_problems])
    assert opened >= MINIMUM_PAGES["trainee"]
    for url, status in (("/no-such-page", 404), ("/admin/users", 403)):
        response = page.goto(url)
        assert response.status == status
        problems += [f"{url}: {problem}" for problem in describe(violations(page))]
    assert problems == []


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


def test_axe_notices_pale_text_and_an_unlabelled_field(page, live_server, axe_installed):
    """axe runs under the site's CSP and reports what a person would miss: pale grey text on the
    page background and a text box without a label."""
    page.goto("/login")
    assert violations(page) == []
    page.evaluate(
        """() => {
          const main = document.getElementById("main");
          const pale = document.createElement("p");
          pale.textContent = "浅灰色的提示文字";
          pale.id = "pale-text";
          main.append(pale);
          pale.style.color = "#b0b8c0";  // set from script: the CSP allows that, not attributes
          main.append(document.createElement("input"));
        }"""
    )
    found = {rule["id"]: rule["nodes"] for rule in violations(page)}
    assert [node["target"] for node in found["color-contrast"]] == ["#pale-text"]
    assert "label" in found
