"""Uploaded rosters and KPI files are read within fixed limits (issue 11: spreadsheet bomb).

An XLSX file states its own size in its <dimension>; openpyxl pads every row to the width the
sheet claims and every gap to the rows it claims. A few kilobytes claiming A1:XFD1048576 must
be refused at once, never turned into millions of cells.
"""

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from assessment.kpi_import import import_kpis
from assessment.roster import MAX_ROWS, MAX_UNPACKED, RosterFileError, import_roster, read_rows
from tests.assessment.factories import add_kpi, add_stage, make_cohort

CELL_BUDGET = 200_000  # far more than any allowed sheet needs (5,001 rows × a few columns)


class Runaway(BaseException):
    """Raised when a reader produces more cells than any allowed sheet has (not an Exception,
    so that no `except Exception` in the code under test can swallow it)."""


@pytest.fixture
def cells_produced(monkeypatch):
    """Counts the cells openpyxl hands out while reading sheets; stops a runaway read."""
    produced = [0]
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            produced[0] += len(row)
            if produced[0] > CELL_BUDGET:
                raise Runaway(f"{produced[0]} cells produced")
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return produced


def _xlsx(rows, *, claim: str | None = None, far_cell: int | None = None) -> bytes:
    """An XLSX file of rows; ``claim`` rewrites the sheet's <dimension ref>, ``far_cell`` puts
    one value in column A of that row (a gap of empty rows before it)."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far_cell:
        sheet.cell(row=far_cell, column=1, value="x")
    out = io.BytesIO()
    book.save(out)
    if claim is None:
        return out.getvalue()
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{claim}"'.encode(), data
                )
                assert count == 1
            target.writestr(item, data)
    return patched.getvalue()


ROSTER = [
    ["姓名", "工号", "网点"],
    ["王小明", "B1001", "城东支行"],
    ["李小红", "B1002", "城西支行"],
]


@pytest.mark.parametrize(
    ("claim", "far_cell"),
    [
        ("A1:XFD300", 300),  # 300 rows × 16,384 columns: 4.9 million cells
        ("A1:XFD1048576", None),  # a million rows claimed
        ("A1:C1048576", 1048576),  # a million rows, a real cell at the end
    ],
)
def test_a_roster_claiming_a_huge_sheet_is_refused_at_once(
    make_user, cells_produced, claim, far_cell
):
    cohort, _users, _manager = make_cohort(0)
    data = _xlsx(ROSTER, claim=claim, far_cell=far_cell)
    assert len(data) < 10_000
    started = time.perf_counter()
    with pytest.raises(RosterFileError) as refused:
        import_roster(cohort, "r.xlsx", data, skip_bad=False)
    assert time.perf_counter() - started < 5
    assert cells_produced[0] < 1_000
    assert "表格过大" in str(refused.value)  # raised in Chinese, the default language


def test_a_kpi_file_claiming_a_huge_sheet_is_refused_too(make_user, cells_produced):
    cohort, (trainee,), manager = make_cohort(1)
    kpi = add_kpi(add_stage(cohort))
    data = _xlsx([["工号", "数值"], [trainee.username, 7]], claim="A1:XFD1048576")
    with pytest.raises(RosterFileError):
        import_kpis(kpi, "2026-03", "k.xlsx", data, manager)
    assert cells_produced[0] < 1_000


def test_a_sheet_understating_its_size_is_read_no_further_than_the_limit(make_user, cells_produced):
    cohort, _users, _manager = make_cohort(0)
    rows = [ROSTER[0], *([f"学员{i}", f"C{i:05d}", "城东支行"] for i in range(MAX_ROWS + 5))]
    data = _xlsx(rows, claim="A1:C3")  # says three rows, holds five thousand and more
    with pytest.raises(RosterFileError):
        import_roster(cohort, "r.xlsx", data, skip_bad=False)
    assert cells_produced[0] <= (MAX_ROWS + 2) * 3


def test_more_rows_than_the_limit_are_refused_not_cut_silently(make_user):
    cohort, _users, _manager = make_cohort(0)
    lines = ["姓名,工号"] + [f"学员{i},C{i:05d}" for i in range(MAX_ROWS + 1)]
    with pytest.raises(RosterFileError):
        import_roster(cohort, "r.csv", "\n".join(lines).encode(), skip_bad=False)


@pytest.mark.pure
def test_a_sheet_at_the_limit_is_still_read(cells_produced):
    rows = [ROSTER[0], *([f"学员{i}", f"C{i:05d}", "城东支行"] for i in range(MAX_ROWS))]
    read = read_rows("r.xlsx", _xlsx(rows))
    assert len(read) == MAX_ROWS + 1 and read[-1] == ["学员4999", "C04999", "城东支行"]


@pytest.mark.pure
def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused_unread(cells_produced):
    out = io.BytesIO(_xlsx(ROSTER))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b" " * (MAX_UNPACKED + 1))
    assert len(out.getvalue()) < 100_000
    with pytest.raises(RosterFileError):
        read_rows("r.xlsx", out.getvalue())
    assert cells_produced[0] == 0


def test_the_manager_is_told_in_chinese_why_the_file_is_refused(login_as, client):
    me = login_as("manager")
    cohort, _users, _manager = make_cohort(0, manager=me)
    data = _xlsx(ROSTER, claim="A1:XFD1048576")
    response = client.post(
        f"/cohorts/{cohort.id}/roster",
        data={"file": (io.BytesIO(data), "r.xlsx"), "mode": "strict"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "表格过大:表头以下最多 5000 行、最多 100 列" in response.get_data(as_text=True)
