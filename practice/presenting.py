"""What the book, practice and feedback pages show, built from the quizzes' question types."""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from core.clock import to_local
from core.i18n import translated
from core.markdown import render_markdown
from practice.models import BookEntry, PracticeItem
from practice.schedule import LeitnerRule, is_due
from practice.sets import CheckResult, open_entries
from quizzes.grading import feedback_for, right_answer_summary
from quizzes.question_types import question_type


def answer_words(spec: dict, response) -> str:
    if response in (None, "", [], {}):
        return _("(not answered)")
    return translated(question_type(spec).response_words(spec, response))


def explanation(spec: dict) -> dict:
    """The right answer, the general feedback (explanation) of a spec."""
    general = spec.get("general_feedback", "") or ""
    return {
        "right_answer": translated(right_answer_summary(spec)),
        "explanation_html": str(render_markdown(general)) if general.strip() else "",
    }


def entry_view(entry: BookEntry, now: datetime) -> dict:
    """One book entry as the trainee answered it (that version), with its schedule."""
    spec = entry.version.spec
    question = entry.question
    return {
        "entry": entry,
        "name": spec.get("name", ""),
        "text_html": str(render_markdown(spec.get("text", ""))),
        "answer": answer_words(spec, entry.response),
        **explanation(spec),
        "box": entry.streak + 1,
        "due": is_due(entry.due_at, now),
        "due_local": to_local(entry.due_at),
        "archived": question.archived,
        "changed": question.latest.id != entry.version_id,
    }


@dataclass
class CategoryGroup:
    path: str
    entries: list[dict] = field(default_factory=list)


@dataclass
class ModuleGroup:
    slug: str | None
    title: str
    categories: dict[str, CategoryGroup] = field(default_factory=dict)
    count: int = 0


def book_groups(user_id: int, now: datetime, module_titles: dict[str, str]) -> list[ModuleGroup]:
    """Open entries grouped by module (course order), then by question category."""
    modules: dict[str | None, ModuleGroup] = {}
    for entry in open_entries(user_id):
        slug = entry.module_slug
        if slug not in modules:
            title = module_titles.get(slug, slug) if slug else _("Not part of a module")
            modules[slug] = ModuleGroup(slug, title)
        group = modules[slug]
        path = entry.question.category.path
        group.categories.setdefault(path, CategoryGroup(path)).entries.append(
            entry_view(entry, now)
        )
        group.count += 1
    order = list(module_titles)
    return sorted(
        modules.values(),
        key=lambda g: (g.slug is None, order.index(g.slug) if g.slug in order else 999, g.title),
    )


def schedule_rows(rule: LeitnerRule) -> list[dict]:
    """The schedule in words for the book page."""
    rows = [{"box": 1, "when": _("due at once (the day of the miss)")}]
    for box, days in rule.boxes():
        rows.append(
            {
                "box": box,
                "when": _("due %(days)d days after correct answer no. %(n)d", days=days, n=box - 1),
            }
        )
    return rows


def practice_item_view(item: PracticeItem, present) -> dict:
    """A practice question (current version) plus, once checked, its feedback."""
    data = present(item)
    data["checked"] = item.checked_at is not None
    if data["checked"]:
        data.update(feedback_view(item))
    return data


def feedback_view(item: PracticeItem) -> dict:
    spec = item.spec
    fraction = item.fraction or 0
    return {
        "result": "right" if fraction >= 1 else ("partial" if fraction > 0 else "wrong"),
        "fraction": fraction,
        "feedback": feedback_for(spec, item.response),
        "your_answer": answer_words(spec, item.response),
        **explanation(spec),
    }


def schedule_note(result: CheckResult, rule: LeitnerRule) -> str:
    """What the answer did to the question's place in the mistake book, in words."""
    entry = result.entry
    if result.outcome == "left":
        return _(
            "Correct %(n)d times in a row: the question leaves your mistake book.",
            n=rule.correct_in_a_row,
        )
    if result.outcome == "missed":
        return _("In your mistake book, box 1: it is due again at once.")
    date = to_local(entry.due_at).strftime("%Y-%m-%d") if entry is not None else ""
    if result.outcome == "moved":
        return _(
            "Box %(box)d of %(boxes)d: it returns on %(date)s.",
            box=entry.streak + 1,
            boxes=rule.correct_in_a_row,
            date=date,
        )
    if result.outcome == "early":
        return _(
            "Not due until %(date)s: a correct answer before then does not move it.", date=date
        )
    return _("Not in your mistake book.")


def book_counts(user_id: int, now: datetime) -> dict[str, int]:
    """Open entries and those due now (archived questions are never due)."""
    entries = open_entries(user_id)
    due = [e for e in entries if is_due(e.due_at, now) and not e.question.archived]
    return {"open": len(entries), "due": len(due)}
