"""The geometry of the round report's two charts, drawn by the server as SVG (no script) for the page and
the PDF alike: the grades per district as horizontal stacked bars (a district per row, so sixteen
districts stay legible on a phone) and the distribution of the files' scores as columns. Each chart is
shown with its figures as a table; this module only places rectangles and labels."""

from __future__ import annotations

import math
from decimal import Decimal

WIDTH = 400  # narrow: the labels stay legible on a phone and in half a wide page
# 优秀, 良好, 合格, 不合格: fill and label colour (contrast ≥ 4.5:1); the last is hatched, so that the worst
# grade is told apart without colour too. Presentation attributes, not CSS: WeasyPrint draws the same SVG.
GRADE_FILLS = (("#1b5e2b", "#ffffff"), ("#9cc3e6", "#1b1f24"), ("#f0c85a", "#1b1f24"), ("url(#ev-hatch)", "#1b1f24"))
BINS = ((None, 60, "60 分以下"), (60, 70, "60–69"), (70, 80, "70–79"), (80, 90, "80–89"), (90, None, "90 及以上"))


def _scale(top: int) -> tuple[int, list[int]]:
    """A scale maximum ≥ ``top`` and 3–6 round tick values from 0."""
    top = max(top, 1)
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = max(int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)), 1)
    scale = step * math.ceil(top / step)
    return scale, list(range(0, scale + 1, step))


def grades_chart(per_district: list[dict], grades: list[str]) -> dict:
    """Stacked horizontal bars: one row per district, one segment per grade (in ``grades`` order)."""
    left, right, top, row_h, bar_h = 66, 26, 34, 28, 20
    plot_w = WIDTH - left - right
    scale, ticks = _scale(max([sum(d["grades"].get(g, 0) for g in grades) for d in per_district] + [0]))
    rows = []
    for i, d in enumerate(per_district):
        y = top + i * row_h
        x, segments = float(left), []
        for k, g in enumerate(grades):
            n = d["grades"].get(g, 0)
            w = plot_w * n / scale
            if n:
                fill, ink = GRADE_FILLS[min(k, len(GRADE_FILLS) - 1)]
                segments.append({"x": round(x, 1), "w": round(w, 1), "n": n, "grade": g, "fill": fill, "ink": ink,
                                 "label_x": round(x + w / 2, 1), "show": w >= 16})
            x += w
        total = sum(d["grades"].get(g, 0) for g in grades)
        rows.append({"district": d["district"], "y": y, "bar_y": y + (row_h - bar_h) / 2, "text_y": y + row_h / 2 + 4,
                     "segments": segments, "total": total, "total_x": round(x + 6, 1)})
    height = top + max(len(rows), 1) * row_h + 28
    base = top + len(rows) * row_h
    legend = [{"grade": g, "fill": GRADE_FILLS[min(k, 3)][0], "x": left + k * 80, "text_x": left + k * 80 + 19}
              for k, g in enumerate(grades)]
    return {"width": WIDTH, "height": height, "left": left, "right": WIDTH - right, "top": top, "base": base,
            "bar_h": bar_h, "rows": rows, "legend": legend, "tick_y": base + 16,
            "ticks": [{"value": t, "x": round(left + plot_w * t / scale, 1)} for t in ticks]}


def _bin(score) -> int:
    s = Decimal(str(score))
    for i, (low, high, _) in enumerate(BINS):
        if (low is None or s >= low) and (high is None or s < high):
            return i
    return len(BINS) - 1


def score_bins(files: list[dict]) -> list[dict]:
    """How many files fall in each 10-point band of the first reviewer's score (unscored files left out)."""
    counts = [0] * len(BINS)
    for f in files:
        if f.get("score") is not None:
            counts[_bin(f["score"])] += 1
    return [{"label": label, "count": n} for (_, _, label), n in zip(BINS, counts)]


def distribution_chart(bins: list[dict]) -> dict:
    """Columns: one per score band."""
    left, right, top, bottom, height = 36, 8, 22, 34, 240
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    scale, ticks = _scale(max([b["count"] for b in bins] + [0]))
    slot = plot_w / max(len(bins), 1)
    bar_w = min(slot * 0.6, 80)
    base = top + plot_h
    bars = []
    for i, b in enumerate(bins):
        h = plot_h * b["count"] / scale
        center = left + slot * i + slot / 2
        bars.append({"x": round(center - bar_w / 2, 1), "y": round(base - h, 1), "w": round(bar_w, 1), "h": round(h, 1),
                     "count": b["count"], "label": b["label"], "center": round(center, 1),
                     "value_y": round(base - h - 5, 1)})
    return {"width": WIDTH, "height": height, "left": left, "right": WIDTH - right, "base": base, "bars": bars,
            "label_y": base + 20, "ticks": [{"value": t, "y": round(base - plot_h * t / scale, 1)} for t in ticks]}
