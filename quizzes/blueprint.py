"""The quizzes blueprint (HTML pages under /quizzes/) and the helpers its templates share.

Routes live with their part of the area: bank/views*.py, importing/views.py, setup/views.py,
taking/views.py, marking/views.py, statistics/views.py; quizzes.init_app imports them all before
it registers the blueprint. The JSON API has its own blueprint in taking/api.py.
"""

from flask import Blueprint

from core.i18n import translated
from quizzes.grading import right_answer_summary
from quizzes.question_types.values import shown_percent

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")


@bp.context_processor
def template_helpers() -> dict:
    return {
        "translated": translated,  # a message of the pure modules, in the reader's language
        "right_answer": lambda spec: translated(right_answer_summary(spec)),
        "percent": shown_percent,  # "0.3333333" -> "33.33333"
    }
