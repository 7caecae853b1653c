"""The Leitner schedule of the mistake book, stated once. Pure: no Flask, no database.

- A missed question enters the book in box 1 and is due at once.
- A correct answer (full marks) given while the question is due moves it up one box; it comes
  back `box_days[n - 1]` days later (from 00:00 Beijing time of that day), n being the correct
  answers in a row so far.
- After `correct_in_a_row` such answers it leaves the book.
- A wrong or partly right answer, due or not, puts it back in box 1, due at once.
- A correct answer before the question is due changes nothing: spacing is the point.

Both numbers come from the configuration (PRACTICE_CORRECT_IN_A_ROW, PRACTICE_BOX_DAYS).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from core.clock import LOCAL_TZ, as_utc


@dataclass(frozen=True)
class LeitnerRule:
    correct_in_a_row: int = 3
    box_days: tuple[int, ...] = (1, 3)

    def __post_init__(self):
        if self.correct_in_a_row < 1:
            raise ValueError("PRACTICE_CORRECT_IN_A_ROW must be at least 1")
        if len(self.box_days) < self.correct_in_a_row - 1 or any(d < 1 for d in self.box_days):
            raise ValueError("PRACTICE_BOX_DAYS needs a wait of 1 day or more per box above box 1")

    def wait_days(self, streak: int) -> int:
        """Days until a question with `streak` correct answers in a row is due again."""
        return self.box_days[streak - 1]

    def boxes(self) -> list[tuple[int, int]]:
        """(box, days it waits after the answer that moved it there) for boxes 2 and up."""
        return [(n + 1, self.wait_days(n)) for n in range(1, self.correct_in_a_row)]


@dataclass(frozen=True)
class Placement:
    streak: int
    due_at: datetime
    left: bool  # the question leaves the book


def local_midnight_after(moment: datetime, days: int) -> datetime:
    """00:00 Beijing time, `days` calendar days after moment's Beijing date (as UTC)."""
    day = as_utc(moment).astimezone(LOCAL_TZ).date() + timedelta(days=days)
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


def is_due(due_at: datetime, now: datetime) -> bool:
    return as_utc(due_at) <= as_utc(now)


def after_answer(
    rule: LeitnerRule, streak: int, due_at: datetime, correct: bool, now: datetime
) -> Placement:
    """Where a book question goes after a practice answer (see the module docstring)."""
    if not correct:
        return Placement(0, now, False)
    if not is_due(due_at, now):
        return Placement(streak, due_at, False)
    streak += 1
    if streak >= rule.correct_in_a_row:
        return Placement(streak, due_at, True)
    return Placement(streak, local_midnight_after(now, rule.wait_days(streak)), False)
