"""Courses: modules, lessons, glossary, progress and the conduct-rules acknowledgement."""

from core.demo import register_demo_loader
from core.home import register_home_panel
from courses import (  # noqa: F401  (adds the trainer routes to bp)
    home_panels,
    views_authoring,
    views_glossary,
)
from courses.cli import courses_cli, demo_loader
from courses.results import conduct_rules_check
from courses.views import bp


def init_app(app) -> None:
    app.register_blueprint(bp)
    register_home_panel(
        app,
        key="my_learning",
        permission="learning.track",
        template="courses/_home_my_learning.html",
        order=10,
    )
    register_home_panel(
        app,
        key="course_authoring",
        permission="course.author",
        template="courses/_home_authoring.html",
        order=20,
    )
    register_home_panel(
        app,
        key="conduct_report",
        permission="conduct.report",
        template="courses/_home_conduct.html",
        order=35,
    )
    # Other areas (the module quiz) append their own checks; see courses/results.py.
    app.extensions.setdefault("module_completion_checks", []).append(conduct_rules_check)
    register_demo_loader(app, "courses", demo_loader, order=10)
    app.cli.add_command(courses_cli)
    # Home panels are included into the home page; these globals give them their data lazily.
    app.add_template_global(home_panels.my_learning, "courses_my_learning")
    app.add_template_global(home_panels.conduct_summary, "courses_conduct_summary")
