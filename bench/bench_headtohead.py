"""Head-to-head under a real server: the project against a bare-Flask reference app.

Both are served by gunicorn (2 sync workers) on the same database, one after the other, and
driven by wrk holding 50 connections for 8 s after 2 s unmeasured (warm-up). The table reports
requests/s of each, their ratio, latency percentiles and errors. Runs on a scratch SQLite file, and on PostgreSQL too when
DATABASE_URL names one. Everything started here is stopped here.
"""

import os
import sys
import tempfile
from pathlib import Path

from bench.cookies import CookieRenewer
from bench.load import Request, run_wrk
from bench.paced import describe as describe_paced
from bench.paced import run_paced
from bench.prepare import Trainee, migrate_and_load_demo, prepare_trainees
from bench.reference_app import prepare as prepare_reference
from bench.servers import SECRET_KEY, gunicorn, project_env
from tests.database import scratch_database


def _page_requests(trainees: list[Trainee]) -> list[Request]:
    return [
        Request("GET", f"/quizzes/attempts/{t.attempt_id}", {"Cookie": t.cookie}) for t in trainees
    ]


def _save_requests(trainees: list[Trainee]) -> list[Request]:
    return [
        Request(
            "PUT",
            f"/api/v1/attempts/{t.attempt_id}/answers/{t.question_id}",
            {
                "Cookie": t.cookie,
                "X-CSRFToken": t.csrf_token,
                "Content-Type": "application/json",
            },
            t.response_json,
        )
        for t in trainees
    ]


def _reference_page_requests(count: int) -> list[Request]:
    return [Request("GET", f"/page?owner={n}", {}) for n in range(count)]


def _reference_save_requests(count: int) -> list[Request]:
    return [
        Request("POST", "/save", {"Content-Type": "application/json"}, f'{{"owner": {n}}}')
        for n in range(count)
    ]


def _row(name: str, database: str, reference, project) -> str:
    ratio = project.per_second / reference.per_second if reference.per_second else 0.0
    return (
        f"| {name}, {database} | {reference.per_second:,.0f} | {project.per_second:,.0f} | "
        f"{ratio:.2f} | {project.p50_ms:.1f} / {project.p95_ms:.1f} / {project.p99_ms:.1f} | "
        f"{reference.errors} / {project.errors} |"
    )


def measure(
    database_url: str, label: str, work_dir: Path, only: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """Prepare the database, then measure each pair of benchmarks and the paced run.

    only: names to measure (prefixes, e.g. ["attempt page", "autosave"]); None measures all
    and the paced run.
    """
    migrate_and_load_demo(database_url)
    trainees, other_pages = prepare_trainees(database_url)
    prepare_reference(database_url)
    count = len(trainees)
    pairs = [
        ("attempt page", _page_requests(trainees)),
        ("autosave (cookie + CSRF)", _save_requests(trainees)),
    ]
    for name, sessions in other_pages.items():
        requests = [Request("GET", s["path"], {"Cookie": s["cookie"]}) for s in sessions]
        pairs.append((name, requests))
    if only:
        pairs = [pair for pair in pairs if pair[0].startswith(tuple(only))]
    env = project_env(database_url)
    results = {}
    with gunicorn("bench.reference_app:create_app()", env, "/page", work_dir) as url:
        reference_pages = _reference_page_requests(count)
        page_reference = run_wrk(url, reference_pages, work_dir, "reference-page")
        reference_saves = _reference_save_requests(count)
        save_reference = run_wrk(url, reference_saves, work_dir, "reference-save")
    for name, _project in pairs:
        # Every page is compared with the reference page; the autosave with the reference save.
        results[name] = [save_reference if name.startswith("autosave") else page_reference]
    with gunicorn("app:create_app()", env, "/healthz", work_dir) as url:
        for name, project_requests in pairs:
            requests = CookieRenewer(SECRET_KEY).requests(project_requests)
            results[name].append(run_wrk(url, requests, work_dir, "project"))
        paced = None if only else run_paced(url, CookieRenewer(SECRET_KEY).trainees(trainees))
    rows = [_row(name, label, *results[name]) for name, _p in pairs]
    return rows, describe_paced(paced, label) if paced else []


def _databases(tmp: Path):
    yield "sqlite:///" + str(tmp / "bench.db"), "SQLite"
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        with scratch_database(tmp) as scratch_url:
            yield scratch_url, "PostgreSQL"


HEADER = [
    "head-to-head under gunicorn (2 sync workers), wrk 50 connections × 8 s after 2 s of warm-up, 200 trainees:",
    "| requests/s | bare Flask | this project | ratio | p50 / p95 / p99 ms | errors (bare / project) |",
    "|---|---|---|---|---|---|",
]


def _load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def run(only: list[str] | None = None) -> list[str]:
    table, paced = list(HEADER), []
    # The machine's load goes with the numbers: other processes on a shared machine take
    # cores from the servers and from wrk alike, and the ratios move with it.
    loads = [f"load average (1 / 5 / 15 min) at the start: {_load()}"]
    with tempfile.TemporaryDirectory() as tmp:
        for url, label in _databases(Path(tmp)):
            rows, paced_lines = measure(url, label, Path(tmp), only)
            table.extend(rows)
            paced.extend(paced_lines)
            loads.append(f"load average after {label}: {_load()}")
    return table + paced + loads


if __name__ == "__main__":
    # python -m bench.bench_headtohead ["attempt page" "autosave" ...]: only those pairs.
    for line in run(sys.argv[1:] or None):
        print(line, flush=True)
