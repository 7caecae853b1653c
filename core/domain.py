"""Domain errors, free of Flask so that pure rule modules can raise them.

An error carries an English message id and its parameters, never finished text: the text is
translated where it is shown (core.errors.describe), so each language shows its own words.
Mark message ids with N_() so that `python -m tools.i18n update` extracts them.
"""


def N_(message_id: str) -> str:
    """Mark a message id for extraction; it is translated later, where it is shown."""
    return message_id


class DomainError(Exception):
    """A rule was broken. message_id uses %(name)s slots filled from params."""

    status_code = 422

    def __init__(self, message_id: str, **params):
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params

    @property
    def message(self) -> str:
        """The untranslated text (logs, shell); pages use core.errors.describe."""
        return self.message_id % self.params if self.params else self.message_id

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class Forbidden(DomainError):
    status_code = 403
