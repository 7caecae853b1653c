"""Browser tests: a real gunicorn server on a scratch database, driven by Debian's Chromium."""

from pathlib import Path

import pytest

from tests.database import scratch_database
from tests.e2e.axe import install_axe
from tests.e2e.crawl import ANONYMOUS, crawl, page_urls
from tests.servers import Gunicorn, run_flask, server_env

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.no_db_isolation)


@pytest.fixture(scope="session")
def live_database(tmp_path_factory):
    """The scratch database the live server uses, migrated, with the demo data of `make run`."""
    with scratch_database(tmp_path_factory.mktemp("e2e-db")) as url:
        # Loaded as `make run` does (development): demo load refuses production databases.
        loader_env = {**server_env(url), "APP_ENV": "development"}
        run_flask(loader_env, "db", "upgrade", "heads")
        run_flask(loader_env, "demo", "load")
        yield url


@pytest.fixture(scope="session")
def live_server(live_database, tmp_path_factory):
    """Serve the production configuration on the demo data."""
    server = Gunicorn(
        server_env(live_database),
        tmp_path_factory.mktemp("e2e-log") / "server.log",
        workers=2,
    )
    server.start()
    yield server.base_url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server, locale="zh-CN", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def sign_in_on():
    """sign_in_on(page, username): sign in on a page of one's own context (a phone, say)."""
    from core.demo import DEMO_PASSWORD

    def _sign_in(page, username: str, password: str = DEMO_PASSWORD):
        page.goto("/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return _sign_in


@pytest.fixture
def sign_in(page, sign_in_on):
    return lambda username, *password: sign_in_on(page, username, *password)


@pytest.fixture(scope="session")
def route_app(live_database):
    """An app object for its URL map and view permissions (it serves nothing)."""
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": live_database})


@pytest.fixture
def site_crawl(page, sign_in, route_app, live_database):
    """site_crawl(role, *checks) -> (pages opened, problems): one crawl, many checks."""

    def _crawl(role: str, *checks):
        if role != ANONYMOUS:
            sign_in(role)
        urls = page_urls(route_app, live_database, role)
        return crawl(page, urls, role, list(checks))

    return _crawl


@pytest.fixture(scope="session")
def axe_installed():
    """axe-core from npm (tests/e2e/vendor): `make e2e-tools` installs it, or this does."""
    install_axe()
