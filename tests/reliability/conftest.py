"""Reliability tests: a real gunicorn server (gthread, 2 workers x 25 threads) on a scratch
database of the kind the suite runs on (SQLite, or PostgreSQL with DATABASE_URL), under many
concurrent API clients, bursts and faults."""

import pytest

from tests.database import scratch_database
from tests.reliability.site import Site
from tests.servers import Gunicorn, run_flask, server_env


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/reliability/" in str(item.fspath):
            item.add_marker(pytest.mark.no_db_isolation)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reliability")
    with scratch_database(folder) as url:
        env = server_env(url, TEST_CLOCK_FILE=str(folder / "clock.txt"))
        run_flask({**env, "APP_ENV": "development"}, "db", "upgrade", "heads")
        server = Gunicorn(
            env,
            folder / "server.log",
            app="tests.reliability.clocked_app:create_app()",
            workers=2,
            worker_class="gthread",
            threads=25,
            graceful_timeout=10,
        )
        server.start()
        live = Site(url, server, folder / "clock.txt")
        yield live
        server.stop()
        live.close()


@pytest.fixture(autouse=True)
def real_time_on_the_server(request):
    yield
    if "site" in request.fixturenames:
        request.getfixturevalue("site").set_clock(None)
