"""`flask --app app certification keygen | keys | verify FILE`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from certification import credential, keys
from core.clock import now_utc

certification_cli = AppGroup("certification", help="Certificates and their signing keys.")


@certification_cli.command("keygen")
@click.option("--if-missing", is_flag=True, help="Do nothing when a signing key exists already.")
def keygen_command(if_missing: bool) -> None:
    """Create a new Ed25519 signing key in CERTIFICATION_KEY_DIR; older keys stay published."""
    config = current_app.config
    if config.get("CERTIFICATION_SIGNING_KEYS"):
        raise click.ClickException(
            "CERTIFICATION_SIGNING_KEYS is set: keys come from the environment; add the new "
            "key's PEM there (generate one with: openssl genpkey -algorithm ed25519)"
        )
    existing = keys.load_keys(config)
    if if_missing and any(key.private for key in existing):
        click.echo(f"signing key present: {existing[-1].kid}")
        return
    path = keys.generate(Path(config["CERTIFICATION_KEY_DIR"]), now_utc())
    new = keys.load_keys(config)[-1]
    click.echo(f"created {path} (kid {new.kid}); it signs from now on, {len(existing)} older kept")


@certification_cli.command("keys")
def keys_command() -> None:
    """List the published keys, oldest first; the last private one signs."""
    for key in keys.load_keys(current_app.config):
        click.echo(f"{key.kid}  {'signing' if key.private else 'verify only'}")


@certification_cli.command("verify")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def verify_command(file) -> None:
    """Check a credential file (.jwt) against this site's published keys."""
    try:
        result = credential.verify(file.read(), keys.jwks(current_app.config), now_utc())
    except credential.CredentialInvalid as invalid:
        raise click.ClickException(f"not valid: {invalid}") from invalid
    state = "expired" if result.expired else "within its validity"
    click.echo(f"valid signature (key {result.kid}); {result.credential['name']}; {state}")
