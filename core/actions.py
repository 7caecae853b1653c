"""The one way a view runs a domain action.

A view says once, before calling services, how it answers a DomainError:

    on_domain_error(lambda: render_template("courses/module_form.html", form=form), field=form.slug)
    module = authoring.create_module(...)      # may raise DomainError
    db.session.commit()

The error then travels to the single handler in core.errors, which rolls back, puts the
translated message on the field (or flashes it), and returns render() with the error's status.
Views write no try/except and no rollback of their own.
"""

from collections.abc import Callable

from flask import g
from flask.typing import ResponseReturnValue
from wtforms import Field

ErrorPage = Callable[[], ResponseReturnValue]


def on_domain_error(render: ErrorPage, *, field: Field | None = None) -> None:
    """Answer a DomainError raised later in this request with render() (after the rollback).

    With field, the message is shown under that form field; otherwise it is flashed.
    """
    g.domain_error_page = (render, field)


def take_error_page() -> tuple[ErrorPage, Field | None] | None:
    """The page this request declared for domain errors, used (and forgotten) by the handler."""
    return g.pop("domain_error_page", None)
