"""Who may open which run: a trainee their own; reviewers any (through the review routes)."""

from flask import abort

from core.extensions import db
from simulator.models import Run


def run_or_404(run_id: int) -> Run:
    return db.session.get(Run, run_id) or abort(404)


def own_run_or_404(run_id: int, user) -> Run:
    """Another trainee's run looks exactly like a run that does not exist."""
    run = db.session.get(Run, run_id)
    if run is None or run.user_id != user.id:
        abort(404)
    return run
