"""Issue certificates the moment a path completes: the areas below announce their events
(core.events) and each one re-checks the paths of the people it concerns, inside the same
transaction as the change that caused it."""

from assessment import results as assessment_results
from certification import services
from core import events


def _for_user(sender, *, user_id: int, **_details) -> None:
    services.issue_due(user_id)


def _for_cohort(sender, *, cohort_id: int, **_details) -> None:
    for user_id in assessment_results.cohort_trainee_ids(cohort_id):
        services.issue_due(user_id)


def connect(app) -> None:
    """Listen to app's own events only (tests build several apps in one process)."""
    for signal in (
        events.lesson_completed,
        events.conduct_acknowledged,
        events.quiz_attempt_graded,
        events.case_attempt_graded,
    ):
        signal.connect(_for_user, sender=app, weak=False)
    events.stage_decision_confirmed.connect(_for_cohort, sender=app, weak=False)
