"""A realistic pace instead of a flood: each trainee saves an answer every 10 s and opens the
attempt page every 60 s, spread evenly, for one minute.

Requests are sent on a fixed schedule (open loop) and each latency is measured from the moment
the request was due, not from when a free thread sent it, so a slow server cannot hide its
queue (no coordinated omission).
"""

import http.client
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.load import USER_AGENT
from bench.prepare import Trainee

SAVE_EVERY = 10.0
PAGE_EVERY = 60.0
DURATION = 60.0
SENDERS = 64


@dataclass
class PacedResult:
    save_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    errors: int = 0


def _percentile(samples: list[float], share: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _schedule(trainees: list[Trainee]) -> list[tuple[float, str, Trainee]]:
    plan = []
    count = len(trainees)
    for n, trainee in enumerate(trainees):
        offset = n / count
        t = offset * SAVE_EVERY
        while t < DURATION:
            plan.append((t, "save", trainee))
            t += SAVE_EVERY
        t = offset * PAGE_EVERY
        while t < DURATION:
            plan.append((t, "page", trainee))
            t += PAGE_EVERY
    return sorted(plan, key=lambda item: item[0])


def run_paced(base_url: str, trainees: list[Trainee]) -> PacedResult:
    host = urlsplit(base_url)
    local = threading.local()
    result = PacedResult()
    lock = threading.Lock()

    def connection() -> http.client.HTTPConnection:
        if getattr(local, "conn", None) is None:
            local.conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        return local.conn

    def send(due: float, kind: str, trainee: Trainee) -> None:
        if kind == "save":
            method, path = (
                "PUT",
                f"/api/v1/attempts/{trainee.attempt_id}/answers/{trainee.question_id}",
            )
            headers = {
                "Cookie": trainee.cookie,
                "X-CSRFToken": trainee.csrf_token,
                "Content-Type": "application/json",
            }
            body = trainee.response_json
        else:
            method, path = "GET", f"/quizzes/attempts/{trainee.attempt_id}"
            headers, body = {"Cookie": trainee.cookie}, None
        try:
            conn = connection()
            conn.request(method, path, body=body, headers={"User-Agent": USER_AGENT, **headers})
            response = conn.getresponse()
            response.read()
            ok = response.status < 400
        except OSError:
            local.conn = None
            ok = False
        elapsed = (time.monotonic() - due) * 1000
        with lock:
            (result.save_ms if kind == "save" else result.page_ms).append(elapsed)
            result.errors += 0 if ok else 1

    start = time.monotonic() + 0.5
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        for offset, kind, trainee in _schedule(trainees):
            due = start + offset
            _sleep_until(due)
            pool.submit(send, due, kind, trainee)
    return result


def _sleep_until(moment: float, clock: Callable[[], float] = time.monotonic) -> None:
    delay = moment - clock()
    if delay > 0:
        time.sleep(delay)


def describe(result: PacedResult, label: str) -> list[str]:
    return [
        f"paced, {label}: autosave p50 {_percentile(result.save_ms, 0.5):.1f} ms, "
        f"p95 {_percentile(result.save_ms, 0.95):.1f} ms ({len(result.save_ms)} saves); "
        f"page p50 {_percentile(result.page_ms, 0.5):.1f} ms, "
        f"p95 {_percentile(result.page_ms, 0.95):.1f} ms ({len(result.page_ms)} pages); "
        f"errors {result.errors} (targets: autosave p95 < 50 ms, page p95 < 100 ms, 0 errors)"
    ]
