"""Roster import: every bad row reported by line; all-or-nothing unless the manager opts in."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from assessment.roster import RosterFileError, import_roster
from core.audit import AuditEvent
from core.extensions import db
from core.models import User
from tests.assessment.factories import make_cohort

GOOD = (
    "姓名,工号,网点,入职日期\n王小明,A1001,城东支行,2026-02-20\n李小红,A1002,城西支行,2026/2/21\n"
)


def _usernames():
    return set(db.session.scalars(select(User.username)))


def test_clean_csv_creates_trainee_accounts_with_one_time_passwords(make_user):
    cohort, _users, _manager = make_cohort(0)
    report = import_roster(cohort, "roster.csv", GOOD.encode("utf-8-sig"), skip_bad=False)
    assert report.imported and report.enrolled == 2 and report.errors == []
    assert [(name, username) for name, username, _pw in report.created] == [
        ("王小明", "A1001"),
        ("李小红", "A1002"),
    ]
    user = db.session.scalar(select(User).where(User.username == "A1001"))
    assert user.roles == {"trainee"} and user.branch == "城东支行"
    assert user.check_password(report.created[0][2])


def test_bad_rows_are_all_reported_and_nothing_is_imported(make_user):
    cohort, (existing,), _manager = make_cohort(1)
    text = (
        "姓名,工号,网点,入职日期\n"
        "王小明,A2001,城东支行,2026-02-20\n"
        ",A2002,城东支行,\n"
        "张三,A2001,城西支行,\n"
        "李四,B9,城西支行,2026-13-40\n"
        f"老学员,{existing.username},城西支行,\n"
    )
    report = import_roster(cohort, "r.csv", text.encode(), skip_bad=False)
    assert not report.imported
    assert [line for line, _msg in report.errors] == [3, 4, 5, 6]
    assert "姓名为空" in report.errors[0][1] or "name is empty" in report.errors[0][1]
    assert "A2001" not in _usernames()


def test_good_rows_only_when_the_manager_chooses(make_user):
    cohort, _users, _manager = make_cohort(0)
    text = "工号,姓名\nA3001,王五\nA3002,\n"
    report = import_roster(cohort, "r.csv", text.encode(), skip_bad=True)
    assert report.imported and report.enrolled == 1
    assert [line for line, _ in report.errors] == [3]
    assert "A3001" in _usernames() and "A3002" not in _usernames()


def test_xlsx_roster_with_numeric_cells(make_user):
    cohort, _users, _manager = make_cohort(0)
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "工号", "网点", "入职日期"])
    sheet.append(["赵六", 40001, "营业部", None])
    out = io.BytesIO()
    book.save(out)
    report = import_roster(cohort, "r.xlsx", out.getvalue(), skip_bad=False)
    assert report.enrolled == 1 and report.created[0][1] == "40001"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("r.txt", b"x"),
        ("r.csv", b""),
        ("r.csv", "姓名,网点\n王,城东\n".encode()),
        ("r.xlsx", b"no"),
    ],
)
def test_unusable_files_are_refused_with_a_message(make_user, name, data):
    cohort, _users, _manager = make_cohort(0)
    with pytest.raises(RosterFileError):
        import_roster(cohort, name, data, skip_bad=False)


def test_imported_trainees_get_passwords_of_the_minimum_length_and_are_audited(app):
    cohort, _users, manager = make_cohort(0)
    report = import_roster(cohort, "roster.csv", GOOD.encode("utf-8-sig"), skip_bad=False)
    assert [len(password) for _name, _number, password in report.created] == [12, 12]
    created = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.created"))
    assert sorted(e.target_label for e in created) == ["A1001", "A1002"]
