"""Routes of the quizzes area."""

from flask import Blueprint, render_template

import quizzes.models  # noqa: F401  (register the models with the metadata)
from core.permissions import require_permission

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")


@bp.get("/bank")
@require_permission("quiz.author")
def question_bank():
    return render_template("quizzes/bank.html", questions=[])
