"""The dossier written out: a ZIP of CSV files (one per section, formula-safe) and a PDF in
Chinese (the shared CJK font of ``core.pdf``). Both render the same sections in the reader's
language through ``translate``."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping
from html import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assessment.lawful.dossier import Dossier
from core import pdf
from core.domain import N_
from core.messages import Listing, Message, Translate, render
from core.spreadsheet import safe_row


def cell_text(value, translate: Translate) -> str:
    """A cell as text: messages translated, lists joined, other values as they are."""
    if value is None:
        return ""
    if isinstance(value, Message | Listing) or (isinstance(value, Mapping) and "id" in value):
        return render(value, translate)
    if isinstance(value, list | tuple):
        return translate("; ").join(cell_text(item, translate) for item in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def file_stem(dossier: Dossier) -> str:
    trainee = dossier.trainee
    return f"dossier-{dossier.decision.id}-{trainee.employee_number or trainee.username}"


def to_zip(dossier: Dossier, translate: Translate) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, section in enumerate(dossier.sections, start=1):
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(safe_row([translate(h) for h in section.header]))
            for row in section.rows:
                writer.writerow(safe_row([cell_text(v, translate) for v in row]))
            name = f"{number:02d}_{section.key}.csv"
            archive.writestr(name, out.getvalue().encode("utf-8-sig"))
    return buffer.getvalue()


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, spaceAfter=6),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4
        ),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(pdf.printable(text), quote=False), style)


def to_pdf(dossier: Dossier, translate: Translate, disclaimer: str) -> bytes:
    font = pdf.register_fonts()
    styles = _styles(font)
    buffer = io.BytesIO()
    title = translate(N_("Evidence dossier"))
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{title} · {dossier.trainee.name}",
        author="贷后学堂",
    )
    story = [
        _paragraph(f"{title}:{dossier.trainee.name}", styles["title"]),
        _paragraph(f"{dossier.cohort.name} · {dossier.decision.stage.name}", styles["body"]),
        _paragraph(disclaimer, styles["body"]),
    ]
    width = A4[0] - 30 * mm
    for section in dossier.sections:
        story.append(_paragraph(translate(section.title), styles["h2"]))
        if not section.rows:
            story.append(_paragraph(translate(N_("none")), styles["body"]))
            continue
        data = [[_paragraph(translate(h), styles["cell"]) for h in section.header]]
        data += [
            [_paragraph(cell_text(v, translate), styles["cell"]) for v in row]
            for row in section.rows
        ]
        table = Table(
            data, colWidths=[width / len(section.header)] * len(section.header), repeatRows=1
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 4 * mm)]
    doc.build(story)
    return buffer.getvalue()
