"""`flask --app app courses sync`: load courses/content/ into the database."""

from pathlib import Path

import click
from flask.cli import AppGroup

from core.cli import shell_action
from core.extensions import db
from courses.content_sync import sync_content

courses_cli = AppGroup("courses", help="Course modules, lessons and glossary.")


@courses_cli.command("sync")
@click.option(
    "--content-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Defaults to courses/content/.",
)
def sync_command(content_dir: Path | None) -> None:
    """Create or update modules, lessons and glossary from the content files (idempotent)."""
    with shell_action():  # a malformed file stops the sync with its name; nothing is written
        report = sync_content(content_dir)
    db.session.commit()
    for name in report.diverged:
        click.echo(
            f"warning: {name} was edited in the browser and its file changed too; "
            "kept the browser version (use 'reset to file version' in the editor to take the file)"
        )
    click.echo(f"courses: {report.summary()}")


def demo_loader() -> str:
    """The demo loader: the shipped course content is the demo content."""
    return sync_content().summary()
