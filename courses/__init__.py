"""Courses: modules, lessons, glossary, progress and the conduct-rules acknowledgement."""

from core.home import register_home_panel
from courses.views import bp


def init_app(app) -> None:
    app.register_blueprint(bp)
    register_home_panel(
        app,
        key="my_learning",
        permission="learning.track",
        template="courses/_home_my_learning.html",
        order=10,
    )
    register_home_panel(
        app,
        key="course_authoring",
        permission="course.author",
        template="courses/_home_authoring.html",
        order=20,
    )
