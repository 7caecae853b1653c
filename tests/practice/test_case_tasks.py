"""Missed automatic case tasks land in the mistake book; a full-points retake clears them."""

from case_library.models import CaseAttempt
from core.extensions import db
from practice.case_tasks import open_case_entries
from tests.case_library.factories import make_case
from tests.case_library.test_retakes import WEAK_ANSWERS, grade
from tests.case_library.test_trainee_flow import GOOD_ANSWERS, switch_to

# Full points on every automatic task (GOOD_ANSWERS ticks a decoy).
FULL_ANSWERS = dict(GOOD_ANSWERS, **{"task-flags": ["f1", "f2"]})


def test_missed_case_tasks_are_in_the_book_and_a_full_retake_clears_them(
    client, login, login_as, make_user
):
    trainer = make_user(roles={"trainer"})
    case = make_case(trainer)
    case.retakes_allowed = 1
    db.session.commit()
    trainee = login_as("trainee")
    client.post(f"/cases/{case.slug}/attempt", data=WEAK_ANSWERS)
    entries = open_case_entries(trainee.id)
    assert sorted(e.task_id for e in entries) == ["flags", "sum"]
    flags = next(e for e in entries if e.task_id == "flags")
    assert "贷款期限 20 年" in flags.answer  # the decoys ticked
    assert "申请人都是开发商员工" in flags.right_answer and "内部人购房" in flags.explanation
    book = client.get("/practice/").get_data(as_text=True)
    assert "案例任务" in book and case.title in book and "612000" in book

    attempt_id = case_attempt_id(trainee.id, case.id)
    grade(client, login, trainer, attempt_id)  # announced again: nothing doubles
    assert len(open_case_entries(trainee.id)) == 2
    switch_to(client, login, trainee)
    client.post(f"/cases/{case.slug}/attempt", data=FULL_ANSWERS)
    assert db.session.query(CaseAttempt).filter_by(user_id=trainee.id).count() == 2
    assert open_case_entries(trainee.id) == []


def case_attempt_id(user_id, case_id):
    return db.session.query(CaseAttempt).filter_by(user_id=user_id, case_id=case_id).one().id
