"""Home-page panels of the simulator."""

from core.home import register_home_panel


def register(app) -> None:
    register_home_panel(
        app,
        key="simulator",
        permission="simulator.play",
        template="simulator/_home_play.html",
        order=26,
    )
    register_home_panel(
        app,
        key="simulator_author",
        permission="simulator.author",
        template="simulator/_home_author.html",
        order=27,
    )
