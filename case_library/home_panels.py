"""The case library's panels on the home page (templates case_library/_home_<panel>.html)."""

from core.home import register_home_panel


def register_home_panels(app) -> None:
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
