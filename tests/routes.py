"""Route discovery shared by the crawls: every rule of the URL map, built with real ids.

`crawl_urls(app, lookup)` yields (rule, url) for each route whose arguments resolve; lookup(table,
column) returns the first row's value (from the test session, or the live server's database).
"""

from collections.abc import Callable, Iterator

from sqlalchemy import text

from core.extensions import db

# route argument -> (table, column) whose first row gives a real value for it
ARGUMENT_SOURCES = {
    "user_id": ("users", "id"),
    "lesson_id": ("course_lessons", "id"),
    "slug": ("course_modules", "slug"),
    "lesson_slug": ("course_lessons", "slug"),
    "term_id": ("course_glossary_terms", "id"),
    "quiz_id": ("quizzes", "id"),
    "attempt_id": ("quiz_attempts", "id"),
    "question_id": ("questions", "id"),
    "category_id": ("question_categories", "id"),
    "slot_id": ("quiz_slots", "id"),
    "item_id": ("quiz_attempt_items", "id"),
    "case_id": ("cases", "id"),
    "post_id": ("case_discussion_posts", "id"),
    "entry_id": ("case_watchlist", "id"),
    "cohort_id": ("assessment_cohorts", "id"),
    "stage_id": ("assessment_stages", "id"),
    "component_id": ("assessment_components", "id"),
    "snapshot_id": ("assessment_board_snapshots", "id"),
    "run_id": ("simulator_runs", "id"),
    "enrolment_id": ("assessment_enrolments", "id"),
    "version_id": ("assessment_hiring_condition_versions", "id"),
    "plan_id": ("assessment_improvement_plans", "id"),
    "outcome_id": ("assessment_decision_outcomes", "id"),
    "set_id": ("practice_sets", "id"),
    "path_id": ("certification_paths", "id"),
    "code": ("certificates", "code"),
    "loan_id": (None, "L01"),
    "kind": (None, "remind"),
    "number": (None, 1),
    "fmt": (None, "csv"),
}
# Routes whose argument names another table than the default above.
ROUTE_OVERRIDES = {
    "case_library.case_page": {"slug": ("cases", "slug")},
    "case_library.submit_attempt": {"slug": ("cases", "slug")},
    "case_library.add_post": {"slug": ("cases", "slug")},
    "case_library.grade_form": {"attempt_id": ("case_attempts", "id")},
    "case_library.grade": {"attempt_id": ("case_attempts", "id")},
    "simulator.scenario_page": {"slug": ("simulator_scenarios", "slug")},
    "simulator.start": {"slug": ("simulator_scenarios", "slug")},
    "simulator.author_edit": {"slug": ("simulator_scenarios", "slug")},
    "certification_public.achievement": {"slug": ("certification_paths", "slug")},
}
SKIP = {"auth.logout", "static"}

Lookup = Callable[[str, str], object]


def first_row_sql(table: str, column: str) -> str:
    return f"SELECT {column} FROM {table} ORDER BY id LIMIT 1"  # nosec B608: names from the table above


def crawl_urls(app, lookup: Lookup) -> Iterator[tuple[object, str]]:
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        sources = {**ARGUMENT_SOURCES, **ROUTE_OVERRIDES.get(rule.endpoint, {})}
        values = {}
        for name in rule.arguments:
            table, column = sources[name]
            value = column if table is None else lookup(table, column)
            if value is None:
                break
            values[name] = value
        else:
            yield rule, rule.build(values, append_unknown=False)[1]


def site_urls(app) -> Iterator[tuple[object, str]]:
    """crawl_urls on the test session's database (the in-process crawls)."""
    return crawl_urls(app, lambda t, c: db.session.execute(text(first_row_sql(t, c))).scalar())
