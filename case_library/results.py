"""Small read functions other areas may call (assessment, courses)."""

from decimal import Decimal

from flask import url_for
from sqlalchemy import select

from case_library.attempts import attempt_percent, counted_attempts, counted_percent
from case_library.models import Case, CaseVersion
from core.extensions import db
from core.permissions import has_permission
from courses.related import CASE, RelatedLink


def case_score(user_id: int, case_id: int) -> Decimal | None:
    """Final score in percent (0–100, two decimals) of the attempt that counts (the latest
    fully graded one, see README "Retakes"); None until one is graded."""
    return counted_percent(user_id, case_id)


def case_scores(case_id: int, user_ids: list[int]) -> dict[int, Decimal | None]:
    """``case_score`` for many trainees in two queries: {user id: percent or None}."""
    user_ids = list(user_ids)
    counted = counted_attempts(user_ids, [case_id])
    version_ids = {attempt.version_id for attempt in counted.values()}
    # Held here (the session only keeps weak references), so ``attempt.version`` inside
    # attempt_percent is found in the session instead of costing a query per version.
    versions = list(db.session.scalars(select(CaseVersion).where(CaseVersion.id.in_(version_ids))))
    scores = {uid: attempt_percent(counted.get((uid, case_id))) for uid in user_ids}
    del versions
    return scores


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


def related_case_links(user, module_slug: str) -> list[RelatedLink]:
    """The module page's links to cases tagged with it, for users who may read cases
    (a courses.related provider, registered in case_library.init_app)."""
    if not has_permission(user, "case.read"):
        return []
    return [
        RelatedLink(CASE, title, url_for("case_library.case_page", slug=slug))
        for slug, title in cases_for_module(module_slug)
    ]


def published_cases() -> list[tuple[int, str, str]]:
    """Published cases as (id, slug, title), by title; link with
    url_for("case_library.case_page", slug=slug)."""
    rows = db.session.execute(
        select(Case.id, Case.slug, Case.title)
        .where(Case.published_version_id.is_not(None))
        .order_by(Case.title)
    )
    return [(case_id, slug, title) for case_id, slug, title in rows]
