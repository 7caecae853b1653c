"""`flask --app app cases sync`: load case_library/content/ into the database."""

from pathlib import Path

import click
from flask.cli import AppGroup

from case_library.content_sync import CONTENT_DIR, sync_cases
from core.cli import print_sync_report, shell_action
from core.extensions import db

cases_cli = AppGroup("cases", help="Case library content.")


@cases_cli.command("sync")
@click.option("--dir", "content_dir", default=str(CONTENT_DIR), type=click.Path(file_okay=False))
@click.option(
    "--force",
    multiple=True,
    metavar="SLUG",
    help="Let the files win for this case even if it was edited in the browser (repeatable).",
)
def sync_command(content_dir: str, force: tuple[str, ...]) -> None:
    """Load case files; cases edited in the browser are kept and reported."""
    with shell_action():
        report = sync_cases(Path(content_dir), force=force)
    db.session.commit()
    print_sync_report(report)
