"""A bulletin's charts as PNG images: completion against 序时进度 for the indicators, and the
month-by-month path of a few headline indicators.

Drawn with matplotlib's Agg canvas on a bare ``Figure`` (no pyplot, no global state), every
text in a CJK font given by file, sized for the 150 mm of an A4 body at 1:1 (no text under
9 pt when printed). The same figures give the same bytes. Decimals are turned into floats only
to be drawn.

The font: the caller's file (the ``LUOSHI_CHART_FONT`` setting), else a CJK font installed on
the system, else the subset of Noto Sans CJK SC shipped in ``fonts/`` (GB2312 and punctuation;
a character outside it is drawn as a box, and matplotlib warns).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .content import Chart
from .inputs import BulletinInputs, IndicatorPath, IndicatorRow

# ---------------------------------------------------------------------------------------------
# The font

SYSTEM_FONTS = (
    "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "SimHei", "Microsoft YaHei", "PingFang SC", "Noto Serif CJK SC",
)
VENDORED_FONT = Path(__file__).with_name("fonts") / "NotoSansSC-Subset.otf"
_COLLECTIONS = (".ttc", ".otc")


def chart_font(path: str | None = None) -> str:
    """The font file the charts are drawn in: ``path`` when given (FileNotFoundError when it is
    not a file: a wrong setting should not pass unnoticed), else a system CJK font, else the
    vendored subset. A font collection (.ttc) is read at its Simplified Chinese face."""
    if path:
        if not Path(path).is_file():
            raise FileNotFoundError(f"chart font not found: {path}")
        return _collection_face(str(path))
    return system_font() or str(VENDORED_FONT)


@cache
def system_font() -> str | None:
    """The first of ``SYSTEM_FONTS`` matplotlib finds on this machine (None: none)."""
    for family in SYSTEM_FONTS:
        try:
            return font_manager.findfont(FontProperties(family=family),
                                         fallback_to_default=False)
        except ValueError:
            continue
    return None


@cache
def _collection_face(path: str) -> str:
    """A collection's face whose family is one of ``SYSTEM_FONTS`` (the first face if none, or
    when this matplotlib cannot address a face)."""
    font_path = getattr(font_manager, "FontPath", None)  # matplotlib ≥ 3.11
    if font_path is None or Path(path).suffix.lower() not in _COLLECTIONS:
        return path
    from matplotlib.ft2font import FT2Font

    faces = FT2Font(path).num_faces
    families = [FT2Font(path, face_index=index).family_name for index in range(faces)]
    for family in SYSTEM_FONTS:
        if family in families:
            return font_path(path, families.index(family))
    return path


# ---------------------------------------------------------------------------------------------
# Drawing

DPI = 200
WIDTH_MM = 150.0
MM = 1 / 25.4  # inches
TEXT_PT = 11.0  # legend
SMALL_PT = 10.0  # names, ticks, values, unit: the smallest text on the printed page (≥ 9 pt)
BAR_ROOM_MM = 8.0  # per indicator
MAX_BARS = 20
MAX_PATHS = 3
NAME_CHARS = 14  # longer indicator names are cut with 「…」

LIGHT_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}
GREY = "#9e9e9e"
PACE_COLOUR = "#263238"
LINE_COLOUR = "#1565c0"
TARGET_COLOUR = "#c62828"
GRID_COLOUR = "#e0e4ea"

COMPLETION_CAPTION = "主要指标完成率与序时进度"


def _figure(height_mm: float) -> Figure:
    figure = Figure(figsize=(WIDTH_MM * MM, height_mm * MM), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.get_layout_engine().set(w_pad=2 * MM, h_pad=2 * MM)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    figure.clear()
    return buffer.getvalue()


def _fonts(path: str | None) -> tuple[FontProperties, FontProperties]:
    """(text, small) properties of the chart font (see ``chart_font``)."""
    file = chart_font(path)
    return FontProperties(fname=file, size=TEXT_PT), FontProperties(fname=file, size=SMALL_PT)


def _plain_axes(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(length=3, width=0.6, colors="#37474f")
    axes.set_axisbelow(True)


def percent(fraction: Decimal) -> str:
    """0.7124 → 71.2%, as the dashboard writes it."""
    return f"{Decimal(str(fraction)) * 100:.1f}%"


def _number(value: float) -> str:
    """A tick label as the tables write numbers: no separators, no exponent, no needless
    decimals, an ASCII minus."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text_mm(figure: Figure, text: str, font: FontProperties) -> float:
    """How wide ``text`` prints, in mm."""
    renderer = figure.canvas.get_renderer()
    width, _height, _descent = renderer.get_text_width_height_descent(text, font, ismath=False)
    return width / DPI * 25.4


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"


