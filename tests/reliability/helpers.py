"""Run many clients at the same moment and summarise their timings."""

import math
import threading


def run_together(jobs, timeout: float = 120) -> list:
    """Run each job in its own thread, all released at the same instant; their return values.

    An exception in any job is raised here, after all threads have ended.
    """
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def runner(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except BaseException as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("some clients did not finish in time")
    if errors:
        raise errors[0]
    return results


def percentile(values, fraction: float) -> float:
    """The nearest-rank percentile (0.95 for p95) of a list of numbers."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
