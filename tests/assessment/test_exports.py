"""Exports cannot carry a live formula (issue 11: CSV/XLSX formula injection).

Names, branches, stage names and reasons are typed by people; a text starting with =, +, -, @,
a tab or a carriage return must reach the spreadsheet as text, while scores stay numbers.
"""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from assessment import decisions
from assessment.board import build_board
from assessment.exports import to_csv, to_xlsx
from core import clock
from core.extensions import db
from tests.assessment.factories import add_kpi, add_stage, make_cohort, set_kpis

EVIL = '=HYPERLINK("http://evil","x")'


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _xlsx_cells(body: bytes) -> list:
    return [cell for row in load_workbook(io.BytesIO(body)).active.iter_rows() for cell in row]


def test_a_formula_typed_as_a_name_is_exported_as_text(login_as, client):
    me = login_as("manager")
    cohort, (evil, plain), manager = make_cohort(2, manager=me)
    evil.display_name, evil.branch = EVIL, "@SUM(1+1)"
    stage = add_stage(cohort, name="+阶段", below_score="60")
    set_kpis(add_kpi(stage), "2026-03", {evil: 9, plain: 3}, manager)
    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    board = build_board(cohort)
    decisions.confirm(
        board, stage, manager, decisions.preview_token(decisions.preview(board, stage))
    )
    decisions.override(build_board(cohort), stage, manager, plain.id, "keep", "-补考合格,保留")
    db.session.commit()

    rows = _csv_rows(client.get(f"/cohorts/{cohort.id}/export/board.csv").data)
    line = next(r for r in rows if EVIL in r[1])
    assert line[1] == "'" + EVIL and line[2] == "'@SUM(1+1)"
    assert "'+阶段·阶段分" in rows[0]
    assert line[4] == "90.00"  # a score stays as it is
    log = _csv_rows(client.get(f"/cohorts/{cohort.id}/export/decisions.csv").data)
    assert "'-补考合格,保留" in log[-1]

    cells = _xlsx_cells(client.get(f"/cohorts/{cohort.id}/export/board.xlsx").data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    name = next(c for c in cells if isinstance(c.value, str) and EVIL in c.value)
    assert name.value == "'" + EVIL and name.data_type == "s"
    assert 90.0 in [c.value for c in cells]
    cells = _xlsx_cells(client.get(f"/cohorts/{cohort.id}/export/decisions.xlsx").data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'-补考合格,保留" in [c.value for c in cells]


@pytest.mark.pure
def test_every_formula_start_is_neutralised_and_numbers_stay_numbers():
    table = [["=1+1", "+1", "-x", "@A1", "\t=1", "\r=1", "-5.00", "-3", -3, "58.50", "王小明"]]
    (line,) = _csv_rows(to_csv(table))
    assert line == [
        "'=1+1",
        "'+1",
        "'-x",
        "'@A1",
        "'\t=1",
        "'\r=1",
        "-5.00",
        "-3",
        "-3",
        "58.50",
        "王小明",
    ]
    cells = _xlsx_cells(to_xlsx(table, "t"))
    assert [c.value for c in cells] == [
        "'=1+1",
        "'+1",
        "'-x",
        "'@A1",
        "'\t=1",
        "'\n=1",  # XML reads a stored carriage return back as a line feed
        -5.0,
        "-3",
        -3,
        58.5,
        "王小明",
    ]
    assert [c.data_type for c in cells] == ["s"] * 6 + ["n", "s", "n", "n", "s"]


def test_exports_speak_the_readers_language(login_as, client):
    me = login_as("manager")
    cohort, (first, second), manager = make_cohort(2, manager=me)
    stage = add_stage(cohort, name="课堂培训", below_score="60")
    set_kpis(add_kpi(stage), "2026-03", {first: 9, second: 3}, manager)
    clock.set_now(datetime(2026, 4, 2, tzinfo=UTC))
    board = build_board(cohort)
    decisions.confirm(
        board, stage, manager, decisions.preview_token(decisions.preview(board, stage))
    )
    db.session.commit()

    chinese = _csv_rows(client.get(f"/cohorts/{cohort.id}/export/decisions.csv").data)
    assert chinese[0][:2] == ["时间(UTC)", "阶段"] and "淘汰决定" in chinese[1]
    client.post("/account/language", data={"locale": "en", "next": "/"})
    board_rows = _csv_rows(client.get(f"/cohorts/{cohort.id}/export/board.csv").data)
    assert board_rows[0][:4] == ["Employee no.", "Name", "Branch", "Status"]
    assert "课堂培训 · stage score" in board_rows[0]  # the stage keeps the name it was given
    log = _csv_rows(client.get(f"/cohorts/{cohort.id}/export/decisions.csv").data)
    assert log[0][0] == "Time (UTC)" and log[1][2] == "Elimination decision"
    assert log[1][-1].startswith("Eliminated: ")
