"""Drive a server with wrk (C, so the load generator costs little CPU) and read its numbers.

Each benchmark is a list of prepared requests (method, path, headers, body): one per trainee,
with that trainee's session cookie and CSRF token. wrk's connections take them in turn, so
200 trainees are exercised, not one. The Lua script prints one JSON line in done().
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Every bench request names the same browser the trainees signed in with (bench/prepare.py):
# Flask-Login's session protection ties a session to the address and User-Agent it began with,
# and on a mismatch marks it not fresh, which re-issues the cookie on every replayed request.
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) bench-trainee"

CONNECTIONS = 50
THREADS = 2
SECONDS = 8
WARMUP_SECONDS = 2

LUA = """
local requests = {}
local counter = 0
local specs = %(specs)s

init = function(args)
  for i, spec in ipairs(specs) do
    requests[i] = wrk.format(spec[1], spec[2], spec[3], spec[4])
  end
  counter = math.random(#requests)
end

request = function()
  counter = counter %% #requests + 1
  return requests[counter]
end

done = function(summary, latency, requests_unused)
  local errors = summary.errors
  io.write("WRK-JSON ", string.format(
    '{"requests": %%d, "duration_us": %%d, "non_2xx_3xx": %%d, "socket_errors": %%d, '
    .. '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _lua_string(text: str) -> str:
    if not text.isascii():
        raise ValueError(f"wrk scripts carry ASCII only: {text[:40]!r}")
    return json.dumps(text)  # an ASCII JSON string literal is a valid Lua literal


def _lua_specs(requests: list[Request]) -> str:
    items = []
    for req in requests:
        headers = ", ".join(
            f"[{_lua_string(k)}] = {_lua_string(v)}"
            for k, v in {"User-Agent": USER_AGENT, **req.headers}.items()
        )
        body = _lua_string(req.body) if req.body is not None else "nil"
        items.append(
            f"{{{_lua_string(req.method)}, {_lua_string(req.path)}, {{{headers}}}, {body}}}"
        )
    return "{\n" + ",\n".join(items) + "\n}"


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk")
    return path


def _wrk(base_url: str, script: Path, seconds: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            require_wrk(),
            f"--threads={THREADS}",
            f"--connections={CONNECTIONS}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={script}",
            base_url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )


def run_wrk(base_url: str, requests: list[Request], work_dir: Path, name: str) -> LoadResult:
    """Hold CONNECTIONS connections for SECONDS seconds, cycling through requests.

    A short unmeasured run comes first: a freshly started worker compiles templates, opens
    its database connections and fills its caches on its first requests, which a server in
    service has long done (measured: the first 8 s of a fresh project server gave 0.34 of the
    reference, the next 8 s 0.63).
    """
    script = work_dir / f"{name}.lua"
    script.write_text(LUA % {"specs": _lua_specs(requests)}, encoding="utf-8")
    _wrk(base_url, script, WARMUP_SECONDS)
    completed = _wrk(base_url, script, SECONDS)
    for line in completed.stdout.splitlines():
        if line.startswith("WRK-JSON "):
            data = json.loads(line.removeprefix("WRK-JSON "))
            return LoadResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                errors=data["non_2xx_3xx"] + data["socket_errors"],
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
            )
    raise RuntimeError(f"wrk printed no result:\n{completed.stdout}\n{completed.stderr}")
