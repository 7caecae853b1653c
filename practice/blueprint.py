"""The practice blueprint (pages under /practice/) and the helpers its templates share."""

from flask import Blueprint

from core.i18n import translated
from quizzes.question_types.values import shown_percent

bp = Blueprint("practice", __name__, url_prefix="/practice")


@bp.context_processor
def template_helpers() -> dict:
    return {"translated": translated, "percent": shown_percent}
