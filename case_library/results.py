"""Small read functions other areas may call (assessment, courses, practice)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask import url_for
from sqlalchemy import select

from case_library import scoring
from case_library.attempts import attempt_percent, counted_attempts, counted_percent
from case_library.models import Case, CaseAttempt, CaseVersion
from core.extensions import db
from core.permissions import has_permission
from courses.related import CASE, RelatedLink


def case_score(user_id: int, case_id: int) -> Decimal | None:
    """Final score in percent (0–100, two decimals) of the attempt that counts (the latest
    fully graded one, see README "Retakes"); None until one is graded."""
    return counted_percent(user_id, case_id)


def case_scores(case_id: int, user_ids: list[int]) -> dict[int, Decimal | None]:
    """``case_score`` for many trainees in two queries: {user id: percent or None}."""
    user_ids = list(user_ids)
    counted = counted_attempts(user_ids, [case_id])
    version_ids = {attempt.version_id for attempt in counted.values()}
    # Held here (the session only keeps weak references), so ``attempt.version`` inside
    # attempt_percent is found in the session instead of costing a query per version.
    versions = list(db.session.scalars(select(CaseVersion).where(CaseVersion.id.in_(version_ids))))
    scores = {uid: attempt_percent(counted.get((uid, case_id))) for uid in user_ids}
    del versions
    return scores


def case_choices() -> list[tuple[int, str]]:
    """Published cases as (id, title), by title, for pickers in other areas."""
    cases = db.session.scalars(
        select(Case).where(Case.published_version_id.is_not(None)).order_by(Case.title)
    )
    return [(case.id, case.title) for case in cases]


def cases_for_module(module_slug: str) -> list[tuple[str, str]]:
    """Published cases tagged with a course module, as (slug, title); link with
    url_for("case_library.case_page", slug=slug)."""
    cases = db.session.scalars(
        select(Case).where(Case.published_version_id.is_not(None)).order_by(Case.title)
    )
    return [(c.slug, c.title) for c in cases if module_slug in (c.modules or [])]


def related_case_links(user, module_slug: str) -> list[RelatedLink]:
    """The module page's links to cases tagged with it, for users who may read cases
    (a courses.related provider, registered in case_library.init_app)."""
    if not has_permission(user, "case.read"):
        return []
    return [
        RelatedLink(CASE, title, url_for("case_library.case_page", slug=slug))
        for slug, title in cases_for_module(module_slug)
    ]


def published_cases() -> list[tuple[int, str, str]]:
    """Published cases as (id, slug, title), by title; link with
    url_for("case_library.case_page", slug=slug)."""
    rows = db.session.execute(
        select(Case.id, Case.slug, Case.title)
        .where(Case.published_version_id.is_not(None))
        .order_by(Case.title)
    )
    return [(case_id, slug, title) for case_id, slug, title in rows]


@dataclass(frozen=True)
class AutoTaskResult:
    """One automatically scored task of a case attempt, in words (the practice area files the
    misses in the trainee's mistake book)."""

    user_id: int
    case_id: int
    case_slug: str
    case_title: str
    version_id: int
    task_id: str
    prompt: str
    answer: str  # the trainee's answer in words
    right_answer: str
    explanation: str
    fraction: Decimal  # of the task's points, 0-1
    answered_at: datetime
    module_slug: str | None  # the case's first course module


def _option_texts(task: Mapping, ids) -> list[str]:
    texts = {option["id"]: option["text"] for option in task["options"]}
    return [texts[i] for i in ids if i in texts]


def _answer_words(task: Mapping, answer) -> str:
    if task["kind"] == "red_flags":
        return "；".join(_option_texts(task, answer or []))
    if task["kind"] == "ordering":
        steps = task["steps"]
        return " → ".join(
            steps[i] for i in (answer or []) if isinstance(i, int) and 0 <= i < len(steps)
        )
    return f"{answer} {task.get('unit', '')}".strip() if answer not in (None, "") else ""


def _right_words(task: Mapping) -> str:
    if task["kind"] == "red_flags":
        return "；".join(o["text"] for o in task["options"] if o["is_flag"])
    if task["kind"] == "ordering":
        return " → ".join(task["steps"])
    tolerance = Decimal(str(task.get("tolerance", "0")))
    within = f" ± {tolerance}" if tolerance else ""
    return f"{task['answer']}{within} {task.get('unit', '')}".strip()


def _explanation(task: Mapping) -> str:
    if task["kind"] == "red_flags":
        return "；".join(f"{o['text']}：{o['why']}" for o in task["options"] if o.get("why"))
    return str(task.get("explanation", "") or "")


def auto_task_results(attempt_id: int) -> list[AutoTaskResult]:
    """The automatically scored tasks of a case attempt with their scores, in task order."""
    attempt = db.session.get(CaseAttempt, attempt_id)
    if attempt is None:
        return []
    version = attempt.version
    results = []
    for task in version.tasks:
        if task["kind"] not in scoring.AUTO_KINDS or task["id"] not in attempt.task_scores:
            continue
        points = Decimal(str(task["points"]))
        score = Decimal(str(attempt.task_scores[task["id"]]))
        answer = (attempt.answers or {}).get(task["id"])
        results.append(
            AutoTaskResult(
                user_id=attempt.user_id,
                case_id=attempt.case_id,
                case_slug=attempt.case.slug,
                case_title=version.title,
                version_id=version.id,
                task_id=task["id"],
                prompt=task["prompt"],
                answer=_answer_words(task, answer),
                right_answer=_right_words(task),
                explanation=_explanation(task),
                fraction=(score / points).quantize(Decimal("0.0001")) if points else Decimal(1),
                answered_at=attempt.submitted_at,
                module_slug=(version.modules or [None])[0],
            )
        )
    return results
