"""Shell commands: `flask --app app users ...` and `flask --app app demo load`."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import AppGroup

from core import users as user_service
from core.demo import load_demo_accounts
from core.errors import DomainError, describe
from core.extensions import db
from core.models import User
from core.permissions import ROLES
from core.tokens import issue_token, revoke_tokens

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo content and accounts.")


@contextmanager
def shell_action() -> Iterator[None]:
    """The one way a shell command runs a domain action: on DomainError, roll back and stop
    with the message (exit code 1), never a traceback."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(describe(error)) from error


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
def token_command(username: str, name: str) -> None:
    """Print a new API bearer token for USERNAME (stored hashed; shown only now)."""
    user = _user_or_fail(username)
    token = issue_token(user, name)
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
