"""Things that happened in one area that areas above it may react to (blinker signals).

An area sends its event after the change is flushed, inside the same transaction; a receiver
may add rows to that transaction but never commits. Lower areas send, higher areas listen, so
the arrows still point one way: quizzes never imports certification, it only says "graded".

    events.notify(events.quiz_attempt_graded, user_id=..., quiz_id=..., attempt_id=...)
    @events.quiz_attempt_graded.connect   # in the listening area's init_app
"""

from blinker import NamedSignal, Namespace
from flask import current_app

_signals = Namespace()

lesson_completed = _signals.signal("lesson-completed")  # user_id, module_slug, lesson_id
conduct_acknowledged = _signals.signal("conduct-acknowledged")  # user_id, version
quiz_attempt_graded = _signals.signal("quiz-attempt-graded")  # user_id, quiz_id, attempt_id
case_attempt_graded = _signals.signal("case-attempt-graded")  # user_id, case_id, attempt_id
stage_decision_confirmed = _signals.signal("stage-decision-confirmed")  # cohort_id, stage_id


def notify(signal: NamedSignal, **data) -> None:
    """Send signal from the current app (receivers connected for that app only hear its own)."""
    signal.send(current_app._get_current_object(), **data)
