"""Quizzes: question bank, quizzes, attempts, grading and item analysis.

Parts: bank/ (questions), importing/ (GIFT, Aiken), setup/ (quizzes and their slots), taking/
(attempts, take pages, JSON API), marking/ (essay queue, regrades, results), statistics/ (item
analysis); the question types and their grading are shared by all of them (question_types/,
grading.py). Other areas read only quizzes.results.
"""

import quizzes.bank.views  # noqa: F401  (each views module adds its routes to bp)
import quizzes.bank.views_questions  # noqa: F401
import quizzes.importing.views  # noqa: F401
import quizzes.marking.views  # noqa: F401
import quizzes.setup.views  # noqa: F401
import quizzes.statistics.views  # noqa: F401
import quizzes.taking.views  # noqa: F401
from core.audit import register_actions
from core.demo import register_demo_loader
from courses.related import register_related_provider
from quizzes.blueprint import bp
from quizzes.cli import quizzes_cli
from quizzes.demo import load_demo_quizzes, load_question_bank
from quizzes.home_panels import register_home_panels
from quizzes.marking.services import AUDIT_ACTIONS
from quizzes.results import module_completion_check, module_quiz_links
from quizzes.taking.api import api_bp
from quizzes.taking.services import count_attempts_using


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    app.cli.add_command(quizzes_cli)
    register_demo_loader(app, "question bank", load_question_bank, order=30)
    register_demo_loader(app, "quizzes", load_demo_quizzes, order=40)
    register_home_panels(app)
    register_actions(AUDIT_ACTIONS)
    register_related_provider(app, module_quiz_links)  # the quiz link on course module pages
    app.extensions.setdefault("module_completion_checks", []).append(module_completion_check)
    # The bank asks these callables (question_id) -> int before an edit: with attempts, an edit
    # makes a new version. Taking counts attempts; the bank does not import taking.
    app.extensions.setdefault("question_attempt_counters", []).append(count_attempts_using)
