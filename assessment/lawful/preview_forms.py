"""The elimination page's per-person outcome forms: built from what the preview offers each
person (``confirming.options``) and read back into choices at confirmation."""

from __future__ import annotations

from assessment import decisions
from assessment.board import Board
from assessment.lawful import confirming, forms
from assessment.models import Stage


def people(stage: Stage, board: Board, preview, *, submitted: bool = False) -> list:
    """(options, form) for each person the preview cuts; none without a preview."""
    if preview is None:
        return []
    return [
        (person, forms.basis_form(person, submitted=submitted))
        for person in confirming.options(stage, board, preview)
    ]


def choices(stage: Stage, board: Board) -> dict[int, confirming.Choice]:
    """The choices sent with the confirmation, for the people the current preview cuts."""
    preview = decisions.preview(board, stage)
    return {
        person.user_id: forms.choice_of(form)
        for person, form in people(stage, board, preview, submitted=True)
    }
