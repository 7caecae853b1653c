"""Routes of the quizzes area."""

from flask import Blueprint

import quizzes.models  # noqa: F401  (register the models with the metadata)

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")
# The question bank's routes live in quizzes/bank_views.py (imported by quizzes/__init__.py).
