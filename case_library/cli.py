"""`flask --app app cases sync`: load case_library/content/ into the database."""

import click
from flask.cli import AppGroup

from case_library.content_sync import CONTENT_DIR, sync_cases
from core.extensions import db

cases_cli = AppGroup("cases", help="Case library content.")


@cases_cli.command("sync")
@click.option("--dir", "content_dir", default=str(CONTENT_DIR), type=click.Path(file_okay=False))
def sync_command(content_dir: str) -> None:
    """Load case files; cases edited in the browser are kept and reported."""
    from pathlib import Path

    report = sync_cases(Path(content_dir))
    db.session.commit()
    for slug in report.created:
        click.echo(f"created   {slug}")
    for slug in report.updated:
        click.echo(f"updated   {slug}")
    for warning in report.warnings:
        click.echo(f"warning   {warning}", err=True)
    click.echo(report.summary())
