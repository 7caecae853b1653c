"""Shell commands: `flask --app app users ...`, `demo load` and `backup create|restore`."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from core import audit, backup
from core import users as user_service
from core.clock import now_utc
from core.content_sync import SyncReport
from core.demo import highest_user_id, load_demo_accounts, replace_demo_passwords
from core.errors import DomainError, describe
from core.extensions import db
from core.models import User
from core.permissions import ROLES
from core.tokens import issue_token, revoke_tokens

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo content and accounts.")
backup_cli = AppGroup("backup", help="Back up and restore the whole database.")


@contextmanager
def shell_action() -> Iterator[None]:
    """The one way a shell command runs a domain action: on DomainError, roll back and stop
    with the message (exit code 1), never a traceback."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(describe(error)) from error


def print_sync_report(report: SyncReport, *, problems_fail: bool = False) -> None:
    """The one way a `sync` command prints its report: each item created or updated, each
    problem on stderr, then the summary; with problems_fail, problems end with exit code 1."""
    for slug in report.created:
        click.echo(f"created   {slug}")
    for slug in report.updated:
        click.echo(f"updated   {slug}")
    for warning in report.warnings:
        click.echo(f"problem   {warning}", err=True)
    click.echo(report.summary())
    if problems_fail and report.warnings:
        raise SystemExit(1)


def _read_password() -> str:
    if sys.stdin is not None and not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.option("--username", required=True)
@click.option(
    "--role",
    "roles",
    required=True,
    multiple=True,
    type=click.Choice(ROLES),
    help="Repeat for several roles.",
)
@click.option("--name", "display_name", default="")
def create_user_command(username: str, roles: tuple[str, ...], display_name: str) -> None:
    """Create a user; the password is read from stdin or prompted."""
    password = _read_password()
    with shell_action():
        user = user_service.create_user(username, password, set(roles), display_name=display_name)
    db.session.commit()
    click.echo(f"created {user.username} ({', '.join(sorted(user.roles))})")


def _user_or_fail(username: str) -> User:
    user = db.session.scalar(db.select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no user called {username!r}")
    return user


@users_cli.command("token")
@click.argument("username")
@click.option("--name", default="cli", help="A label to revoke the token by later.")
@click.option(
    "--days", type=click.IntRange(min=1), default=None, help="Expire after this many days."
)
def token_command(username: str, name: str, days: int | None) -> None:
    """Print a new API bearer token for USERNAME (stored hashed; shown only now)."""
    user = _user_or_fail(username)
    expires_at = now_utc() + timedelta(days=days) if days else None
    token = issue_token(user, name, expires_at=expires_at)
    db.session.commit()
    click.echo(token)


@users_cli.command("revoke-token")
@click.argument("username")
@click.option("--name", default=None, help="Revoke only the tokens with this label.")
def revoke_token_command(username: str, name: str | None) -> None:
    """Revoke USERNAME's API tokens (all of them unless --name is given)."""
    count = revoke_tokens(_user_or_fail(username), name)
    db.session.commit()
    click.echo(f"revoked {count} token(s) of {username}")


@demo_cli.command("load")
@click.option("--force", is_flag=True, help="Load even in production (demo passwords replaced).")
def load_demo_command(force: bool) -> None:
    """Load demo accounts and every area's demo content; safe to run again."""
    production = current_app.config["APP_ENV"] == "production"
    if production and not force:
        raise click.ClickException(
            "refusing to load demo data into a production database (APP_ENV=production); "
            "use --force to load it anyway: the demo accounts then get random passwords"
        )
    first_new_user = highest_user_id()
    created = load_demo_accounts()
    db.session.commit()
    click.echo(f"accounts: {', '.join(created) if created else 'already present'}")
    for _order, name, loader in current_app.extensions.get("demo_loaders", []):
        summary = loader()
        db.session.commit()
        click.echo(f"{name}: {summary}")
    if production:
        replaced = replace_demo_passwords(first_new_user)
        audit.record("demo.loaded", after={"forced": True, "passwords_replaced": len(replaced)})
        db.session.commit()
        click.echo("production: demo accounts got random passwords (shown only now):")
        for username, password in replaced:
            click.echo(f"  {username}\t{password}")


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


@backup_cli.command("create")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def backup_create_command(output: Path | None) -> None:
    """Write a backup of the database (default: instance/backups/postloan-TIME.*)."""
    url = _database_url()
    with shell_action():
        if output is None:
            name = f"postloan-{now_utc():%Y%m%d-%H%M%S}{backup.file_suffix(url)}"
            output = Path(current_app.instance_path) / "backups" / name
        backup.create_backup(url, output)
        audit.record("backup.created", target=audit.Target("database", None, output.name))
    db.session.commit()
    click.echo(str(output))


@backup_cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Confirm: the database's content is replaced.")
def backup_restore_command(file: Path, yes: bool) -> None:
    """Replace the whole database with the backup FILE (needs --yes)."""
    url = _database_url()
    with shell_action():
        backup.check_backup_file(url, file)
        if not yes:
            raise click.ClickException(
                "restoring replaces every row of the database; run again with --yes to confirm"
            )
        db.session.remove()
        db.engine.dispose()  # no pooled connection keeps the old content open
        backup.restore_backup(url, file)
        audit.record("backup.restored", target=audit.Target("database", None, file.name))
    db.session.commit()
    click.echo(f"restored {file}")


def register_cli(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(backup_cli)
