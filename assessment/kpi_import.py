"""KPI import: a CSV or XLSX of employee number and value for one month (all-or-nothing)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from assessment import score_entries, services
from assessment.models import Component, Enrolment
from assessment.roster import RosterFileError, cell_value, read_rows
from core.extensions import db
from core.models import User

NUMBER_HEADERS = ("工号", "员工编号", "employee number", "employee_number", "用户名", "username")
VALUE_HEADERS = ("数值", "值", "value", "kpi")


def import_kpis(component: Component, month: str, filename: str, data: bytes, user: User):
    """Returns (saved count, [(line, problem)]); nothing is saved while any line is bad."""
    if component.kind != "kpi":
        raise services.CohortInputError(_("This component is not a KPI."))
    rows = read_rows(filename, data)
    if not rows:
        raise RosterFileError(_("The file is empty."))
    header = [str(c or "").strip().lower() for c in rows[0]]
    number_col = next((i for i, h in enumerate(header) if h in NUMBER_HEADERS), None)
    value_col = next((i for i, h in enumerate(header) if h in VALUE_HEADERS), None)
    if number_col is None or value_col is None:
        raise RosterFileError(
            _("The first row must name the columns; missing: %(cols)s", cols="工号、数值")
        )
    trainees = {}
    for uid, username, number in db.session.execute(
        select(User.id, User.username, User.employee_number)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == component.stage.cohort_id)
    ):
        trainees[username.lower()] = uid
        if number:
            trainees[number.lower()] = uid
    values, errors, seen = {}, [], {}
    for line, raw in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in raw):
            continue
        number = str(cell_value(raw, number_col)).strip()
        if number.endswith(".0") and number[:-2].isdigit():
            number = number[:-2]
        text = str(cell_value(raw, value_col)).strip().replace(",", "")
        uid = trainees.get(number.lower())
        if uid is None:
            errors.append((line, _("%(n)s is not enrolled in this cohort", n=number or "—")))
            continue
        if uid in seen:
            errors.append((line, _("employee number repeats line %(line)d", line=seen[uid])))
            continue
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.append((line, _("value %(v)s is not a number", v=text or "—")))
            continue
        seen[uid] = line
        values[uid] = str(value)
    if errors:
        return 0, errors
    return score_entries.save_kpis(component, month, values, user), []
