"""Shell commands: `flask --app app quizzes import FILE`, `... quizzes export`, `... quizzes close-overdue`."""

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from core.clock import now_utc
from core.errors import DomainError
from core.extensions import db
from quizzes.bank import services as bank_services
from quizzes.importing.aiken import aiken_unexportable, export_aiken
from quizzes.importing.gift import export_gift
from quizzes.importing.services import (
    FORMATS,
    decode_upload,
    dry_run_json,
    import_questions,
    read_questions,
)
from quizzes.models.bank import QuestionCategory
from quizzes.taking.services import close_overdue

quizzes_cli = AppGroup("quizzes", help="Question bank and quizzes.")


def _report_errors(result) -> None:
    click.echo(f"{len(result.errors)} 道题无法导入，未导入任何题目：", err=True)
    for error in result.errors:
        name = f"《{error.name}》" if error.name else ""
        click.echo(f"  第{error.line}行 {name}{error.message}", err=True)


@quizzes_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="gift", show_default=True)
@click.option("--category", default="", help="Category path for questions the file does not file.")
@click.option("--dry-run", is_flag=True, help="Parse and report; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the parsed questions as JSON.")
def import_command(file: Path, fmt: str, category: str, dry_run: bool, as_json: bool) -> None:
    """Import a GIFT or Aiken file into the question bank; a file with errors imports nothing."""
    try:
        text = decode_upload(file.read_bytes())
    except DomainError as error:
        raise click.ClickException(error.message) from error
    result = read_questions(text, fmt, category)
    if as_json:
        click.echo(json.dumps(dry_run_json(result), ensure_ascii=False, indent=2))
    if not result.ok:
        if not as_json:
            _report_errors(result)
        sys.exit(1)
    if dry_run:
        if not as_json:
            click.echo(f"{len(result.questions)} 道题可以导入（试运行，未保存）")
            for spec in result.questions:
                click.echo(f"  第{spec.get('line', '?')}行 [{spec['type']}] {spec['name']}")
        return
    try:
        saved = import_questions(result, note=f"从 {file.name} 导入")
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    if not as_json:
        click.echo(f"已导入 {len(saved)} 道题")


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
        raise click.ClickException(f"没有这个分类：{category}")
    specs = bank_services.exportable_specs(found, include_subcategories=not no_subcategories)
    if fmt == "aiken":
        for message in aiken_unexportable(specs):
            click.echo(message, err=True)
        text = export_aiken(specs)
    else:
        text = export_gift(specs)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"已导出 {len(specs)} 道题到 {output}", err=True)
    else:
        click.echo(text, nl=False)


@quizzes_cli.command("close-overdue")
def close_overdue_command() -> None:
    """Submit every attempt past its deadline and grace period, with its saved answers."""
    closed = close_overdue(now_utc())
    db.session.commit()
    click.echo(f"{closed} overdue attempt(s) submitted")
