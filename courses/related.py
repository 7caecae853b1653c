"""Links other areas offer on a module page: the module quiz and related cases.

Courses sits below quizzes and case_library (they import courses.results), so it never imports
them. Instead each of those areas registers a provider when the app is created (in its init_app):

    register_related_provider(app, quizzes.results.module_quiz_links)

The module page asks every registered provider; with none registered the panel is simply empty.
A provider that fails raises like any other code: links never disappear silently.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask, current_app

QUIZ = "quiz"  # a quiz of this module, shown under "Module quiz"
CASE = "case"  # shown under "Related cases"
# Where to find quizzes: offered when a completion check holds the module back for a quiz
# that no QUIZ link names.
QUIZ_LIST = "quiz_list"
KINDS = (QUIZ, CASE, QUIZ_LIST)
_PROVIDERS = "courses.related_providers"  # key in app.extensions


@dataclass(frozen=True)
class RelatedLink:
    kind: str  # one of KINDS
    title: str
    href: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown related link kind {self.kind!r}; use one of {KINDS}")


# (user, module_slug) -> the links this user may open; the provider checks the permission.
RelatedProvider = Callable[[object, str], Iterable[RelatedLink]]


def register_related_provider(app: Flask, provider: RelatedProvider) -> None:
    """Let `provider` add links to every module page of this app."""
    app.extensions.setdefault(_PROVIDERS, []).append(provider)


def related_links(user, module_slug: str) -> dict[str, list[RelatedLink]]:
    """Every registered provider's links for this module and reader, by kind (all kinds present)."""
    links: dict[str, list[RelatedLink]] = {kind: [] for kind in KINDS}
    for provider in current_app.extensions.get(_PROVIDERS, []):
        for link in provider(user, module_slug):
            links[link.kind].append(link)
    return links
