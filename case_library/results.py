"""Small read functions other areas may call (assessment, courses)."""

from decimal import Decimal

from sqlalchemy import select

from case_library.attempts import attempt_percent
from case_library.models import Case, CaseAttempt
from core.extensions import db


def case_score(user_id: int, case_id: int) -> Decimal | None:
    """Final score in percent (0–100, two decimals) once fully graded; None otherwise."""
    attempt = db.session.scalar(
        select(CaseAttempt).where(CaseAttempt.user_id == user_id, CaseAttempt.case_id == case_id)
    )
    return attempt_percent(attempt)


def case_choices() -> list[tuple[int, str]]:
    """Published cases as (id, title), by title, for pickers in other areas."""
    cases = db.session.scalars(
        select(Case).where(Case.published_version_id.is_not(None)).order_by(Case.title)
    )
    return [(case.id, case.title) for case in cases]


def cases_for_module(module_slug: str) -> list[tuple[str, str]]:
    """Published cases tagged with a course module, as (slug, title); link with
    url_for("case_library.case_page", slug=slug)."""
    cases = db.session.scalars(
        select(Case).where(Case.published_version_id.is_not(None)).order_by(Case.title)
    )
    return [(c.slug, c.title) for c in cases if module_slug in (c.modules or [])]
