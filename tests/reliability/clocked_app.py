"""The app exactly as gunicorn serves it, plus the settable clock for tests in another process.

Reliability tests run a real server in a subprocess; to move its clock (a deadline passing) they
write an ISO time into the file named by TEST_CLOCK_FILE. Each request reads it first and sets
core.clock to it; an empty or missing file means the real time.
"""

import os
from datetime import datetime
from pathlib import Path

from app import create_app as create_real_app
from core import clock


def create_app():
    app = create_real_app()
    clock_file = Path(os.environ["TEST_CLOCK_FILE"])

    def follow_test_clock():
        text = clock_file.read_text().strip() if clock_file.exists() else ""
        clock.set_now(datetime.fromisoformat(text) if text else None)

    # First of all before-request hooks: the idle-session check already reads the clock.
    app.before_request_funcs.setdefault(None, []).insert(0, follow_test_clock)
    return app
