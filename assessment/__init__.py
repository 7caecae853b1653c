"""Assessment: cohorts, staged scoring, elimination decisions and the scoreboard."""

from assessment.views import bp
from core.home import register_home_panel


def init_app(app) -> None:
    app.register_blueprint(bp)
    register_home_panel(
        app,
        key="cohorts",
        permission="scoreboard.view",
        template="assessment/_home_cohorts.html",
        order=30,
    )
