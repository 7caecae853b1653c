"""Display labels for tags. Module titles come from the courses area (courses.results)."""

from flask_babel import lazy_gettext as _l

from core.i18n import translated
from core.messages import listing
from courses import results as courses_results

RISK_TYPES = {
    "fraud": _l("Fraud and false documents"),
    "diversion": _l("Diversion of loan funds"),
    "repayment": _l("Repayment"),
    "conduct": _l("Professional conduct"),
    "operating": _l("Business operations"),
}

DIFFICULTIES = {1: _l("Basic"), 2: _l("Intermediate"), 3: _l("Advanced")}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "published": _l("Published"),
}


def module_titles() -> dict[str, str]:
    return courses_results.module_titles()


def module_title(slug: str) -> str:
    return module_titles().get(slug, slug)


def risk_label(slug: str) -> str:
    return str(RISK_TYPES.get(slug, slug))


def difficulty_label(level: int) -> str:
    return str(DIFFICULTIES.get(level, level))


TASK_KIND_LABELS = {
    "red_flags": _l("Spot the red flags"),
    "ordering": _l("Put in order"),
    "numeric": _l("Calculation"),
    "free_text": _l("Written analysis"),
}


SETTING_LABELS = {
    "slug": _l("Short name"),
    "modules": _l("Course modules"),
    "risk_type": _l("Risk type"),
    "difficulty": _l("Difficulty"),
    "retakes_allowed": _l("Retakes allowed"),
}


def setting_text(key: str, value) -> str:
    """A case setting (see models.SETTINGS) as the reader knows it."""
    if key == "modules":
        return translated(listing(module_title(slug) for slug in value)) or "—"
    if key == "risk_type":
        return risk_label(value)
    if key == "difficulty":
        return difficulty_label(value)
    return str(value)


def settings_text(source) -> str:
    """A case's or a version's settings, one "name: value" line each (for diffs)."""
    return "\n".join(
        f"{label}: {setting_text(key, getattr(source, key))}"
        for key, label in SETTING_LABELS.items()
    )
