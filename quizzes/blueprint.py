"""The quizzes blueprint (HTML pages under /quizzes/).

Routes live with their part of the area: bank/views*.py, importing/views.py, setup/views.py,
taking/views.py, marking/views.py, statistics/views.py; quizzes.init_app imports them all before
it registers the blueprint. The JSON API has its own blueprint in taking/api.py.
"""

from flask import Blueprint

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")
