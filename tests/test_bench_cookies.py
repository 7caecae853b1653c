"""The head-to-head benchmark replays cookies as a browser holds them (bench/cookies.py): a
cookie renewed within the minute is taken as it is, one minted earlier makes the server renew."""

import time

from bench.cookies import CookieRenewer


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
