"""The review workflow: a draft is submitted, and a second trainer publishes or returns it.

Four eyes: every version made since the case was last published (all of them, if it never was)
is unreviewed, and nobody who wrote one of them, or submitted the case, may approve or return
it. Otherwise trainer X could write version 2, let Y fix a typo as version 3 and submit, and
then approve X's own content.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from case_library import anonymize
from case_library.gate import gate_findings
from case_library.history import redact_history
from case_library.models import Case, CaseReview, CaseVersion
from case_library.services import PublishBlocked, publish_version
from core import audit
from core.domain import N_, Conflict, DomainError, Forbidden
from core.extensions import db

AUDIT_ACTIONS = {
    "case.submitted": _l("Case submitted for review"),
    "case.approved": _l("Case approved and published"),
    "case.returned": _l("Case returned for changes"),
}


def submit_for_review(case: Case, user) -> None:
    """draft → in_review, only when the gate finds nothing."""
    if case.status != "draft":
        raise Conflict(N_("Only a draft can be submitted for review."))
    if anonymize.has_findings(gate_findings(case.current_version)):
        raise PublishBlocked()
    case.status = "in_review"
    _record_step(case, user, "submitted")


def submitter_id(case: Case) -> int | None:
    review = db.session.scalar(
        select(CaseReview)
        .where(CaseReview.case_id == case.id, CaseReview.action == "submitted")
        .order_by(CaseReview.id.desc())
        .limit(1)
    )
    return review.user_id if review else None


def unreviewed_versions(case: Case) -> list[CaseVersion]:
    """The versions made since the case was last published, oldest first."""
    published = case.published_version.number if case.published_version is not None else 0
    return [version for version in case.versions if version.number > published]


def excluded_reviewers(case: Case) -> set[int]:
    """Who may not review the case now: the authors of its unreviewed versions, whoever redacted
    one of them in place (a change too), and the submitter."""
    authors = set()
    for version in unreviewed_versions(case):
        authors |= {version.author_id, version.redacted_by_id}
    return (authors | {submitter_id(case)}) - {None}


def _check_reviewer(case: Case, reviewer) -> None:
    if case.status != "in_review":
        raise Conflict(N_("This case is not waiting for review."))
    if reviewer.id in excluded_reviewers(case):
        raise Forbidden(
            N_(
                "You wrote or submitted a change to this case that has not been reviewed yet; "
                "a trainer who took no part in those changes must review it."
            )
        )


def approve(case: Case, reviewer, comment: str = "") -> None:
    """in_review → published by a second trainer; the gate runs again."""
    _check_reviewer(case, reviewer)
    if anonymize.has_findings(gate_findings(case.current_version)):
        raise PublishBlocked()
    publish_version(case, case.current_version)
    # The version trainees read until now was kept as it was; now it is history, clean it.
    redact_history(case, reviewer)
    _record_step(case, reviewer, "approved", comment)


def return_for_changes(case: Case, reviewer, comment: str) -> None:
    """in_review → draft with the reviewer's explanation."""
    _check_reviewer(case, reviewer)
    if not comment.strip():
        raise DomainError(N_("Say what needs to change when returning a case."))
    case.status = "draft"
    _record_step(case, reviewer, "returned", comment)


def _record_step(case: Case, user, action: str, comment: str = "") -> None:
    """Add a step (submitted, approved, returned) of the current version to the review history."""
    version = case.current_version
    audit.record(
        f"case.{action}",
        actor=user,
        target=audit.Target("case", case.id, case.slug),
        after={"version": version.number if version else None, "comment": comment.strip()},
    )
    db.session.add(
        CaseReview(
            case_id=case.id,
            version_id=case.current_version_id,
            user_id=user.id,
            action=action,
            comment=comment.strip(),
        )
    )
