"""Shell commands: `flask --app app users ...` and `flask --app app demo load`."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from core import users as user_service
from core.demo import load_demo_accounts
from core.errors import DomainError
from core.extensions import db
from core.permissions import ROLES

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo content and accounts.")


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
    try:
        user = user_service.create_user(username, password, set(roles), display_name=display_name)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"created {user.username} ({', '.join(sorted(user.roles))})")


@demo_cli.command("load")
def load_demo_command() -> None:
    """Load demo accounts and every area's demo content; safe to run again."""
    created = load_demo_accounts()
    db.session.commit()
    click.echo(f"accounts: {', '.join(created) if created else 'already present'}")
    for _order, name, loader in current_app.extensions.get("demo_loaders", []):
        summary = loader()
        db.session.commit()
        click.echo(f"{name}: {summary}")


def register_cli(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
