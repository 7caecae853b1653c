"""The head-to-head benchmark replays cookies as a browser holds them (bench/cookies.py): a
cookie renewed within the minute is taken as it is, one minted earlier makes the server renew."""

import time

from bench.cookies import CookieRenewer
from bench.load import USER_AGENT


def _session_cookie(client) -> str:
    return f"session={client.get_cookie('session').value}"


def test_a_renewed_cookie_keeps_the_session_and_is_not_renewed_again(app, login_as, client):
    login_as("trainee")
    client.get("/")  # the session gets its CSRF token, as the benchmark's sessions have
    cookie = _session_cookie(client)
    anonymous = app.test_client(use_cookies=False)
    secret = app.config["SECRET_KEY"]

    fresh = CookieRenewer(secret).cookie(cookie)
    page = anonymous.get("/", headers={"Cookie": fresh})
    assert page.status_code == 200  # still signed in: same session, new stamp
    assert "Set-Cookie" not in page.headers

    stale = CookieRenewer(secret, now=time.time() - 120).cookie(cookie)
    page = anonymous.get("/", headers={"Cookie": stale})
    assert page.status_code == 200
    assert page.headers.get("Set-Cookie", "").startswith("session=")  # what every wrk request cost


def test_replayed_requests_present_the_browser_the_session_began_in(app, login_as, client):
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT  # as bench/prepare.py signs in
    login_as("trainee")
    client.get("/")
    cookie = CookieRenewer(app.config["SECRET_KEY"]).cookie(_session_cookie(client))
    anonymous = app.test_client(use_cookies=False)

    same_browser = anonymous.get("/", headers={"Cookie": cookie, "User-Agent": USER_AGENT})
    assert same_browser.status_code == 200
    assert "Set-Cookie" not in same_browser.headers

    # Another User-Agent (wrk's default sends none) makes Flask-Login mark the session not
    # fresh and re-issue the cookie: what every replayed request cost before.
    other_browser = anonymous.get("/", headers={"Cookie": cookie, "User-Agent": "curl/8"})
    assert other_browser.headers.get("Set-Cookie", "").startswith("session=")
