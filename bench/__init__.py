"""Benchmarks, run by `make bench`. Each module in BENCHMARKS exposes run() -> list of result lines."""
