"""Trainers move lessons within a module, and modules in the catalogue, one step up or down.

A move swaps the item with its neighbour as learners see the list (archived and, for modules,
unpublished items are skipped), then renumbers the whole list 1, 2, 3... Items whose number changed
are marked order_from_browser so `courses sync` keeps the browser order. Prerequisites name modules
by slug, so they do not change.
"""

from sqlalchemy import select

from core.domain import N_, DomainError
from core.extensions import db
from courses.models import Lesson, Module

DIRECTIONS = ("up", "down")


def _move(items: list, item, direction: str, shown) -> None:
    if direction not in DIRECTIONS:
        raise DomainError(N_("Choose whether to move it up or down."))
    ordered = sorted(items, key=lambda row: (row.order, row.id))
    visible = [row for row in ordered if shown(row) or row is item]
    index = visible.index(item)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(visible):
        raise DomainError(
            N_("It is already at the top.")
            if direction == "up"
            else N_("It is already at the end.")
        )
    neighbour = visible[target]
    ordered.remove(item)
    position = ordered.index(neighbour) + (0 if direction == "up" else 1)
    ordered.insert(position, item)
    for number, row in enumerate(ordered, start=1):
        if row.order != number:
            row.order = number
            row.order_from_browser = True
    db.session.flush()


def move_lesson(lesson: Lesson, direction: str) -> None:
    _move(list(lesson.module.lessons), lesson, direction, lambda row: not row.archived)


def move_module(module: Module, direction: str) -> None:
    modules = list(db.session.scalars(select(Module)))
    _move(modules, module, direction, lambda row: row.published and not row.archived)