def _percent_ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = next((s for s in (10, 20, 25, 50, 100, 200, 250, 500, 1000) if span / s <= 7),
                10 ** math.ceil(math.log10(span)))
    first = math.ceil(low / step) * step
    return [float(first + step * i) for i in range(int((high - first) // step) + 1)]


# ---------------------------------------------------------------------------------------------
# 完成率与序时进度


def chart_rows(rows: Iterable[IndicatorRow]) -> tuple[list[IndicatorRow], bool]:
    """The rows the completion chart draws, top first, and whether some were left out: those
    with both completion and pace (no total rows) in their order; past ``MAX_BARS``, the
    ``MAX_BARS`` furthest behind pace, furthest first (ties in their order)."""
    charted = [row for row in rows
               if not row.total and row.completion is not None and row.pace is not None]
    if len(charted) <= MAX_BARS:
        return charted, False
    return sorted(charted, key=lambda row: row.completion - row.pace)[:MAX_BARS], True


def completion_chart(rows: Iterable[IndicatorRow], font_path: str | None = None) -> Chart | None:
    """Horizontal bars of each indicator's completion (percent of the year target, coloured by
    its light) with a mark at its 序时进度, first indicator at the top; total rows and rows
    without both figures are left out (None: no row left). Past ``MAX_BARS`` rows, those
    furthest behind pace, furthest first, and the caption says so."""
    charted, cut = chart_rows(rows)
    if not charted:
        return None
    caption = COMPLETION_CAPTION + (f"（落后序时进度最多的{MAX_BARS}项）" if cut else "")
    text, small = _fonts(font_path)
    completion = [float(row.completion) * 100 for row in charted]
    pace = [float(row.pace) * 100 for row in charted]
    colours = [LIGHT_COLOURS.get(row.light, GREY) for row in charted]
    places = list(range(len(charted)))

    figure = _figure(24 + BAR_ROOM_MM * len(charted))
    axes = figure.add_subplot()
    _plain_axes(axes)
    axes.barh(places, completion, height=0.62, color=colours, zorder=2)
    axes.vlines(pace, [y - 0.42 for y in places], [y + 0.42 for y in places],
                colors=PACE_COLOUR, linewidth=1.8, zorder=3)
    low = min(0.0, *completion, *pace)
    high = max(100.0, *completion, *pace)
    low -= (high - low) * 0.03 if low < 0 else 0  # a negative bar clear of the frame
    limit = high + (high - low) * 0.12  # room for the value labels
    names = [_short(row.name) for row in charted]
    # About the plot's width: the figure less the names and the margins.
    plot_mm = WIDTH_MM - max(_text_mm(figure, name, small) for name in names) - 14
    per_mm = (limit - low) / plot_mm
    labels = []
    for done, due, row in zip(completion, pace, charted, strict=True):
        # After the bar's end; after the pace mark when the label would run into it.
        label, start = percent(row.completion), max(done, 0.0) + per_mm
        width = _text_mm(figure, label, small) * per_mm
        if start <= due + per_mm and start + width >= due - per_mm:
            start = due + 2 * per_mm
        labels.append((label, start, start + width))
    limit = max(limit, max(end for _l, _s, end in labels) + 2 * per_mm)
    for y, (label, start, _end) in zip(places, labels, strict=True):
        axes.text(start, y, label, va="center", ha="left", fontproperties=small,
                  color="#212121")
    ticks = _percent_ticks(low, limit)
    axes.set_xticks(ticks, [f"{_number(t)}%" for t in ticks], fontproperties=small)
    axes.set_xlim(low, limit)
    axes.set_yticks(places, names, fontproperties=small)
    axes.set_ylim(len(charted) - 0.5, -0.5)  # first row at the top
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    if low < 0:
        axes.axvline(0, color="#37474f", linewidth=0.6)

    shown = [c for c in (*LIGHT_COLOURS.values(), GREY) if c in colours]  # green, yellow, red
    bars = tuple(Patch(facecolor=colour) for colour in shown)
    mark = Line2D([], [], linestyle="none", marker="|", markersize=11, markeredgewidth=1.8,
                  color=PACE_COLOUR)
    figure.legend([bars, mark], ["完成率", "序时进度"], loc="outside upper right", ncols=2,
                  prop=text, frameon=False, handlelength=2.4, columnspacing=1.6,
                  handler_map={tuple: HandlerTuple(ndivide=None, pad=0)})
    return Chart(caption, _png(figure), WIDTH_MM, section="indicators")


# ---------------------------------------------------------------------------------------------
# 逐月累计与序时进度


def path_chart(path: IndicatorPath, font_path: str | None = None) -> Chart | None:
    """One indicator's cumulative by month (a line with markers, a gap where a month is not
    reported) against the pace line (year target × 序时进度) and the year target (dashed);
    None when fewer than two months have a value."""
    values = sorted(((period.last_month, value) for period, value in path.points),
                    key=lambda point: point[0])
    reported = [(month, float(value)) for month, value in values if value is not None]
    if len(reported) < 2:
        return None
    target = float(path.year_target) if path.year_target is not None else None
    pace = sorted(((period.last_month, float(share)) for period, share in path.pace),
                  key=lambda point: point[0])
    pace_values = [(month, target * share) for month, share in pace] if target else []
    months = sorted({month for month, _ in values} | {month for month, _ in pace_values})
    text, small = _fonts(font_path)

    figure = _figure(78)
    axes = figure.add_subplot()
    _plain_axes(axes)
    handles, labels = [], []
    line = axes.plot([m for m, _ in values],
                     [math.nan if v is None else float(v) for _, v in values],
                     color=LINE_COLOUR, linewidth=2, marker="o", markersize=4.5, zorder=3)[0]
    handles.append(line)
    labels.append("累计完成")
    if pace_values:
        handles.append(axes.plot([m for m, _ in pace_values], [v for _, v in pace_values],
                                 color="#78909c", linewidth=1.5, marker="s", markersize=3,
                                 zorder=2)[0])
        labels.append("序时进度")
    if target is not None:
        handles.append(axes.axhline(target, color=TARGET_COLOUR, linewidth=1.2,
                                    linestyle=(0, (5, 3)), zorder=1))
        labels.append("年度目标")
    last_month, last_value = reported[-1]
    last_text = next(f"{v:f}" for m, v in values if m == last_month and v is not None)
    behind = any(m == last_month and v > last_value for m, v in pace_values)
    axes.annotate(last_text, (last_month, last_value), xytext=(0, -8 if behind else 7),
                  textcoords="offset points", ha="center", va="top" if behind else "bottom",
                  fontproperties=small, color=LINE_COLOUR)  # on the side away from the pace

    shown = [v for _, v in reported] + [v for _, v in pace_values]
    if target is not None:
        shown.append(target)
    low, high = min(0.0, *shown), max(*shown, 0.0)
    span = high - low if high > low else 1.0
    low, high = low - (span * 0.06 if low < 0 else 0), high + span * 0.12
    ticks = [t for t in MaxNLocator(nbins=6).tick_values(low, high) if low <= t <= high]
    axes.set_yticks(ticks, [_number(t) for t in ticks], fontproperties=small)
    axes.set_ylim(low, high)
    if path.unit.strip():  # 「单位：亿元」 over the axis, read level
        axes.set_title(f"单位：{path.unit.strip()}", loc="left", fontproperties=small,
                       color="#37474f")
    axes.set_xticks(months, [f"{month}月" for month in months], fontproperties=small)
    axes.set_xlim(months[0] - 0.5, months[-1] + 0.5)
    axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
    figure.legend(handles, labels, loc="outside upper right", ncols=len(handles), prop=text,
                  frameon=False)
    caption = f"{path.name}逐月累计完成与序时进度"
    return Chart(caption, _png(figure), WIDTH_MM, section="indicators")


# ---------------------------------------------------------------------------------------------
# A bulletin's charts


def bulletin_charts(inputs: BulletinInputs) -> tuple[Chart, ...]:
    """The completion chart, then one path chart for each of the first ``MAX_PATHS`` paths;
    none when ``inputs.charts`` is False."""
    if not inputs.charts:
        return ()
    font = inputs.chart_font
    charts: Sequence[Chart | None] = [
        completion_chart(inputs.indicators, font),
        *(path_chart(path, font) for path in inputs.paths[:MAX_PATHS]),
    ]
    return tuple(chart for chart in charts if chart is not None)
