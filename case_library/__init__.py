"""Case library: anonymized case studies, graded exercises and the publish gate."""

from case_library import views_authoring, views_grading, views_history  # noqa: F401  (routes on bp)
from case_library.cli import cases_cli
from case_library.demo import load_demo
from case_library.results import related_case_links
from case_library.views import bp
from core.demo import register_demo_loader
from core.home import register_home_panel
from courses.related import register_related_provider


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(cases_cli)
    register_home_panel(
        app,
        key="case_authoring",
        permission="case.author",
        template="case_library/_home_authoring.html",
        order=22,
    )
    register_home_panel(
        app,
        key="case_library",
        permission="case.attempt",
        template="case_library/_home_cases.html",
        order=24,
    )
    register_demo_loader(app, "cases", load_demo, order=50)
    register_related_provider(app, related_case_links)  # related cases on course module pages
