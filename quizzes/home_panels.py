"""The quizzes area's panels on the home page (templates quizzes/_home_*.html)."""

from core.home import register_home_panel


def register_home_panels(app) -> None:
    register_home_panel(
        app, key="quizzes", permission="quiz.take", template="quizzes/_home_quizzes.html", order=15
    )
    register_home_panel(
        app,
        key="question_bank",
        permission="quiz.author",
        template="quizzes/_home_bank.html",
        order=21,
    )
    register_home_panel(
        app,
        key="quiz_grading",
        permission="quiz.grade",
        template="quizzes/_home_grading.html",
        order=22,
    )
