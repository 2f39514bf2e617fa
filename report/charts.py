"""Charts drawn with matplotlib (Agg) and embedded as base64 PNG, so the report works offline.

The small per-indicator chart is drawn once per indicator with findings, which
can be a hundred or more: one figure is built once and only its data changes,
which is several times faster than a new figure each time.
"""

from __future__ import annotations

import base64
import io
import math

import matplotlib
from PIL import Image, ImageDraw, ImageFont

matplotlib.use("Agg")  # no display; must come before pyplot is imported anywhere
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from rekon.report.images import png_data_uri  # noqa: E402

SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef8f00", "info": "#5b7fa6"}
OTHER_COLOUR = "#888888"
TARGET_COLOUR = "#7a7a7a"
ACHIEVED_COLOUR = "#1565c0"
SUMMARY_DPI = 96
SMALL_DPI = 90
RANGE_LABEL_PT = 6.5
CHART_COLOURS = 64  # two line colours on white, with their antialiasing: a third of the bytes of full colour


def figure_data_uri(figure: Figure, dpi: int) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def findings_per_rule_chart(counts: dict[str, dict[str, int]], severities: list[str], severity_labels: dict[str, str], title: str) -> str:
    """Horizontal bars, one per rule, stacked by severity; `counts[rule][severity]`."""
    rules = sorted(counts, key=lambda rule: sum(counts[rule].values()))
    if not rules:
        return ""
    figure = Figure(figsize=(8.0, 0.9 + 0.3 * len(rules)), layout="constrained")  # drawn once: layout cost is fine
    axes = figure.add_subplot()
    left = [0] * len(rules)
    for severity in severities:
        values = [counts[rule].get(severity, 0) for rule in rules]
        if any(values):
            axes.barh(rules, values, left=left, color=SEVERITY_COLOURS.get(severity, OTHER_COLOUR), label=severity_labels.get(severity, severity))
            left = [a + b for a, b in zip(left, values)]
    for y, total in enumerate(left):
        axes.text(total, y, f" {total}", va="center", fontsize=8)
    axes.set_title(title, fontsize=10)
    axes.tick_params(labelsize=8)
    axes.set_xlim(0, max(left) * 1.12 + 1)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(fontsize=8, frameon=False, loc="outside right upper")
    return figure_data_uri(figure, SUMMARY_DPI)


# Rupiah amounts run to billions: tick labels are shortened with the reader's own suffixes.
NUMBER_SUFFIXES = {
    "id": ((1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e3, "rb")),
    "en": ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")),
}


def short_number_formatter(lang: str) -> FuncFormatter:
    suffixes = NUMBER_SUFFIXES.get(lang, NUMBER_SUFFIXES["id"])

    def short(value: float, _position=None) -> str:
        for limit, suffix in suffixes:
            if abs(value) >= limit:
                return f"{value / limit:.3g}{suffix}"
        return f"{value:.3g}"

    return FuncFormatter(short)


class QuarterChart:
    """The small chart of one indicator's year: kinerja (target, realisasi) and pagu (pagu, realisasi) per TW.

    A hundred of these are drawn per report, and a full matplotlib draw is ~40 ms,
    mostly laying out tick labels. So the frame (axes, quarter ticks, titles,
    legend) is drawn once and kept as a bitmap; each chart restores it and draws
    only its lines (blitting), then writes the two labels of each value axis on the
    bitmap with PIL in the same font (laying a matplotlib text out costs more than
    the whole rest of the chart): about 3 ms a chart.
    Values are scaled to 0..1 of each panel's range, the labels say the range.
    """

    def __init__(self, quarter_labels: list[str], titles: tuple[str, str], legend: tuple[str, str], lang: str = "id"):
        self._figure = Figure(figsize=(5.0, 1.55), dpi=SMALL_DPI)
        self._canvas = FigureCanvasAgg(self._figure)
        self._format = short_number_formatter(lang)
        self._axes = [self._figure.add_axes((0.1, 0.2, 0.31, 0.64)), self._figure.add_axes((0.53, 0.2, 0.31, 0.64))]
        self._lines, self._range_labels = [], []
        positions = list(range(1, len(quarter_labels) + 1))
        for axes, title in zip(self._axes, titles):
            target, = axes.plot(positions, [math.nan] * len(positions), "s--", color=TARGET_COLOUR, markersize=3, linewidth=1, label=legend[0], animated=True)
            achieved, = axes.plot(positions, [math.nan] * len(positions), "o-", color=ACHIEVED_COLOUR, markersize=4, linewidth=1.5, label=legend[1], animated=True)
            self._lines.append((target, achieved))
            axes.set_title(title, fontsize=8, pad=3)
            axes.set_xticks(positions, quarter_labels)
            axes.set_xlim(0.6, len(positions) + 0.4)
            axes.set_ylim(-0.08, 1.12)
            axes.set_yticks([0, 1], ["", ""])
            axes.grid(axis="y", color="#e3e3e3", linewidth=0.6)
            axes.tick_params(labelsize=6.5, pad=1)
            axes.spines[["top", "right"]].set_visible(False)
        self._axes[1].legend(fontsize=6.5, frameon=False, loc="upper left", bbox_to_anchor=(1.02, 1.0), handlelength=1.8)
        self._canvas.draw()  # animated artists are left out of this frame
        self._frame = self._canvas.copy_from_bbox(self._figure.bbox)
        # Each value axis's two range labels, right-aligned just left of the axis at 0 and 1, in the
        # figure's own font and size; drawn onto the bitmap with PIL (see draw).
        height = self._canvas.get_width_height()[1]
        self._label_font = ImageFont.truetype(font_manager.findfont(FontProperties()), RANGE_LABEL_PT * SMALL_DPI / 72)
        for axes in self._axes:
            anchors = axes.get_yaxis_transform().transform([(-0.03, 0.0), (-0.03, 1.0)])
            self._range_labels.append([(float(x), height - float(y)) for x, y in anchors])

    def draw(self, kinerja: tuple[list[float], list[float]], pagu: tuple[list[float], list[float]]) -> str:
        self._canvas.restore_region(self._frame)
        texts = []
        for axes, lines, labels, series in zip(self._axes, self._lines, self._range_labels, (kinerja, pagu)):
            values = [v for values in series for v in values if not math.isnan(v)]
            low = min([0.0, *values])
            high = max([0.0, *values])
            span = (high - low) or 1.0
            for line, values_of_line in zip(lines, series):
                line.set_ydata([(v - low) / span for v in values_of_line])
                axes.draw_artist(line)
            texts.extend(zip(labels, (self._format(low), self._format(high) if values else "")))
        width, height = self._canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self._canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
        # Range labels with PIL: a matplotlib text costs ~2 ms to lay out, more than the rest of the chart.
        pen = ImageDraw.Draw(image)
        for anchor, text in texts:
            pen.text(anchor, text, fill="black", font=self._label_font, anchor="rm")
        return png_data_uri(image, CHART_COLOURS)


def close_all() -> None:
    plt.close("all")
