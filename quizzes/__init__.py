"""Quizzes: question bank, quizzes, attempts, grading and item analysis."""

from core.home import register_home_panel
from quizzes.views import bp


def init_app(app) -> None:
    app.register_blueprint(bp)
    register_home_panel(
        app,
        key="question_bank",
        permission="quiz.author",
        template="quizzes/_home_authoring.html",
        order=21,
    )
