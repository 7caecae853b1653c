"""Case library: anonymized case studies, graded exercises and the publish gate."""

from case_library import (  # noqa: F401  (their routes are added to bp)
    views_authoring,
    views_grading,
    views_history,
    views_review,
)
from case_library.attempts import AUDIT_ACTIONS as ATTEMPT_ACTIONS
from case_library.cli import cases_cli
from case_library.demo import load_demo
from case_library.home_panels import register_home_panels
from case_library.results import related_case_links
from case_library.review import AUDIT_ACTIONS as REVIEW_ACTIONS
from case_library.views import bp
from core.audit import register_actions
from core.demo import register_demo_loader
from courses.related import register_related_provider


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(cases_cli)
    register_home_panels(app)
    register_demo_loader(app, "cases", load_demo, order=50)
    register_actions(ATTEMPT_ACTIONS | REVIEW_ACTIONS)
    register_related_provider(app, related_case_links)  # related cases on course module pages
