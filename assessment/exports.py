"""Board and decision-log exports (CSV, XLSX) from the same data the pages show.

Names, branches, stage names and reasons are typed by people (a roster may come from anywhere):
a text starting with =, +, -, @, a tab or a carriage return would be read as a formula by Excel
or LibreOffice (CSV injection). Both writers neutralise such text as OWASP recommends, with a
leading single quote, and the XLSX writer stores every text as a string cell, never a formula.
Scores stay numbers.
"""

from __future__ import annotations

import csv
import io
import re

from flask_babel import gettext as _
from openpyxl import Workbook

from assessment.models import Decision
from core.i18n import translated
from core.messages import AND

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")  # a plain number is data, even when negative
SCORE = re.compile(r"^-?\d{1,3}\.\d{2}$")  # "58.50": written to XLSX as a number


def board_table(data: dict) -> list[list]:
    """Header and one line per trainee: per stage score, cumulative, rank, then components."""
    # Headers and statuses in the reader's language; names typed by people stay as typed.
    header = [_("Employee no."), _("Name"), _("Branch"), _("Status")]
    for stage in data["stages"]:
        header += [
            _("%(stage)s · stage score", stage=stage["name"]),
            _("%(stage)s · cumulative", stage=stage["name"]),
            _("%(stage)s · rank", stage=stage["name"]),
        ]
    component_heads = [
        f"{stage['name']}·{comp['name']}"
        for stage in data["stages"]
        for comp in stage["components"]
    ]
    table = [header + component_heads]
    names = {s["id"]: s["name"] for s in data["stages"]}
    for row in data["rows"]:
        status = _("In the programme")
        if row["eliminated_stage_id"]:
            status = _("Eliminated at %(stage)s", stage=names.get(row["eliminated_stage_id"], ""))
        line = [row["employee_number"], row["name"], row["branch"], status]
        comps = []
        for stage, cell in zip(data["stages"], row["stages"], strict=True):
            shown = cell["score"] or ""
            if cell["provisional"] and shown:
                shown += _(" (provisional)")
            line += [shown, cell["cumulative"] or "", cell["rank"] or ""]
            results = {c["component_id"]: c for c in cell["components"]}
            for comp in stage["components"]:
                result = results.get(comp["id"])
                if result is None:
                    comps.append("")
                elif result["status"] == "pending":
                    comps.append(_("Pending"))
                else:
                    comps.append(result["normalized"] or "")
        table.append(line + comps)
    return table


def decision_table(decisions: list[Decision]) -> list[list]:
    table = [
        [
            _("Time (UTC)"),
            _("Stage"),
            _("Kind"),
            _("Trainee"),
            _("Action"),
            _("Reason"),
            _("Decided by"),
            _("Rule / outcome"),
        ]
    ]
    for d in decisions:
        snap = d.snapshot or {}
        if d.kind == "elimination":
            cuts = snap.get("decision", {}).get("cuts", [])
            cut_names = _(AND).join(f"{c['name']} ({c['score']})" for c in cuts)
            outcome = _("Eliminated: %(names)s", names=cut_names) if cuts else ""
            table.append(
                [
                    d.decided_at.isoformat(),
                    d.stage.name,
                    _("Elimination decision"),
                    "",
                    "",
                    "",
                    d.decided_by_name,
                    outcome or _("Nobody eliminated"),
                ]
            )
        elif d.kind == "change":
            preview = snap.get("what_if", {})
            outcome = "新增淘汰:" + "、".join(preview.get("newly_cut", [])) + ";新增保留:"
            outcome += "、".join(preview.get("newly_spared", []))
            table.append(
                [
                    d.decided_at.isoformat(),
                    d.stage.name,
                    "变更(含影响预览)",
                    "",
                    preview.get("description", ""),
                    d.reason,
                    d.decided_by_name,
                    outcome,
                ]
            )
        else:
            name = d.trainee.name if d.trainee else ""
            action = _("Keep") if d.action == "keep" else _("Eliminate")
            table.append(
                [
                    d.decided_at.isoformat(),
                    d.stage.name,
                    _("Override"),
                    name,
                    action,
                    d.reason,
                    d.decided_by_name,
                    "; ".join(translated(w) for w in snap.get("warnings", [])),
                ]
            )
    return table


def neutralised(value):
    """Text a spreadsheet would run as a formula, with a leading single quote; the rest as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.match(value):
        return "'" + value
    return value


def to_csv(table: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([neutralised(v) for v in line] for line in table)
    return out.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM correctly


def to_xlsx(table: list[list], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for line in table:
        sheet.append([_cell(v) for v in line])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"  # 95.00 as on the page, not 95
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store "=..." as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    """Scores ("58.50") go in as numbers with the page's digits; text neutralised."""
    if isinstance(value, str) and SCORE.match(value):
        return float(value)
    return neutralised(value)
