"""What a path can require, and how each requirement is checked, read only through the other
areas' results functions. One entry per kind: its label, its check and the link to the work.

A requirement is stored as a small dict in the path version: {"kind": "quiz", "ref": 7,
"min": "80"}. "min" is a percentage; without one a quiz needs its own pass mark and a case
DEFAULT_CASE_MIN.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessment import results as assessment_results
from case_library import results as case_results
from courses import results as course_results
from quizzes import results as quiz_results

DEFAULT_CASE_MIN = Decimal(60)

KIND_LABELS = {
    "module": _l("Course module completed"),
    "quiz": _l("Quiz passed"),
    "case": _l("Case study passed"),
    "conduct": _l("Current code of conduct acknowledged"),
    "cohort": _l("Every stage of a cohort passed without elimination"),
}


@dataclass
class ChecklistItem:
    kind: str
    label: str
    done: bool
    link: tuple[str, dict] | None = None  # (endpoint, values): built only when a page shows it
    detail: str = ""

    @property
    def url(self) -> str | None:
        return url_for(self.link[0], **self.link[1]) if self.link else None


class Catalogue:
    """Titles of what requirements can name, read once per page and only for the kinds a page
    asks about (a trainee's home page names quizzes and modules, rarely cohorts)."""

    @classmethod
    def load(cls) -> "Catalogue":
        return cls()

    @cached_property
    def modules(self) -> dict[str, str]:
        return course_results.module_titles()

    @cached_property
    def quizzes(self) -> dict[int, str]:
        return dict(quiz_results.quiz_choices())

    @cached_property
    def cases(self) -> dict[int, tuple[str, str]]:  # id -> (slug, title)
        return {case_id: (slug, title) for case_id, slug, title in case_results.published_cases()}

    @cached_property
    def cohorts(self) -> dict[int, str]:
        return dict(assessment_results.cohort_choices())


def minimum(requirement: dict) -> Decimal | None:
    try:
        return (
            Decimal(str(requirement["min"])) if requirement.get("min") not in (None, "") else None
        )
    except InvalidOperation:
        return None


def _module(user_id: int, req: dict, cat: Catalogue) -> ChecklistItem:
    slug = req["ref"]
    return ChecklistItem(
        "module",
        cat.modules.get(slug, slug),
        course_results.module_completed(user_id, slug),
        ("courses.module", {"slug": slug}) if slug in cat.modules else None,
    )


def _quiz(user_id: int, req: dict, cat: Catalogue) -> ChecklistItem:
    quiz_id, needed = int(req["ref"]), minimum(req)
    quiz_standing = quiz_results.standing(user_id, quiz_id)
    grade = quiz_standing.grade
    if needed is None:
        done = quiz_standing.passed
        detail = _("Grade %(grade)s%%", grade=grade) if grade is not None else ""
    else:
        done = grade is not None and grade >= needed
        shown = "–" if grade is None else grade
        detail = _("Grade %(grade)s%%, needs %(min)s%%", grade=shown, min=needed)
    title = cat.quizzes.get(quiz_id)
    return ChecklistItem(
        "quiz",
        title or _("Quiz #%(id)s (not published)", id=quiz_id),
        done,
        ("quizzes.quiz_detail", {"quiz_id": quiz_id}) if title else None,
        detail,
    )


def _case(user_id: int, req: dict, cat: Catalogue) -> ChecklistItem:
    case_id = int(req["ref"])
    needed = minimum(req) or DEFAULT_CASE_MIN
    score = case_results.case_score(user_id, case_id)
    slug, title = cat.cases.get(case_id, (None, None))
    shown = "–" if score is None else score
    return ChecklistItem(
        "case",
        title or _("Case #%(id)s (not published)", id=case_id),
        score is not None and score >= needed,
        ("case_library.case_page", {"slug": slug}) if slug else None,
        _("Score %(score)s%%, needs %(min)s%%", score=shown, min=needed),
    )


def _conduct(user_id: int, req: dict, cat: Catalogue) -> ChecklistItem:
    module = course_results.conduct_module()
    return ChecklistItem(
        "conduct",
        str(KIND_LABELS["conduct"]),
        course_results.has_acknowledged_current_rules(user_id),
        ("courses.module", {"slug": module.slug}) if module else None,
    )


def _cohort(user_id: int, req: dict, cat: Catalogue) -> ChecklistItem:
    cohort_id = int(req["ref"])
    name = cat.cohorts.get(cohort_id, f"#{cohort_id}")
    return ChecklistItem(
        "cohort",
        _("Cohort %(name)s: every stage passed", name=name),
        assessment_results.passed_every_stage(user_id, cohort_id),
    )


CHECKS: dict[str, Callable[[int, dict, Catalogue], ChecklistItem]] = {
    "module": _module,
    "quiz": _quiz,
    "case": _case,
    "conduct": _conduct,
    "cohort": _cohort,
}


@dataclass
class Checklist:
    items: list[ChecklistItem]

    @cached_property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def complete(self) -> bool:
        return bool(self.items) and self.done_count == len(self.items)


def checklist(requirements: list[dict], user_id: int, cat: Catalogue | None = None) -> Checklist:
    """Each requirement with whether user_id has met it, in the path's order."""
    cat = cat or Catalogue.load()
    return Checklist([CHECKS[req["kind"]](user_id, req, cat) for req in requirements])
