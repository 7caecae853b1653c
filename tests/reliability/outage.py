"""Take the live site's database away and bring it back, and a signed-in browser to notice.

- SQLite: another process holding the WAL locks (bytes 120-127 of the -shm file) is what a stuck
  backup tool or a hung process does: every read and write of the server waits, then fails.
- PostgreSQL: the database stops accepting connections and every backend is terminated, as in a
  failover; the server's pooled connections die with them.
"""

import fcntl
import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.factories import DEFAULT_PASSWORD

WAL_LOCKS_START, WAL_LOCKS_LENGTH = 120, 8


@contextmanager
def database_away(site):
    site.close()  # this process's own connections: closing one later would drop the locks
    url = make_url(site.database_url)
    if url.get_backend_name() == "sqlite":
        descriptor = os.open(f"{url.database}-shm", os.O_RDWR)
        fcntl.lockf(descriptor, fcntl.LOCK_EX, WAL_LOCKS_LENGTH, WAL_LOCKS_START, os.SEEK_SET)
        try:
            yield
        finally:
            fcntl.lockf(descriptor, fcntl.LOCK_UN, WAL_LOCKS_LENGTH, WAL_LOCKS_START, os.SEEK_SET)
            os.close(descriptor)
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = url.database
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
            {"name": name},
        )
    try:
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


class Browser:
    """A cookie-keeping HTTP client, signed in through the login form like a person."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def _open(self, path, data=None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=90) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path) -> tuple[int, str]:
        return self._open(path)

    def post(self, path, data) -> tuple[int, str]:
        return self._open(path, data)


def signed_in_browser(site, username: str) -> Browser:
    browser = Browser(site.base_url)
    _status, page = browser.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    status, _page = browser.post(
        "/login", {"csrf_token": token, "username": username, "password": DEFAULT_PASSWORD}
    )
    assert status == 200, "signing in failed"
    return browser
