"""Run every benchmark and print one line per measurement."""

import importlib
import sys

BENCHMARKS = ["bench.machine", "bench.bench_pages", "bench.bench_scoreboard"]


def main() -> int:
    for name in BENCHMARKS:
        module = importlib.import_module(name)
        for line in module.run():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
