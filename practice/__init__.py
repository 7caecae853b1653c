"""Practice: the mistake book (错题本), practice sets with a Leitner schedule, mastery per module
and category, and the trainer's heat map that turns a weak category into a review quiz.

Sits above quizzes, case_library and assessment (layer 4): it learns of graded quiz attempts
through core.events and reads them with quizzes.results (case tasks: case_library.results); it grades practice answers with the
quizzes' question-type registry. Practice never writes quiz attempts, so it never counts toward
a grade or a cohort board.
"""

import practice.views  # noqa: F401  (adds the routes to bp)
from core import events
from core.demo import register_demo_loader
from core.home import register_home_panel
from practice.blueprint import bp
from practice.book import on_quiz_attempt_graded
from practice.case_tasks import on_case_attempt_graded
from practice.demo import load_demo_book
from practice.home_panels import my_practice


def init_app(app) -> None:
    app.register_blueprint(bp)
    # weak=False: the receiver is a module function that lives as long as the process.
    events.quiz_attempt_graded.connect(on_quiz_attempt_graded, weak=False)
    events.case_attempt_graded.connect(on_case_attempt_graded, weak=False)
    app.add_template_global(my_practice, "practice_home")
    register_home_panel(
        app, key="practice", permission="quiz.take", template="practice/_home.html", order=16
    )
    register_home_panel(
        app,
        key="practice_heatmap",
        permission="quiz.statistics",
        template="practice/_home_heatmap.html",
        order=23,
    )
    register_demo_loader(app, "mistake book", load_demo_book, order=90)
