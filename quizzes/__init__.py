"""Quizzes: question bank, quizzes, attempts, grading and item analysis."""

import quizzes.bank_views  # noqa: F401  (adds the question bank's routes to bp)
from core.demo import register_demo_loader
from core.home import register_home_panel
from courses.related import register_related_provider
from quizzes.cli import quizzes_cli
from quizzes.demo import load_question_bank
from quizzes.quiz_setup import init_quiz_taking
from quizzes.results import module_quiz_links
from quizzes.views import bp


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(quizzes_cli)
    register_demo_loader(app, "question bank", load_question_bank, order=30)
    init_quiz_taking(app, quizzes_cli)  # quizzes, attempts, API, grading, statistics
    register_related_provider(app, module_quiz_links)  # the quiz link on course module pages
    # Attempt modules append callables (question_id) -> int; the bank asks them before editing.
    app.extensions.setdefault("question_attempt_counters", [])
    register_home_panel(
        app,
        key="question_bank",
        permission="quiz.author",
        template="quizzes/_home_authoring.html",
        order=21,
    )
