"""What other areas offer for a module: related cases and the module quiz.

Read through their results.py only; an area that is absent or has no such function shows nothing,
so the courses area keeps working on its own.
"""

from dataclasses import dataclass

from flask import current_app, url_for

from core.permissions import has_permission


@dataclass
class RelatedLink:
    title: str
    href: str


def _call(module_name: str, function: str, *args) -> list:
    try:
        module = __import__(module_name, fromlist=[function])
    except ImportError:
        return []
    reader = getattr(module, function, None)
    return list(reader(*args)) if reader else []


def related_cases(user, module_slug: str) -> list[RelatedLink]:
    """Published cases tagged with this module, for users who may read cases."""
    endpoint = "case_library.case_page"
    if endpoint not in current_app.view_functions or not has_permission(user, "case.read"):
        return []
    rows = _call("case_library.results", "cases_for_module", module_slug)
    return [RelatedLink(title, url_for(endpoint, slug=slug)) for slug, title in rows]


def module_quizzes(user, module_slug: str) -> list[RelatedLink]:
    """The module's published quizzes, for users who may take quizzes."""
    endpoint = "quizzes.quiz_detail"
    if endpoint not in current_app.view_functions or not has_permission(user, "quiz.take"):
        return []
    rows = _call("quizzes.results", "module_quizzes", module_slug)
    return [RelatedLink(title, url_for(endpoint, quiz_id=quiz_id)) for quiz_id, title in rows]
