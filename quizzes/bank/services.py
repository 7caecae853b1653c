"""Question bank services: categories, questions and their versions, search, archive.

Also the bank's read functions for the rest of the quizzes area (the quiz engine draws questions
from categories and pins attempts to versions). Services flush, never commit.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from core.domain import N_, DomainError, NotFound
from core.extensions import db
from quizzes.models.bank import Question, QuestionCategory, QuestionTag, QuestionVersion

PAGE_SIZE = 50
# Keys that describe where a question is filed, not what a trainee sees: changing them never
# creates a new version.
FILING_KEYS = ("category", "tags", "line")
ATTEMPT_COUNTERS = "question_attempt_counters"


class QuestionInvalid(DomainError):
    """A question spec that cannot be saved."""


# --- reads -----------------------------------------------------------------------------------


def get_question(question_id: int) -> Question:
    """The question, or NotFound."""
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound(N_("This question does not exist."))
    return question


def questions_by_ids(ids) -> list[Question]:
    """The questions among ids that exist, with their versions (for bulk actions)."""
    if not ids:
        return []
    query = (
        select(Question).where(Question.id.in_(list(ids))).options(selectinload(Question.versions))
    )
    return list(db.session.scalars(query.order_by(Question.id)))


def get_version(question: Question, number: int) -> QuestionVersion:
    """One version of a question by its number, or NotFound."""
    for version in question.versions:
        if version.number == number:
            return version
    raise NotFound(N_("This version does not exist."))


def get_category(category_id: int) -> QuestionCategory:
    category = db.session.get(QuestionCategory, category_id)
    if category is None:
        raise NotFound(N_("This category does not exist."))
    return category


def find_category(category_id: int | None) -> QuestionCategory | None:
    """The category, or None when there is no such category (or no usable id)."""
    if not isinstance(category_id, int) or not 0 < category_id < 2**31:
        return None
    return db.session.get(QuestionCategory, category_id)


def active_questions_in_category(category_id: int, include_subcategories: bool = True) -> list:
    """Questions not archived in a category (and its subcategories), for quizzes to draw from."""
    category = get_category(category_id)
    return list(
        db.session.scalars(
            select(Question)
            .join(QuestionCategory, Question.category_id == QuestionCategory.id)
            .where(Question.archived.is_(False), _in_category(category, include_subcategories))
            .options(selectinload(Question.versions))
            .order_by(Question.id)
        )
    )


def question_attempt_count(question_id: int) -> int:
    """Attempts that saw any version of this question, counted by the hooks other modules add."""
    counters = current_app.extensions.get(ATTEMPT_COUNTERS, [])
    return sum(int(counter(question_id) or 0) for counter in counters)


def question_has_attempts(question_id: int) -> bool:
    """Whether a trainee has already answered (or started) this question in some attempt."""
    return question_attempt_count(question_id) > 0


# --- categories ------------------------------------------------------------------------------


@dataclass
class CategoryNode:
    category: QuestionCategory
    own_count: int = 0
    children: list[CategoryNode] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.own_count + sum(child.total for child in self.children)


def category_tree() -> list[CategoryNode]:
    """Every category with its count of active questions, as a forest sorted by path."""
    counts = dict(
        db.session.execute(
            select(Question.category_id, func.count(Question.id))
            .where(Question.archived.is_(False))
            .group_by(Question.category_id)
        ).all()
    )
    nodes: dict[int, CategoryNode] = {}
    roots: list[CategoryNode] = []
    for category in db.session.scalars(select(QuestionCategory).order_by(QuestionCategory.path)):
        node = CategoryNode(category, counts.get(category.id, 0))
        nodes[category.id] = node
        parent = nodes.get(category.parent_id) if category.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def flat_categories(tree: list[CategoryNode] | None = None) -> list[tuple[QuestionCategory, int]]:
    """(category, depth) in tree order, for select boxes."""
    rows: list[tuple[QuestionCategory, int]] = []

    def walk(nodes: list[CategoryNode], depth: int) -> None:
        for node in nodes:
            rows.append((node.category, depth))
            walk(node.children, depth + 1)

    walk(category_tree() if tree is None else tree, 0)
    return rows


def ensure_category(path: str) -> QuestionCategory:
    """Find or create the category at path ("贷后学堂/预警"); blank parts are ignored."""
    cleaned = "/".join(part.strip() for part in (path or "").split("/") if part.strip())
    if not cleaned:
        raise QuestionInvalid(N_("Give the category a name."))
    if len(cleaned) > 1000 or any(len(part) > 200 for part in cleaned.split("/")):
        raise QuestionInvalid(N_("The category name is too long."))
    return QuestionCategory.ensure_path(cleaned)


def already_in_bank(specs: list[dict]) -> set[tuple[str, str]]:
    """(category path, name) pairs of specs that match an active question already in the bank."""
    names = {spec.get("name", "") for spec in specs}
    if not names:
        return set()
    rows = db.session.execute(
        select(QuestionCategory.path, Question.name)
        .join(Question, Question.category_id == QuestionCategory.id)
        .where(Question.name.in_(names), Question.archived.is_(False))
    )
    wanted = {(spec.get("category") or "", spec.get("name", "")) for spec in specs}
    return {(path, name) for path, name in rows} & wanted


def all_tags() -> list[str]:
    return list(db.session.scalars(select(QuestionTag.name).distinct().order_by(QuestionTag.name)))


# --- search ----------------------------------------------------------------------------------


@dataclass
class BankFilter:
    category_id: int | None = None
    include_subcategories: bool = True
    tag: str = ""
    qtype: str = ""
    text: str = ""
    archived: bool = False
    page: int = 1


@dataclass
class BankPage:
    questions: list[Question]
    total: int
    page: int
    pages: int


def _in_category(category: QuestionCategory, include_subcategories: bool):
    if not include_subcategories:
        return Question.category_id == category.id
    return or_(
        QuestionCategory.id == category.id,
        QuestionCategory.path.startswith(category.path + "/", autoescape=True),
    )


def search_questions(criteria: BankFilter) -> BankPage:
    """One page of questions matching the filter, newest first."""
    query = select(Question).join(QuestionCategory, Question.category_id == QuestionCategory.id)
    query = query.where(Question.archived.is_(criteria.archived))
    if criteria.category_id:
        category = db.session.get(QuestionCategory, criteria.category_id)
        if category is None:
            return BankPage([], 0, 1, 1)
        query = query.where(_in_category(category, criteria.include_subcategories))
    if criteria.tag:
        tagged = select(QuestionTag.question_id).where(QuestionTag.name == criteria.tag)
        query = query.where(Question.id.in_(tagged))
    if criteria.qtype:
        query = query.where(Question.type == criteria.qtype)
    for word in criteria.text.casefold().split():
        query = query.where(Question.search_text.contains(word, autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, criteria.page), pages)
    rows = db.session.scalars(
        query.options(selectinload(Question.versions), selectinload(Question.category))
        .order_by(QuestionCategory.path, Question.name, Question.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return BankPage(list(rows), total, page, pages)


def search_text_for(spec: dict) -> str:
    """Lower-cased words a trainer may search for: name, text, feedback and every answer."""
    parts = [spec.get("name", ""), spec.get("text", ""), spec.get("general_feedback", "")]
    for key in ("choices", "answers"):
        for entry in spec.get(key) or []:
            parts += [entry.get("text", ""), entry.get("feedback", "")]
    for pair in spec.get("pairs") or []:
        parts += [pair.get("left", ""), pair.get("right", "")]
    parts += [str(item) for item in spec.get("items") or []]
    parts += [str(entry.get("value", "")) for entry in spec.get("numerical_answers") or []]
    return " ".join(str(p) for p in parts if p).casefold()


# --- writes ----------------------------------------------------------------------------------


def _content(spec: dict) -> dict:
    return {k: v for k, v in spec.items() if k not in FILING_KEYS}


def _clean_tags(tags) -> list[str]:
    cleaned: list[str] = []
    for tag in tags or []:
        tag = " ".join(str(tag).split())[:60]
        if tag and tag not in cleaned:
            cleaned.append(tag)
    return cleaned


def _filed_spec(spec: dict, category: QuestionCategory, tags: list[str]) -> dict:
    stored = copy.deepcopy(_content(spec))
    stored["category"] = category.path
    stored["tags"] = tags
    return stored


def create_question(
    spec: dict,
    category: QuestionCategory,
    *,
    user_id: int | None = None,
    source_key: str | None = None,
    note: str = "",
) -> Question:
    """A new question with its first version; spec must already be valid."""
    tags = _clean_tags(spec.get("tags"))
    name = (spec.get("name") or "").strip()[:255]
    if not name:
        raise QuestionInvalid(N_("Give the question a name."))
    stored = _filed_spec({**spec, "name": name}, category, tags)
    question = Question(
        category=category,
        name=name,
        type=spec["type"],
        source_key=source_key,
        created_by_id=user_id,
        search_text=search_text_for(stored),
    )
    question.tags = [QuestionTag(name=tag) for tag in tags]
    question.versions = [
        QuestionVersion(number=1, spec=stored, created_by_id=user_id, change_note=note[:500])
    ]
    db.session.add(question)
    db.session.flush()
    return question


def update_question(
    question: Question,
    spec: dict,
    category: QuestionCategory,
    *,
    user_id: int | None = None,
    note: str = "",
) -> QuestionVersion:
    """Save an edit. With attempts a changed content becomes a new version; otherwise the latest
    version is updated in place. Filing (category, tags) never makes a version."""
    if spec.get("type") != question.type:
        raise QuestionInvalid(N_("The type of a saved question cannot change."))
    name = (spec.get("name") or "").strip()[:255]
    if not name:
        raise QuestionInvalid(N_("Give the question a name."))
    tags = _clean_tags(spec.get("tags"))
    stored = _filed_spec({**spec, "name": name}, category, tags)
    latest = question.latest
    content_changed = _content(stored) != _content(latest.spec)
    if content_changed and question_has_attempts(question.id):
        latest = QuestionVersion(
            question=question,
            number=latest.number + 1,
            spec=stored,
            created_by_id=user_id,
            change_note=note[:500],
        )
        db.session.add(latest)
    else:
        latest.spec = stored  # a new dict, so the JSON column sees the change
        if content_changed:
            latest.created_by_id = user_id
            latest.change_note = note[:500] or latest.change_note
    question.name = name
    question.category = category
    question.search_text = search_text_for(stored)
    if sorted(tags) != question.tag_names:
        question.tags = [QuestionTag(name=tag) for tag in tags]
    db.session.flush()
    return latest


def edit_token(question: Question) -> str:
    """A fingerprint of what an editor starts from; it changes with every save of the question."""
    state = [question.latest.number, question.latest.spec, question.category_id, question.tag_names]
    raw = json.dumps(state, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def saved_meanwhile(question: Question, token: str | None) -> bool:
    """Whether someone saved the question after the editor (holding token) opened it."""
    return bool(token) and token != edit_token(question)


def set_archived(question: Question, archived: bool) -> None:
    """Archived questions leave the bank's list and random draws; attempts keep them."""
    question.archived = archived
    db.session.flush()


def exportable_specs(category: QuestionCategory, include_subcategories: bool = True) -> list:
    """Latest specs of the active questions of a category, ready for export_gift / export_aiken."""
    specs = []
    for question in active_questions_in_category(category.id, include_subcategories):
        spec = copy.deepcopy(question.latest.spec)
        spec["category"] = question.category.path
        spec["tags"] = question.tag_names
        specs.append(spec)
    specs.sort(key=lambda s: s["category"])  # stable: keeps id order inside a category
    return specs
