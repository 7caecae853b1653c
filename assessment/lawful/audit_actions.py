"""Audit action ids of the lawful-elimination records, named for the admin page."""

from flask_babel import lazy_gettext as _l

AUDIT_ACTIONS = {
    "cohort.outcomes_set": _l("Elimination outcomes set"),
    "enrolment.contract_set": _l("Contract term set"),
    "hiring_conditions.published": _l("Hiring conditions published"),
    "hiring_conditions.acknowledged": _l("Hiring conditions acknowledged"),
    "elimination.outcomes_recorded": _l("Elimination outcomes and bases recorded"),
    "improvement_plan.opened": _l("Improvement plan opened"),
    "improvement_plan.result_recorded": _l("Improvement plan re-assessment recorded"),
    "dossier.downloaded": _l("Evidence dossier downloaded"),
}
