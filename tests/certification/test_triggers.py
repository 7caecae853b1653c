"""The other triggers: a case marked by a trainer, a stage decision confirmed for a cohort."""

from datetime import UTC, datetime

from assessment import decisions
from assessment.board import build_board
from case_library.models import CaseAttempt
from certification import services
from core import clock
from core.extensions import db
from tests.assessment.factories import add_kpi, add_stage, make_cohort, set_kpis
from tests.case_library.factories import make_case
from tests.case_library.test_retakes import grade
from tests.case_library.test_trainee_flow import GOOD_ANSWERS
from tests.certification.factories import make_path


def test_a_case_marked_by_the_trainer_issues_the_certificate(client, login, make_user):
    trainer, trainee = make_user(roles={"trainer"}), make_user()
    case = make_case(trainer)
    make_path([{"kind": "case", "ref": case.id, "min": "70"}])
    db.session.commit()

    login(trainee)
    assert client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS).status_code == 302
    assert services.certificates_of(trainee.id) == []  # waits for the rubric grade
    attempt = db.session.query(CaseAttempt).one()
    grade(client, login, trainer, attempt.id, levels=("0", "0"))  # full rubric marks

    db.session.expire_all()
    assert len(services.certificates_of(trainee.id)) == 1


def _confirm(cohort, stage, manager):
    board = build_board(cohort)
    token = decisions.preview_token(decisions.preview(board, stage))
    decisions.confirm(board, stage, manager, token)


def test_the_last_stage_decision_certifies_the_survivors_only():
    cohort, users, manager = make_cohort(3)
    first = add_stage(cohort, below_score="60")
    second = add_stage(
        cohort, name="实战演练", starts="2026-04-01", ends="2026-04-30", below_score="10"
    )
    for stage, month in ((first, "2026-03"), (second, "2026-04")):
        kpi = add_kpi(stage, best="100")
        set_kpis(kpi, month, dict(zip(users, [90, 40, 80], strict=True)), manager)
    make_path([{"kind": "cohort", "ref": cohort.id}])
    clock.set_now(datetime(2026, 5, 2, tzinfo=UTC))

    _confirm(cohort, first, manager)
    assert [services.certificates_of(u.id) for u in users] == [[], [], []]  # a stage still open
    _confirm(cohort, second, manager)

    held = [len(services.certificates_of(u.id)) for u in users]
    assert held == [1, 0, 1]  # the trainee cut in the first stage gets none
