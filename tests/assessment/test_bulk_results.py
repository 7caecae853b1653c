"""Bulk readers of the quizzes and case library areas give the single-user numbers, in a
constant number of queries, and a board with quiz and case components uses them."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from sqlalchemy import event

from assessment import services
from assessment.board import build_board
from assessment.services import ComponentInput
from case_library.models import CaseAttempt
from case_library.results import case_score, case_scores
from core.extensions import db
from quizzes.models import Attempt
from quizzes.models.attempts import FINISHED, IN_PROGRESS
from quizzes.results import grade_for, grades_for
from tests.assessment.factories import add_stage, make_cohort
from tests.case_library.factories import make_case
from tests.quizzes.quiz_factories import make_quiz

AFTER_ALL = datetime(2026, 12, 1, tzinfo=UTC)


class Statements:
    def __enter__(self):
        self.count = 0
        self.engine = db.session.get_bind()
        event.listen(self.engine, "before_cursor_execute", self._hit)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._hit)

    def _hit(self, *_args):
        self.count += 1


def _attempt(quiz, user, number, total, max_total="3", state=FINISHED):
    db.session.add(
        Attempt(
            quiz_id=quiz.id,
            user_id=user.id,
            number=number,
            state=state,
            total=None if total is None else D(total),
            max_total=D(max_total),
        )
    )


def _quiz_with_attempts(make_user, method):
    quiz = make_quiz(grading_method=method)
    users = [make_user(roles={"trainee"}) for _ in range(5)]
    many, pending, waiting, _nothing, thirds = users
    for number, total in enumerate(["1", "3", "2"], start=1):
        _attempt(quiz, many, number, total)
    _attempt(quiz, pending, 1, "2")
    _attempt(quiz, pending, 2, "3", state=IN_PROGRESS)  # not finished: does not count
    _attempt(quiz, waiting, 1, None)  # an essay waits for a grader
    _attempt(quiz, thirds, 1, "1")
    _attempt(quiz, thirds, 2, "2")
    db.session.commit()
    return quiz, users


@pytest.mark.parametrize("method", ["highest", "average", "first", "last"])
def test_grades_for_equals_grade_for_by_grading_method(make_user, method):
    quiz, users = _quiz_with_attempts(make_user, method)
    ids = [u.id for u in users]
    bulk = grades_for(quiz.id, ids)
    assert bulk == {uid: grade_for(uid, quiz.id) for uid in ids}
    many, pending, waiting, nothing, thirds = ids
    assert bulk[waiting] is None and bulk[nothing] is None
    expected_many = {"highest": "100.00", "average": "66.67", "first": "33.33", "last": "66.67"}
    assert bulk[many] == D(expected_many[method])
    assert bulk[pending] == D("66.67")


def test_grades_for_asks_the_same_number_of_queries_for_any_cohort(make_user):
    quiz, users = _quiz_with_attempts(make_user, "average")
    counts, ids, quiz_id = [], [u.id for u in users], quiz.id
    for size in (1, 5):
        db.session.expire_all()
        with Statements() as statements:
            grades_for(quiz_id, ids[:size])
        counts.append(statements.count)
    assert counts[0] == counts[1] <= 2
    assert grades_for(999999, ids[:1]) == {ids[0]: None}


def _case_attempt(case, user, number, auto, rubric, status="graded"):
    db.session.add(
        CaseAttempt(
            case_id=case.id,
            version_id=case.published_version_id,
            user_id=user.id,
            number=number,
            auto_score=D(auto),
            rubric_score=None if rubric is None else D(rubric),
            status=status,
        )
    )


def _case_with_attempts(make_user):
    case = make_case(make_user(roles={"trainer"}))
    users = [make_user(roles={"trainee"}) for _ in range(4)]
    retook, waiting_retake, submitted, _nothing = users
    _case_attempt(case, retook, 1, "60", "20")
    _case_attempt(case, retook, 2, "40", "10")  # the latest graded attempt counts, even lower
    _case_attempt(case, waiting_retake, 1, "50", "25")
    _case_attempt(case, waiting_retake, 2, "70", None, status="submitted")
    _case_attempt(case, submitted, 1, "70", None, status="submitted")
    db.session.commit()
    return case, users


def test_case_scores_equal_case_score_and_the_latest_graded_attempt_counts(make_user):
    case, users = _case_with_attempts(make_user)
    ids = [u.id for u in users]
    bulk = case_scores(case.id, ids)
    assert bulk == {uid: case_score(uid, case.id) for uid in ids}
    retook, waiting_retake, submitted, nothing = ids
    assert (bulk[retook], bulk[waiting_retake]) == (D("50.00"), D("75.00"))  # of 100 points
    assert bulk[submitted] is None and bulk[nothing] is None


def test_case_scores_ask_the_same_number_of_queries_for_any_cohort(make_user):
    case, users = _case_with_attempts(make_user)
    counts, ids, case_id = [], [u.id for u in users], case.id
    for size in (1, 4):
        db.session.expire_all()
        with Statements() as statements:
            case_scores(case_id, ids[:size])
        counts.append(statements.count)
    assert counts[0] == counts[1] <= 2


def test_board_with_quiz_and_case_components_keeps_a_constant_query_count(make_user):
    counts, boards = [], []
    for size in (2, 9):
        cohort, trainees, _manager = make_cohort(size)
        quiz = make_quiz(published=True, grading_method="highest")
        case = make_case(make_user(roles={"trainer"}))
        for user in trainees:
            _attempt(quiz, user, 1, "2")
            _case_attempt(case, user, 1, "60", "20")
        db.session.commit()
        stage = add_stage(cohort)
        for kind, ref in (("quiz", quiz.id), ("case", case.id)):
            services.add_component(stage, ComponentInput(name=kind, kind=kind, ref_id=ref))
        db.session.commit()
        db.session.expire_all()
        with Statements() as statements:
            board = build_board(cohort, now=AFTER_ALL)
        counts.append(statements.count)
        boards.append(board)
    assert 0 < counts[0] == counts[1]
    for row in boards[1].rows:
        # quiz 2 of 3 → 66.67; case (60 + 20) / 100 → 80; equal weights
        assert [r.normalized for r in row.cells[0].score.results] == [D("66.67"), D(80)]
