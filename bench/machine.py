"""A yardstick for the machine, so timings taken on different machines can be compared.

Shared build machines differ by a factor of two or more in single-core Python speed; the same
commit can sit on either side of a target. This times a fixed pure-Python loop (ten million
integer additions) and reports the median of a few runs.
"""

import statistics
import time

ROUNDS = 5


def _loop() -> float:
    start = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return (time.perf_counter() - start) * 1000


def run() -> list[str]:
    samples = [_loop() for _ in range(ROUNDS)]
    return [
        f"machine yardstick, pure-Python loop of 10M additions: median "
        f"{statistics.median(samples):.0f} ms, best {min(samples):.0f} ms (smaller is faster)"
    ]
