"""One crawl of the live site in the browser, as each role: every page that role may open.

Checks that must hold on every page plug into it (the `site_crawl` fixture in conftest.py): the
Content-Security-Policy test now, accessibility checks (axe-core, issue 19) later. A check is a
function (page, visit) -> list of problems, called after each page has loaded.

Route discovery is the one tests/test_crawl_forms.py uses (tests/routes.py), with ids read from
the live server's database.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import create_engine, text

from core.permissions import AUTHENTICATED, permissions_for
from tests.routes import crawl_urls, first_row_sql

ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, "trainee", "trainer", "manager", "admin")

# Listens before any page script runs; CDP-injected, so the page's own CSP does not block it.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + (e.sourceFile || "") + ":" + (e.lineNumber || 0));
});
"""


@dataclass
class Visit:
    role: str
    url: str
    status: int
    headers: dict
    console: list[str]


Check = Callable[[object, Visit], list[str]]


def may_open(role: str, permission) -> bool:
    if permission is None:  # @public
        return True
    if role == ANONYMOUS:
        return False
    return permission == AUTHENTICATED or permission in permissions_for({role})


def page_urls(app, database_url: str, role: str) -> list[str]:
    """GET pages (not the JSON API) that role may open, with ids from the live database."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:

            def lookup(table, column):
                return connection.execute(text(first_row_sql(table, column))).scalar()

            urls = []
            for rule, url in crawl_urls(app, lookup):
                view = app.view_functions[rule.endpoint]
                if "GET" not in rule.methods or url.startswith("/api/"):
                    continue
                if may_open(role, getattr(view, "required_permission", AUTHENTICATED)):
                    urls.append(url)
    finally:
        engine.dispose()
    return sorted(set(urls))


def crawl(page, urls: list[str], role: str, checks: list[Check]) -> tuple[int, list[str]]:
    """Open every url in the browser (HTML pages; downloads are only fetched) and run checks.

    Returns (pages opened, problems found).
    """
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.add_init_script(WATCH_CSP)
    problems, opened = [], 0
    for url in urls:
        fetched = page.request.get(url, max_redirects=0)
        headers = {k.lower(): v for k, v in fetched.headers.items()}
        if not headers.get("content-type", "").startswith("text/html") or fetched.status >= 300:
            visit = Visit(role, url, fetched.status, headers, [])
        else:
            console.clear()
            response = page.goto(url)
            page.wait_for_load_state("load")
            opened += 1
            visit = Visit(role, url, response.status, response.all_headers(), list(console))
        if visit.status >= 500:
            problems.append(f"{role} {url}: {visit.status}")
        for check in checks:
            problems.extend(f"{role} {url}: {problem}" for problem in check(page, visit))
    return opened, problems


def csp_problems(page, visit: Visit) -> list[str]:
    """The response carries our CSP, and the browser reported no violation of it."""
    problems = []
    policy = visit.headers.get("content-security-policy", "")
    if "script-src 'self'" not in policy or "unsafe-inline" in policy:
        problems.append(f"no strict Content-Security-Policy header ({policy!r})")
    if not visit.headers.get("content-type", "").startswith("text/html"):
        return problems
    problems += page.evaluate("window.__cspViolations || []")
    problems += [line for line in visit.console if "Content Security Policy" in line]
    return problems
