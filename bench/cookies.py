"""Session cookies as a browser holds them: renewed, like the browser's, before each run.

The app renews a session's last-activity stamp at most once a minute (core/sessions.py), and a
browser stores the renewed cookie. wrk replays the cookies it was given, so a cookie minted
minutes earlier would make the server renew (and re-sign) the session on every request, which
no trainee's browser causes. Each measured run therefore gets cookies stamped just before it;
a run (2 s of warm-up + 8 s) is shorter than the renewal interval.
"""

import time
from dataclasses import replace

from flask import Flask

from bench.load import Request
from bench.prepare import Trainee
from core.sessions import LAST_ACTIVE


class CookieRenewer:
    """Re-stamps session cookies signed with secret_key (the served apps' key)."""

    def __init__(self, secret_key: str, now: float | None = None):
        app = Flask(__name__)
        app.secret_key = secret_key
        self.serializer = app.session_interface.get_signing_serializer(app)
        self.now = int(time.time() if now is None else now)

    def cookie(self, cookie: str) -> str:
        """The same session with its last activity set to now ("session=..." as sent)."""
        if not cookie.startswith("session="):
            return cookie
        data = self.serializer.loads(cookie.removeprefix("session="))
        data[LAST_ACTIVE] = self.now
        return "session=" + self.serializer.dumps(data)

    def requests(self, requests: list[Request]) -> list[Request]:
        return [
            replace(req, headers={**req.headers, "Cookie": self.cookie(req.headers["Cookie"])})
            if "Cookie" in req.headers
            else req
            for req in requests
        ]

    def trainees(self, trainees: list[Trainee]) -> list[Trainee]:
        return [replace(trainee, cookie=self.cookie(trainee.cookie)) for trainee in trainees]
