"""Item analysis agrees with Moodle's own test of its question statistics.

Moodle's statistics_test.php (mod/quiz/report/statistics/tests) checks its calculator on 22
attempts of a 20-slot quiz against values worked out in a spreadsheet (stats.xls), to 1e-6.
The same attempts (tests/quizzes/fixtures/moodle_question_states.csv) must give the same values
here, to 1e-6 relative (absolute below 1). Moodle's SD is in marks (times 1000 in its test);
ours is a percentage of the question's maximum mark.
"""

import csv
import math
from pathlib import Path

import pytest

from quizzes.statistics.calculations import compute_statistics

pytestmark = pytest.mark.pure

FIXTURE = Path(__file__).parent / "fixtures" / "moodle_question_states.csv"
MAX_MARKS = [1, 1, 1, 1, 0, 0, 0, 8] + [1] * 12
NONE7 = [None] * 7

# The expected values of Moodle's test, slot 1 to 20.
FACILITY = [0, 0, 0, 0, None, None, None, 41.19318182, 81.36363636, 71.36363636, 65.45454545,
            65.90909091, 36.36363636, 59.09090909, 50, 59.09090909, 63.63636364, 45.45454545,
            27.27272727, 50]  # fmt: skip
SD_MARKS_X1000 = [0, 0, 0, 0, None, None, None, 1912.733589, 251.2738111, 322.6312277,
                  333.4199022, 337.5811591, 492.3659639, 503.2362797, 511.7663157, 503.2362797,
                  492.3659639, 509.6471914, 455.8423058, 511.7663157]  # fmt: skip
EFFECTIVE_WEIGHT = [0, 0, 0, 0, 0, 0, 0, 26.58464457, 3.368456046, 3.253955259, 7.584083694,
                    3.79658376, 3.183278505, 4.532356904, 7.78856243, 10.08351572, 8.381139345,
                    8.727645713, 7.946277111, 4.769500946]  # fmt: skip
DISCRIMINATION_INDEX = NONE7 + [25.88327077, 1.170256965, -4.207816809, 28.16930644,
                                -2.513606859, -12.99017581, -8.900638238, 8.670004606,
                                29.63337745, 15.18945843, 16.21079629, 15.52451404,
                                -8.396734802]  # fmt: skip
DISCRIMINATIVE_EFFICIENCY = NONE7 + [27.23492723, 1.382386552, -4.691171307, 31.12404354,
                                     -2.877487579, -17.5074184, -10.27568922, 10.86956522,
                                     34.58997279, 17.4790556, 20.14359793, 22.06477733,
                                     -10]  # fmt: skip


def moodle_attempts() -> list[dict]:
    lines = [line for line in FIXTURE.read_text().splitlines() if not line.startswith("#")]
    return [
        {
            "attempt_id": n,
            "user_id": n,
            "attempt_number": 1,
            "total": float(row[0]),
            "max_total": sum(MAX_MARKS),
            "items": {
                slot: (float(mark), MAX_MARKS[slot - 1]) for slot, mark in enumerate(row[1:], 1)
            },
        }
        for n, row in enumerate(csv.reader(lines), 1)
    ]


def agrees(ours, moodle) -> bool:
    if moodle is None:
        return ours is None
    return ours is not None and math.isclose(ours, moodle, rel_tol=1e-6, abs_tol=1e-6)


def test_the_fixture_holds_moodles_twenty_two_attempts():
    attempts = moodle_attempts()
    assert len(attempts) == 22
    for attempt in attempts:
        marks = sum(mark for mark, _max in attempt["items"].values())
        assert math.isclose(marks, attempt["total"])


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("facility", FACILITY),
        ("effective_weight", EFFECTIVE_WEIGHT),
        ("discrimination_index", DISCRIMINATION_INDEX),
        ("discriminative_efficiency", DISCRIMINATIVE_EFFICIENCY),
    ],
)
def test_question_statistics_agree_with_moodles_fixture(field, expected):
    questions = compute_statistics(moodle_attempts(), "all").questions
    assert [q.question_id for q in questions] == list(range(1, 21))
    ours = [getattr(q, field) for q in questions]
    wrong = [
        (slot, o, m)
        for slot, (o, m) in enumerate(zip(ours, expected, strict=True), 1)
        if not agrees(o, m)
    ]
    assert wrong == []


def test_standard_deviations_agree_with_moodles_fixture():
    questions = compute_statistics(moodle_attempts(), "all").questions
    for q, moodle in zip(questions, SD_MARKS_X1000, strict=True):
        ours = None if q.standard_deviation is None else q.standard_deviation * q.max_mark * 10
        assert agrees(ours, moodle), (q.question_id, ours, moodle)
