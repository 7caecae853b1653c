"""A cohort set up for lawful elimination: scores, hiring conditions, contracts."""

from datetime import UTC, date, datetime

from assessment.lawful import hiring_conditions, terms
from core import clock
from core.extensions import db
from tests.assessment.factories import add_kpi, add_stage, make_cohort, set_kpis

CONDITION = "课堂培训阶段综合分不低于 60 分 | 课堂培训 | 60"


def lawful_cohort(scores, contract_months=36, acknowledge=True, **rule):
    """A cohort whose first stage (March 2026) has a KPI with ``scores``, a second stage after
    it, one hiring condition on the first stage, every trainee hired 2026-03-02 on a contract of
    ``contract_months`` who acknowledged the condition on 2026-03-02."""
    clock.set_now(datetime(2026, 3, 2, 1, tzinfo=UTC))
    cohort, users, manager = make_cohort(len(scores))
    stage = add_stage(cohort, **rule)
    later = add_stage(cohort, name="实战演练", starts="2026-04-01", ends="2026-10-31")
    kpi = add_kpi(stage, best="100")
    set_kpis(kpi, "2026-03", dict(zip(users, scores, strict=True)), manager)
    version = hiring_conditions.publish(cohort, CONDITION, manager)
    for enrolment in cohort.enrolments:
        terms.set_terms(enrolment, date(2026, 3, 2), contract_months, None)
        if acknowledge:
            hiring_conditions.acknowledge(version, enrolment.user, True)
    db.session.commit()
    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    return cohort, users, manager, stage, later, version
