"""Case library: anonymized case studies, graded exercises and the publish gate."""

from case_library.views import bp
from core.home import register_home_panel


def init_app(app) -> None:
    app.register_blueprint(bp)
    register_home_panel(
        app,
        key="case_authoring",
        permission="case.author",
        template="case_library/_home_authoring.html",
        order=22,
    )
