"""Server-rendered SVG charts for the scoreboard: no JavaScript library, works on an intranet.

Each function returns Markup of an ``<svg role="img">`` with a title and per-mark ``<title>``
tooltips, scaled by the viewBox so it fits a phone as well as a desktop. The caller passes every
text already translated (the charts are kept per language, see views_board.board).
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

W, H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40
PALETTE = ["#0b5d4b", "#c2410c", "#1d4ed8", "#7c3aed", "#b45309", "#0f766e", "#be123c"]


def _frame(title: str, body: list[str], height: int = H) -> Markup:
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        *body,
        "</svg>",
    ]
    return Markup("".join(parts))  # nosec B704: every text in the parts went through escape()


def _y_axis(height: int = H) -> list[str]:
    out = []
    plot_h = height - TOP - BOTTOM
    for value in (0, 20, 40, 60, 80, 100):
        y = TOP + plot_h * (1 - value / 100)
        out.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{value}</text>'
        )
    return out


def histogram(
    scores: list[Decimal],
    title: str,
    *,
    axis: str,
    bar_title: str,
    cut_line: Decimal | None = None,
    band: tuple[Decimal, Decimal, str] | None = None,
) -> Markup:
    """Score distribution in ten bands of 10 points (100 falls into the last band).

    ``axis`` labels the x axis; ``bar_title`` is a bar's tooltip with %(band)s and %(count)d.
    ``band`` (low, high, label) shades the measurement band around the cut line.
    """
    counts = [0] * 10
    for score in scores:
        counts[min(9, int(Decimal(score) // 10))] += 1
    top = max(counts + [1])
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    bar_w = plot_w / 10
    body = []
    for step in range(0, top + 1, max(1, top // 4)):
        y = TOP + plot_h * (1 - step / top)
        body.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{step}</text>'
        )
    for index, count in enumerate(counts):
        x = LEFT + index * bar_w
        h = plot_h * count / top
        label = f"{index * 10}–{index * 10 + 10}"
        body.append(
            f'<rect x="{x + 2:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w - 4:.1f}" '
            f'height="{h:.1f}" class="bar">'
            f"<title>{escape(bar_title % {'band': label, 'count': count})}</title></rect>"
            f'<text x="{x + bar_w / 2:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle" '
            f'class="tick">{index * 10}</text>'
        )
        if count:
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h - h - 4:.1f}" '
                f'text-anchor="middle" class="value">{count}</text>'
            )
    if band is not None:
        low, high = (max(0.0, min(100.0, float(v))) for v in band[:2])
        x0, x1 = LEFT + plot_w * low / 100, LEFT + plot_w * high / 100
        body.append(
            f'<rect x="{x0:.1f}" y="{TOP}" width="{max(1.0, x1 - x0):.1f}" height="{plot_h}" '
            f'class="band"><title>{escape(band[2])}</title></rect>'
            f'<text x="{x0:.1f}" y="{TOP + plot_h - 4}" class="band-label">{escape(band[2])}</text>'
        )
    if cut_line is not None:
        x = LEFT + plot_w * float(cut_line) / 100
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + plot_h}" class="cut"/>'
            f'<text x="{x + 4:.1f}" y="{TOP + 12}" class="cut-label">{escape(cut_line)}</text>'
        )
    body.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{H - 6}" text-anchor="middle" class="axis">'
        f"{escape(axis)}</text>"
    )
    return _frame(title, body)


def trajectories(series: list[tuple[str, list[Decimal | None]]], stages: list[str], title: str):
    """One line per trainee across stages (cumulative score); at most 60 lines are drawn."""
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = max(1, len(stages) - 1)
    body = _y_axis()
    for index, name in enumerate(stages):
        x = LEFT + plot_w * index / n if len(stages) > 1 else LEFT + plot_w / 2
        body.append(
            f'<text x="{x:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle" class="tick">'
            f"{escape(name)}</text>"
        )
    for number, (name, values) in enumerate(series[:60]):
        points = []
        for index, value in enumerate(values):
            if value is None:
                continue
            x = LEFT + plot_w * index / n if len(stages) > 1 else LEFT + plot_w / 2
            points.append((x, TOP + plot_h * (1 - float(value) / 100), value))
        if not points:
            continue
        color = PALETTE[number % len(PALETTE)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
        shown = " → ".join(f"{v:.2f}" for _x, _y, v in points)
        body.append(
            f'<g class="line"><title>{escape(name)}:{shown}</title>'
            f'<polyline points="{path}" fill="none" stroke="{color}"/>'
            + "".join(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>' for x, y, _ in points
            )
            + "</g>"
        )
    return _frame(title, body)


def component_bars(items: list[tuple[str, Decimal | None]], title: str, *, empty: str) -> Markup:
    """Horizontal bars: average normalized score per component (scored work only); ``empty``
    is shown for a component without scores."""
    row_h = 26
    height = TOP + BOTTOM + row_h * max(1, len(items))
    label_w = 180
    plot_w = W - label_w - RIGHT - 40
    body = []
    for index, (name, value) in enumerate(items):
        y = TOP + index * row_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="tick">'
            f"{escape(name[:16])}</text>"
        )
        if value is None:
            body.append(
                f'<text x="{label_w + 4}" y="{y + 17}" class="muted">{escape(empty)}</text>'
            )
            continue
        width = plot_w * float(value) / 100
        body.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 8}" '
            f'class="bar"><title>{escape(name)}:{value:.2f}</title></rect>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 17}" class="value">{value:.2f}</text>'
        )
    return _frame(title, body, height)
