"""Run every benchmark and print one line per measurement (`make bench`)."""

import sys

from bench import bench_headtohead, bench_pages, bench_scoreboard, bench_statistics, machine

BENCHMARKS = [machine, bench_pages, bench_scoreboard, bench_statistics, bench_headtohead]


def main() -> int:
    for module in BENCHMARKS:
        for line in module.run():
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
