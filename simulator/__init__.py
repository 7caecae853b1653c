"""Post-loan desk simulator (贷后实战演练): scenarios, runs on a simulated clock, debriefs."""

from core.demo import register_demo_loader
from simulator import (
    models,  # noqa: F401  (tables for migrations)
    views_author,  # noqa: F401  (routes on bp)
    views_review,  # noqa: F401  (routes on bp)
)
from simulator.cli import simulator_cli
from simulator.demo import load_demo
from simulator.demo_runs import load_demo_runs
from simulator.home_panels import register as register_home_panels
from simulator.views import bp


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(simulator_cli)
    register_home_panels(app)
    # Before assessment's demo (order 60), whose practical-drill stage uses a scenario.
    register_demo_loader(app, "simulator", load_demo, order=55)
    # The demo cohort's trainees (order 52) practise before the assessment demo decides (60).
    register_demo_loader(app, "simulator runs", load_demo_runs, order=56)
