"""Shell commands: `flask --app app quizzes import FILE | export | close-overdue`.

Messages are in the default language (zh_CN); shell commands have no reader to ask.
"""

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import select

from core.cli import shell_action
from core.clock import now_utc
from core.extensions import db
from core.i18n import translated
from quizzes.bank import services as bank_services
from quizzes.importing.aiken import aiken_unexportable, export_aiken
from quizzes.importing.gift_export import export_gift
from quizzes.importing.parsing import ParseResult
from quizzes.importing.services import (
    FORMATS,
    decode_upload,
    dry_run_json,
    import_questions,
    read_questions,
)
from quizzes.models.bank import QuestionCategory
from quizzes.taking.services import close_overdue
from quizzes.translation import type_labels

quizzes_cli = AppGroup("quizzes", help="Question bank and quizzes.")


def _report_errors(result: ParseResult) -> None:
    count = len(result.errors)
    click.echo(
        _("%(count)d question(s) cannot be imported; nothing was imported:", count=count), err=True
    )
    for error in result.errors:
        name = f"《{error.name}》" if error.name else ""
        click.echo(f"  {name}{translated(error.message)}", err=True)


@quizzes_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="gift", show_default=True)
@click.option("--category", default="", help="Category path for questions the file does not file.")
@click.option("--dry-run", is_flag=True, help="Parse and report; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the parsed questions as JSON.")
def import_command(file: Path, fmt: str, category: str, dry_run: bool, as_json: bool) -> None:
    """Import a GIFT or Aiken file into the question bank; a file with errors imports nothing."""
    with shell_action():
        text = decode_upload(file.read_bytes())
    result = read_questions(text, fmt, category)
    if as_json:
        click.echo(json.dumps(dry_run_json(result, translated), ensure_ascii=False, indent=2))
    if not result.ok:
        if not as_json:
            _report_errors(result)
        sys.exit(1)
    if dry_run:
        if not as_json:
            click.echo(
                _(
                    "%(count)d question(s) can be imported (dry run, nothing saved)",
                    count=len(result.questions),
                )
            )
            labels = type_labels()
            for spec in result.questions:
                line = _("Line %(line)s", line=spec.get("line", "?"))
                click.echo(f"  {line} [{labels.get(spec['type'], spec['type'])}] {spec['name']}")
        return
    with shell_action():
        saved = import_questions(result, note=_("Imported from %(file)s", file=file.name))
    db.session.commit()
    if not as_json:
        click.echo(_("%(count)d question(s) imported", count=len(saved)))


@quizzes_cli.command("export")
@click.option("--category", required=True, help="Category path, e.g. 贷后学堂/intro")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="gift", show_default=True)
@click.option("--no-subcategories", is_flag=True, help="Leave out the subcategories.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_command(category: str, fmt: str, no_subcategories: bool, output: Path | None) -> None:
    """Write a category's active questions as GIFT or Aiken (to stdout or --output)."""
    path = "/".join(part.strip() for part in category.split("/") if part.strip())
    found = db.session.scalar(select(QuestionCategory).where(QuestionCategory.path == path))
    if found is None:
        raise click.ClickException(_("There is no category %(path)s.", path=category))
    specs = bank_services.exportable_specs(found, include_subcategories=not no_subcategories)
    if fmt == "aiken":
        for message in aiken_unexportable(specs):
            click.echo(translated(message), err=True)
        text = export_aiken(specs)
    else:
        text = export_gift(specs, _)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(
            _("%(count)d question(s) exported to %(file)s", count=len(specs), file=output), err=True
        )
    else:
        click.echo(text, nl=False)


@quizzes_cli.command("close-overdue")
def close_overdue_command() -> None:
    """Submit every attempt past its deadline and grace period, with its saved answers."""
    closed = close_overdue(now_utc())
    db.session.commit()
    click.echo(f"{closed} overdue attempt(s) submitted")
