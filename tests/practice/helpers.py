"""Shared steps of the practice tests: a module quiz missed three times, practice answers."""

from datetime import timedelta

from core import clock
from practice import sets
from quizzes.question_types import question_type
from tests.quizzes.quiz_factories import T0, make_quiz, take


def missed_module_quiz(user, module_slug="post-loan-basics", misses=3, total=5):
    """A module quiz of single-choice questions; the trainee gets the last `misses` wrong."""
    quiz = make_quiz(types=["single"] * total, module_slug=module_slug, commit=False)
    attempt = take(quiz, user, right=total - misses, when=T0)
    return quiz, attempt


def right(item_or_spec):
    spec = item_or_spec if isinstance(item_or_spec, dict) else item_or_spec.spec
    return question_type(spec).right_response(spec)


def wrong(item_or_spec):
    spec = item_or_spec if isinstance(item_or_spec, dict) else item_or_spec.spec
    return question_type(spec).wrong_response(spec)


def practise_due(user, now, answer=right):
    """Start a set of what is due at now and check every question with answer(item)."""
    clock.set_now(now)
    source = sets.SetSource(sets.DUE, question_ids=tuple(sets.due_question_ids(user.id, now)))
    practice_set = sets.start_set(user, source, now)
    results = [
        sets.check_answer(practice_set, item.question_id, answer(item), now)
        for item in practice_set.items
    ]
    return practice_set, results


def open_entry_ids(user):
    return sorted(e.question_id for e in sets.open_entries(user.id))


def days(n):
    return timedelta(days=n)
