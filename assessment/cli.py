"""`flask --app app assessment snapshot [--month YYYY-MM]`: freeze last month's boards."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from assessment.decisions import freeze_month, previous_month
from assessment.models import Cohort
from core.cli import shell_action
from core.extensions import db

assessment_cli = AppGroup("assessment", help="Cohort boards and snapshots.")


@assessment_cli.command("snapshot")
@click.option("--month", default=None, help="Month to freeze, YYYY-MM (default: last month).")
def snapshot_command(month: str | None) -> None:
    """Freeze every cohort's board for a month; run on the 1st (cron). Safe to run again."""
    month = month or previous_month()
    for cohort in db.session.scalars(select(Cohort).order_by(Cohort.id)).all():
        with shell_action():
            _snap, created = freeze_month(cohort, month, "cron")
        db.session.commit()
        click.echo(f"{cohort.name} {month}: {'frozen' if created else 'already frozen'}")
