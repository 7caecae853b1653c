"""Wires quizzes and attempts into the app (called from quizzes.init_app)."""

import click
from sqlalchemy import func, select

import quizzes.quiz_views  # noqa: F401  (routes on bp, added before bp is registered)
import quizzes.trainer_views  # noqa: F401
from core.clock import now_utc
from core.demo import register_demo_loader
from core.extensions import db
from core.home import register_home_panel
from quizzes.models import AttemptItem


@click.command("close-overdue")
def close_overdue_command() -> None:
    """Submit every attempt past its deadline and grace period, with its saved answers."""
    from quizzes.attempts import close_overdue

    closed = close_overdue(now_utc())
    db.session.commit()
    click.echo(f"{closed} overdue attempt(s) submitted")


def count_attempts_using(question_id: int) -> int:
    """How many attempts hold this question (the bank then edits by adding a version)."""
    return db.session.scalar(
        select(func.count(AttemptItem.id)).where(AttemptItem.question_id == question_id)
    )


def init_quiz_taking(app, cli_group) -> None:
    from quizzes.api import api_bp
    from quizzes.demo_quizzes import load_demo_quizzes
    from quizzes.results import module_completion_check

    app.register_blueprint(api_bp)
    cli_group.add_command(close_overdue_command)
    register_demo_loader(app, "quizzes", load_demo_quizzes, order=40)
    register_home_panel(
        app, key="quizzes", permission="quiz.take", template="quizzes/quiz_home.html", order=15
    )
    register_home_panel(
        app,
        key="quiz_grading",
        permission="quiz.grade",
        template="quizzes/quiz_home_trainer.html",
        order=22,
    )
    app.extensions.setdefault("module_completion_checks", []).append(module_completion_check)
    app.extensions.setdefault("question_attempt_counters", []).append(count_attempts_using)
