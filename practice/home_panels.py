"""The practice panel on a trainee's home page: the mistake book and mastery."""

from flask_login import current_user

from core import clock
from courses.results import module_titles
from practice.presenting import book_counts
from practice.progress import half_life_days, my_mastery


def my_practice() -> dict:
    """Book counts and mastery by module and category for the signed-in trainee."""
    now = clock.now_utc()
    modules, categories = my_mastery(current_user.id, now, module_titles())
    return {
        "counts": book_counts(current_user.id, now),
        "modules": modules,
        "categories": categories,
        "half_life": f"{half_life_days():g}",
    }
