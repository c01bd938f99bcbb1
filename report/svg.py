"""Bar charts as inline SVG: no script, no fonts or files fetched, readable by any browser.

Every bar is a ``<rect class="bar">`` carrying ``data-category``,
``data-series`` and ``data-value``, so what a chart shows can be checked
against the table printed under it (the tests do, in a real browser).
"""

from __future__ import annotations

from html import escape

STATUS_COLOURS = {
    "complete": "#2e7d32", "on_track": "#66bb6a", "in_progress": "#1e88e5", "ongoing": "#90caf9",
    "not_started": "#9e9e9e", "not_due": "#d7ccc8", "behind": "#e53935", "unknown": "#ffb300",
    "(none)": "#eceff1", "(new)": "#ab47bc",
}
PALETTE = ("#1e88e5", "#e53935", "#43a047", "#fb8c00", "#8e24aa", "#00acc1", "#6d4c41", "#3949ab")
FONT = "font-family='DejaVu Sans, Arial, sans-serif' font-size='12'"


def colour(series: str, i: int) -> str:
    return STATUS_COLOURS.get(series, PALETTE[i % len(PALETTE)])


def _rect(x: float, y: float, w: float, h: float, fill: str, category: str, series: str, value: int) -> str:
    return (f"<rect class='bar' x='{x:.1f}' y='{y:.1f}' width='{w:.1f}' height='{h:.1f}' fill='{fill}' "
            f"data-category='{escape(category, quote=True)}' data-series='{escape(series, quote=True)}' "
            f"data-value='{value}'><title>{escape(category)} · {escape(series)}: {value}</title></rect>")


def _legend(series: list[str], x: float, y: float) -> tuple[list[str], float]:
    parts, cx = [], x
    for i, name in enumerate(series):
        parts.append(f"<rect x='{cx:.1f}' y='{y - 10:.1f}' width='12' height='12' fill='{colour(name, i)}'/>"
                     f"<text x='{cx + 16:.1f}' y='{y:.1f}' {FONT}>{escape(name)}</text>")
        cx += 28 + 7.2 * len(name)
    return parts, cx


def stacked_hbar(chart_id: str, title: str, categories: list[str], series: list[str],
                 values: dict[tuple[str, str], int], *, width: int = 900) -> str:
    """One horizontal bar per category, stacked by series (``values[(category, series)]``)."""
    label_w = min(470, 30 + 7 * max((len(c) for c in categories), default=10))
    bar_h, gap, top = 22, 8, 56
    totals = {c: sum(values.get((c, s), 0) for s in series) for c in categories}
    scale = (width - label_w - 60) / max(max(totals.values(), default=1), 1)
    height = top + len(categories) * (bar_h + gap) + 20
    parts = [f"<text x='0' y='16' {FONT} font-weight='bold' font-size='15'>{escape(title)}</text>"]
    legend, _ = _legend(series, 0, 40)
    parts += legend
    for row, cat in enumerate(categories):
        y = top + row * (bar_h + gap)
        shown = cat if len(cat) <= 64 else cat[:63] + "…"
        parts.append(f"<text x='{label_w - 8}' y='{y + 15}' text-anchor='end' {FONT}>{escape(shown)}</text>")
        x = float(label_w)
        for i, s in enumerate(series):
            v = values.get((cat, s), 0)
            if v:
                parts.append(_rect(x, y, v * scale, bar_h, colour(s, i), cat, s, v))
                x += v * scale
        parts.append(f"<text x='{x + 6:.1f}' y='{y + 15}' {FONT}>{totals[cat]}</text>")
    return _svg(chart_id, title, width, height, parts)


def vbar(chart_id: str, title: str, categories: list[str], values: list[int], *, series: str = "actions",
         overlay: list[int] | None = None, overlay_series: str = "complete", width: int = 900) -> str:
    """One vertical bar per category (months), an optional overlaid part (e.g. complete) in another colour."""
    top, bottom, left = 56, 60, 40
    plot_h = 240
    step = (width - left - 40) / max(len(categories), 1)  # room on the right for the last slanted label
    scale = plot_h / max(max(values, default=1), 1)
    parts = [f"<text x='0' y='16' {FONT} font-weight='bold' font-size='15'>{escape(title)}</text>"]
    legend, _ = _legend([series] + ([overlay_series] if overlay is not None else []), 0, 40)
    parts += legend
    base = top + plot_h
    parts.append(f"<line x1='{left}' y1='{base}' x2='{width - 10}' y2='{base}' stroke='#555'/>")
    for i, (cat, v) in enumerate(zip(categories, values)):
        x = left + i * step + step * 0.1
        w = step * 0.8
        parts.append(_rect(x, base - v * scale, w, v * scale, colour(series, 0), cat, series, v))
        if overlay is not None and overlay[i]:
            o = overlay[i]
            parts.append(_rect(x, base - o * scale, w, o * scale, STATUS_COLOURS["complete"], cat, overlay_series, o))
        parts.append(f"<text x='{x + w / 2:.1f}' y='{base - v * scale - 4:.1f}' text-anchor='middle' {FONT}>{v}</text>")
        parts.append(f"<text transform='translate({x + w / 2:.1f},{base + 10}) rotate(60)' {FONT}>{escape(cat)}</text>")
    return _svg(chart_id, title, width, top + plot_h + bottom, parts)


def empty(chart_id: str, title: str, message: str, *, width: int = 900) -> str:
    parts = [f"<text x='0' y='16' {FONT} font-weight='bold' font-size='15'>{escape(title)}</text>",
             f"<text x='0' y='48' {FONT} fill='#555'>{escape(message)}</text>"]
    return _svg(chart_id, title, width, 64, parts)


def _svg(chart_id: str, title: str, width: int, height: int, parts: list[str]) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' id='{chart_id}' width='{width}' "
            f"height='{height}' viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title, quote=True)}'>"
            + "".join(parts) + "</svg>")
