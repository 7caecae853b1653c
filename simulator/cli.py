"""`flask --app app simulator sync` and `simulator check FILE...`."""

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext

from core.cli import print_sync_report
from core.extensions import db
from simulator.checker import ScenarioInvalid
from simulator.content_sync import SCENARIO_DIR, sync_scenarios
from simulator.scenario_schema import parse_scenario

simulator_cli = AppGroup("simulator", help="Post-loan desk simulator scenarios.")


@simulator_cli.command("sync")
@click.option("--dir", "folder", default=str(SCENARIO_DIR), type=click.Path(file_okay=False))
@click.option(
    "--force",
    multiple=True,
    metavar="SLUG",
    help="Let the file win for this scenario even if it was edited in the browser.",
)
def sync_command(folder: str, force: tuple[str, ...]) -> None:
    """Load scenario files; a file with problems is skipped and each problem printed."""
    report = sync_scenarios(Path(folder), force=force)
    db.session.commit()
    print_sync_report(report, problems_fail=True)


@simulator_cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def check_command(files: tuple[str, ...]) -> None:
    """Validate scenario files without loading them (exit code 1 on problems)."""
    failed = False
    for name in files:
        path = Path(name)
        try:
            parse_scenario(path.read_text(encoding="utf-8"), path.name)
        except ScenarioInvalid as error:
            failed = True
            for problem in error.problems:
                click.echo(problem.text(gettext), err=True)
        else:
            click.echo(f"ok        {path.name}")
    if failed:
        raise SystemExit(1)
