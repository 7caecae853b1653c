"""Item analysis pages: the statistics report and its JSON."""

from flask import jsonify, render_template, request

from core.permissions import require_permission
from quizzes.blueprint import bp
from quizzes.grading_methods import ATTEMPT_SELECTIONS
from quizzes.setup.services import get_quiz_or_404
from quizzes.statistics.services import quiz_report, report_json


def _which() -> str:
    which = request.args.get("which", "first")
    return which if which in ATTEMPT_SELECTIONS else "first"


@bp.get("/<int:quiz_id>/statistics")
@require_permission("quiz.statistics")
def statistics(quiz_id: int):
    quiz = get_quiz_or_404(quiz_id)
    which = _which()
    report, questions = quiz_report(quiz, which)
    return render_template(
        "quizzes/statistics/report.html",
        quiz=quiz,
        which=which,
        selections=ATTEMPT_SELECTIONS,
        report=report,
        questions=questions,
    )


@bp.get("/<int:quiz_id>/statistics.json")
@require_permission("quiz.statistics")
def statistics_json(quiz_id: int):
    quiz = get_quiz_or_404(quiz_id)
    which = _which()
    report, questions = quiz_report(quiz, which)
    return jsonify(report_json(quiz, report, questions) | {"which": which})
