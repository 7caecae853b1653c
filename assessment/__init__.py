"""Assessment: cohorts, staged scoring, elimination decisions and the scoreboard."""

from assessment import (
    home_panels,
    models,  # noqa: F401  (tables for migrations)
    revisions,  # noqa: F401  (board revision hook)
    views_board,  # noqa: F401  (routes on the same blueprint)
    views_fairness,  # noqa: F401  (routes on the same blueprint)
)
from assessment.audit_trail import AUDIT_ACTIONS
from assessment.cli import assessment_cli
from assessment.demo import load_demo, load_demo_trainees
from assessment.scoring import present_str
from assessment.views import bp
from core.audit import register_actions
from core.demo import register_demo_loader
from core.home import register_home_panel
from core.i18n import translated


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(assessment_cli)
    register_actions(AUDIT_ACTIONS)
    register_home_panel(
        app,
        key="cohorts",
        permission="scoreboard.view",
        template="assessment/_home_cohorts.html",
        order=30,
    )
    register_home_panel(
        app,
        key="standing",
        permission="standing.view_own",
        template="assessment/_home_standing.html",
        order=35,
    )
    register_demo_loader(app, "cohort trainees", load_demo_trainees, order=52)
    register_demo_loader(app, "assessment", load_demo, order=60)
    # Home panels are included into the home page; these globals give them their data lazily.
    app.add_template_global(home_panels.home_cohorts, "assessment_home_cohorts")
    app.add_template_global(home_panels.home_standing, "assessment_home_standing")
    app.jinja_env.filters["score"] = lambda value: present_str(value) or "—"
    # Reasons and notes of elimination decisions: a message id with parameters (or, for
    # decisions recorded before, plain text), shown in the reader's language.
    app.jinja_env.filters["message"] = translated
