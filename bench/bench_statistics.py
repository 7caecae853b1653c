"""Item analysis of 10,000 attempts × 50 questions (issue 14's target: under one second).

The attempts are synthetic but shaped like real ones: each trainee has an ability, each question
a difficulty, and a question is answered right with a logistic probability of the difference,
so the statistics have realistic variance and discrimination. Median of three runs, wall clock
and the process's CPU time: on a machine shared with other work the CPU time is the steadier
number (the wall clock also counts the time other processes held the cores).
"""

import math
import random
import statistics
import time

from quizzes.statistics.calculations import compute_statistics

ATTEMPTS = 10_000
QUESTIONS = 50
ROUNDS = 3


def synthetic_attempts(attempts: int = ATTEMPTS, questions: int = QUESTIONS, seed: int = 7):
    rng = random.Random(seed)
    difficulty = [rng.gauss(0, 1) for _ in range(questions)]
    rows = []
    for n in range(attempts):
        ability = rng.gauss(0, 1)
        items = {}
        for q in range(questions):
            right = rng.random() < 1 / (1 + math.exp(difficulty[q] - ability))
            items[q + 1] = (1 if right else 0, 1)
        total = sum(mark for mark, _max in items.values())
        rows.append(
            {
                "attempt_id": n + 1,
                "user_id": n + 1,
                "attempt_number": 1,
                "total": total,
                "max_total": questions,
                "items": items,
            }
        )
    return rows


def run() -> list[str]:
    attempts = synthetic_attempts()
    samples, cpu_samples = [], []
    for _ in range(ROUNDS):
        start, cpu_start = time.perf_counter(), time.process_time()
        compute_statistics(attempts, "all")
        samples.append((time.perf_counter() - start) * 1000)
        cpu_samples.append((time.process_time() - cpu_start) * 1000)
    return [
        f"item analysis, {ATTEMPTS:,} attempts × {QUESTIONS} questions: median "
        f"{statistics.median(samples):.0f} ms, best {min(samples):.0f} ms "
        f"(CPU median {statistics.median(cpu_samples):.0f} ms; target < 1,000 ms)"
    ]


if __name__ == "__main__":
    for line in run():
        print(line, flush=True)
