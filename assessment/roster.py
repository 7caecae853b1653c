"""Roster import (花名册导入): CSV or XLSX with name, employee number, branch and hire date.

Every bad row is reported with its line number. By default nothing is imported until the file is
clean; with ``skip_bad=True`` the good rows are imported and the bad ones listed as skipped.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import load_workbook
from sqlalchemy import func, select

from assessment.enrolment_rule import make_room
from assessment.models import Cohort, Enrolment
from assessment.services import enrol
from core.clock import LOCAL_TZ, now_utc
from core.errors import Conflict, DomainError, describe
from core.extensions import db
from core.models import User

HEADERS = {
    "name": ("姓名", "name", "full name"),
    "employee_number": ("工号", "员工编号", "employee number", "employee_number"),
    "branch": ("网点", "支行", "机构", "branch"),
    "hire_date": ("入职日期", "hire date", "hire_date"),
}
NUMBER = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")

# Limits of an uploaded roster or KPI file (also read by assessment.kpi_import). An XLSX file is
# a zip of XML that states its own size: openpyxl pads every row to the width the sheet claims
# and every gap to the rows it claims, so a 5 KB file claiming A1:XFD300 became 4.9 million
# cells. A claim beyond the limits is refused, and reading stops at them whatever the claim.
MAX_UPLOAD = 2 * 1024 * 1024  # bytes as uploaded
MAX_UNPACKED = 20 * 1024 * 1024  # bytes an XLSX may unpack to (a roster of 5,000 is ~2 MB)
MAX_ROWS = 5000  # trainees or KPI lines, after the header row
MAX_COLUMNS = 100  # columns read; the headers looked for must be among them


class RosterFileError(DomainError):
    status_code = 422


@dataclass
class RosterRow:
    line: int
    name: str
    employee_number: str
    branch: str
    hire_date: date | None


@dataclass
class RosterReport:
    good: list[RosterRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: list[tuple[str, str, str]] = field(default_factory=list)  # name, username, password
    enrolled: int = 0
    imported: bool = False


def _too_large() -> RosterFileError:
    return RosterFileError(
        _(
            "The sheet is too large: a file may have at most %(rows)d lines below the header "
            "and %(columns)d columns. Delete the unused rows and columns, or split the file.",
            rows=MAX_ROWS,
            columns=MAX_COLUMNS,
        )
    )


def _within_limits(rows: Iterable) -> list[list]:
    """The header and at most MAX_ROWS rows (trailing empty cells dropped, MAX_COLUMNS at
    most); a row with content beyond them refuses the file instead of being dropped."""
    kept: list[list] = []
    for row in rows:
        values = list(row[:MAX_COLUMNS])
        while values and values[-1] in (None, ""):
            values.pop()
        if len(kept) <= MAX_ROWS:
            kept.append(values)
        elif values:
            raise _too_large()
    return kept


def _xlsx_rows(data: bytes) -> list[list]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise RosterFileError(_("The XLSX file could not be read.")) from None
    if unpacked > MAX_UNPACKED:
        raise _too_large()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.active
        if (sheet.max_row or 0) > MAX_ROWS + 1 or (sheet.max_column or 0) > MAX_COLUMNS:
            raise _too_large()  # the sheet's own claim (its <dimension>)
        # Rows are padded to this width: the claimed one when there is a claim.
        width = sheet.max_column or MAX_COLUMNS
        # One row past the limit, so that a sheet understating its rows is refused too.
        rows = sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=width, values_only=True)
        kept = _within_limits(rows)
        book.close()
        return kept
    except RosterFileError:
        raise
    except Exception:  # openpyxl raises many types for a damaged file
        raise RosterFileError(_("The XLSX file could not be read.")) from None


def _csv_rows(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterFileError(_("The CSV file is not in UTF-8 or GBK encoding."))
    try:
        return _within_limits(csv.reader(io.StringIO(text)))
    except csv.Error:  # e.g. a field longer than the csv module allows
        raise RosterFileError(_("The CSV file could not be read.")) from None


def read_rows(filename: str, data: bytes) -> list[list]:
    """The rows of an uploaded CSV or XLSX file (header first), within the limits above."""
    if len(data) > MAX_UPLOAD:
        raise RosterFileError(_("The file is larger than 2 MB."))
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.endswith(".csv"):
        return _csv_rows(data)
    raise RosterFileError(_("Upload a .csv or .xlsx file."))


def _columns(header: list) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(header):
        label = str(cell or "").strip().lower()
        for key, names in HEADERS.items():
            if label in names:
                found[key] = index
    missing = [HEADERS[k][0] for k in ("name", "employee_number") if k not in found]
    if missing:
        raise RosterFileError(
            _("The first row must name the columns; missing: %(cols)s", cols="、".join(missing))
        )
    return found


def cell_value(row: list, index: int | None) -> object:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    return row[index]


def _hire_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    return date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))


def check_roster(
    cohort: Cohort, filename: str, data: bytes, by: User | None = None
) -> RosterReport:
    """Read and check every row as ``by`` would enrol them (None: a shell command); nothing is
    written."""
    rows = read_rows(filename, data)
    if not rows:
        raise RosterFileError(_("The file is empty."))
    columns = _columns(rows[0])
    report, seen = RosterReport(), {}
    enrolled = set(
        db.session.scalars(
            select(func.lower(User.username))
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.cohort_id == cohort.id)
        )
    )
    accounts = {u.username.lower(): u for u in db.session.scalars(select(User))}
    today = now_utc().astimezone(LOCAL_TZ).date()
    for line, raw in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in raw):
            continue
        name = str(cell_value(raw, columns.get("name"))).strip()
        number = str(cell_value(raw, columns.get("employee_number"))).strip()
        if number.endswith(".0") and number[:-2].isdigit():
            number = number[:-2]  # a number cell in a spreadsheet
        branch = str(cell_value(raw, columns.get("branch"))).strip()
        problems = []
        if not name:
            problems.append(_("name is empty"))
        if not NUMBER.match(number):
            problems.append(_("employee number %(n)s is not valid", n=number or "—"))
        elif number.lower() in seen:
            problems.append(_("employee number repeats line %(line)d", line=seen[number.lower()]))
        elif number.lower() in enrolled:
            problems.append(_("%(n)s is already enrolled", n=number))
        elif number.lower() in accounts:
            problem = _account_problem(accounts[number.lower()], number, cohort, by, today)
            if problem:
                problems.append(problem)
        try:
            hire = _hire_date(cell_value(raw, columns.get("hire_date")))
        except ValueError:
            hire = None
            problems.append(_("hire date is not a date like 2026-03-01"))
        if len(branch) > 120:
            problems.append(_("branch is longer than 120 characters"))
        if problems:
            report.errors.append((line, ";".join(problems)))
        else:
            seen[number.lower()] = line
            report.good.append(RosterRow(line, name, number, branch, hire))
    if not report.good and not report.errors:
        raise RosterFileError(_("The file has no trainee rows."))
    return report


def _account_problem(user: User, number: str, cohort: Cohort, by, today) -> str | None:
    """Why an existing account cannot be enrolled (naming only the number), or None."""
    if "trainee" not in user.roles:
        return _("%(n)s belongs to an account that is not a trainee", n=number)
    try:
        make_room(user, cohort, by, today)
    except Conflict as refused:
        return f"{number}: {describe(refused)}"
    return None


def import_roster(
    cohort: Cohort, filename: str, data: bytes, *, skip_bad: bool, by: User | None = None
) -> RosterReport:
    """Check the file; enrol every row if clean, or the good rows if ``skip_bad``."""
    report = check_roster(cohort, filename, data, by)
    if report.errors and not skip_bad:
        return report
    for row in report.good:
        _enrolment, password = enrol(
            cohort,
            name=row.name,
            employee_number=row.employee_number,
            branch=row.branch,
            hire_date=row.hire_date,
            by=by,
        )
        if password:
            report.created.append((row.name, row.employee_number, password))
        report.enrolled += 1
    report.imported = True
    return report
