"""The attempts item analysis reads: their marks only, in two statements however many there are
(the manager's board asks for a quiz's reliability on every view, bench/RESULTS.md issue 14)."""

from quizzes.statistics.services import attempt_rows
from quizzes.taking import services as taking
from tests.quizzes.quiz_factories import make_quiz, take
from tests.quizzes.test_query_counts import statements


def _rows_with_statements(quiz) -> tuple[list[dict], list[str]]:
    with statements() as sent:
        rows = attempt_rows(quiz)
    return rows, sent


def test_attempt_rows_hold_each_finished_attempts_marks_in_two_statements(make_user):
    quiz = make_quiz(types=("single", "description", "truefalse", "numerical"))
    attempts = [take(quiz, make_user(), right=right) for right in (3, 1)]
    taking.start_attempt(quiz, make_user(), attempts[0].started_at)  # open: not analysed
    few, few_sent = _rows_with_statements(quiz)
    attempts += [take(quiz, make_user(), right=2) for _ in range(4)]
    many, many_sent = _rows_with_statements(quiz)

    assert len(few_sent) == len(many_sent) == 2, "\n".join(many_sent)
    assert [row["attempt_id"] for row in many] == sorted(a.id for a in attempts)
    first = next(row for row in many if row["attempt_id"] == attempts[0].id)
    assert first["user_id"] == attempts[0].user_id and first["total"] == attempts[0].total
    # Every marked question with its (awarded, maximum); the description carries no mark.
    assert first["items"] == {
        item.question_id: (item.awarded, item.max_mark)
        for item in attempts[0].items
        if item.max_mark
    }
    assert len(first["items"]) == 3
    assert sum(mark for mark, _max in first["items"].values()) == first["total"] > 0
