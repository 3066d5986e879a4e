"""Bar charts drawn on the server as SVG, with their numbers as a table too.

The section overview shows the class's progress and each quiz's scores as
histograms, and the item analysis shows how often each answer was given.
Everything a chart needs is computed here, the geometry included, so the
template (`classes/charts/bars.html`, through `{% bar_chart chart %}`) only
places what it is given. No script, no chart service: a chart is a picture
for sighted readers, a description for screen readers, and a table for
anyone who wants the numbers.
"""

import math
import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# The SVG's own coordinates; it scales to the width of its container.
WIDTH = 600
COLUMNS_HEIGHT = 260
MAX_SVG_LABEL = 60  # characters of an answer drawn in the chart; the table has it all
CORRECT_MARK = "✓"
DASH = "\u2013"  # an en dash, as ranges are typeset: 10-19 reads as 10 to 19


@dataclass(frozen=True)
class Bar:
    """One bar, its numbers and where the template draws it (SVG units)."""

    label: str  # in full, as the table shows it
    count: int
    share: float  # of the chart's total, 0 to 1
    highlight: bool  # e.g. the correct answer; marked by CORRECT_MARK, not colour alone
    x: float
    y: float
    width: float
    height: float
    text: str  # the label as drawn, maybe shortened and marked
    text_x: float
    text_y: float
    text_anchor: str  # "start", "middle" or "end"
    value: str  # count and share, as drawn next to the bar
    value_x: float
    value_y: float
    value_anchor: str

    @property
    def percent(self) -> int:
        return round(100 * self.share)


@dataclass(frozen=True)
class Tick:
    """A gridline across the plot with its value at the axis."""

    label: str
    x1: float
    y1: float
    x2: float
    y2: float
    text_x: float
    text_y: float
    text_anchor: str


@dataclass(frozen=True)
class BarChart:
    """A chart ready to render: bars, ticks and the words around them.

    `orientation` is "columns" (a histogram, bins along the bottom) or "rows"
    (one answer per row, for long labels). `missing` counts values left out
    of the bars, such as students who have not taken a quiz.
    """

    label: str  # the chart's title and the table's caption
    description: str  # what a screen reader says instead of the picture
    category_header: str  # the table's first column
    count_header: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    orientation: str
    width: float
    height: float
    axis: tuple[float, float, float, float]  # the baseline: x1, y1, x2, y2
    total: int  # the values drawn as bars
    missing: int = 0
    missing_label: str = ""
    id: str = field(default_factory=lambda: f"chart-{uuid.uuid4().hex[:8]}")

    @property
    def has_highlights(self) -> bool:
        return any(bar.highlight for bar in self.bars)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def histogram(
    *,
    values: list[float | None],
    bins: int = 10,
    lo: float = 0,
    hi: float = 100,
    label: str,
    unit: str = "%",
    missing_label: str = "",
) -> BarChart:
    """Count `values` into `bins` equal ranges from `lo` to `hi`, as columns.

    Ranges include their lower end and exclude their upper one, except the
    last, which includes `hi`: with the defaults 100 % falls in the bin
    labelled 90 to 100 and 79.9 % in the one labelled 70 to 79. Values
    outside the range count in the nearest end bin. None values (a student
    who has not started, a quiz not taken) are left out of the bars and
    counted in `missing`, described by `missing_label`.
    """
    if bins < 1 or hi <= lo:
        raise ValueError("A histogram needs at least one bin and hi above lo.")
    present = [value for value in values if value is not None and not math.isnan(value)]
    step = (hi - lo) / bins
    counts = [0] * bins
    for value in present:
        counts[min(bins - 1, max(0, math.floor((value - lo) / step)))] += 1
    labels = [_bin_label(lo + index * step, step, last=index == bins - 1) for index in range(bins)]
    header = _("Range (%(unit)s)") % {"unit": unit} if unit else _("Range")
    return _columns(
        label=label,
        category_header=header,
        entries=[(text, count, False) for text, count in zip(labels, counts, strict=True)],
        total=len(present),
        missing=len(values) - len(present),
        missing_label=missing_label or _("No result yet"),
    )


def option_bars(*, options, label: str) -> BarChart:
    """One row per answer from item analysis (`classes.analysis.OptionCount`).

    Bars are drawn against the whole class (0 to 100 %), so a choice picked
    by a few students looks small even when nobody picked the others. The
    correct answer is highlighted and marked with a tick.
    """
    options = list(options)
    top, row_height, left, value_room = 8, 44, 8, 110
    span = WIDTH - left - value_room
    baseline = top + row_height * len(options) + 4
    bars = []
    for index, option in enumerate(options):
        y = top + index * row_height
        length = span * max(0.0, min(1.0, option.share))
        bars.append(
            Bar(
                label=option.label,
                count=option.count,
                share=option.share,
                highlight=option.correct,
                x=left,
                y=y + 20,
                width=round(length, 2),
                height=18,
                text=_marked(_shortened(option.label), option.correct),
                text_x=left,
                text_y=y + 15,
                text_anchor="start",
                value=_value(option.count, option.share),
                value_x=round(left + length + 6, 2),
                value_y=y + 34,
                value_anchor="start",
            )
        )
    ticks = tuple(
        Tick(
            label=f"{percent}%",
            x1=left + span * percent / 100,
            y1=top,
            x2=left + span * percent / 100,
            y2=baseline,
            text_x=left + span * percent / 100,
            text_y=baseline + 16,
            text_anchor="middle" if percent else "start",
        )
        for percent in (0, 25, 50, 75, 100)
    )
    return BarChart(
        label=label,
        description=_describe(bars),
        category_header=_("Answer"),
        count_header=_("Students"),
        bars=tuple(bars),
        ticks=ticks,
        orientation="rows",
        width=WIDTH,
        height=baseline + 24,
        axis=(left, baseline, left + span, baseline),
        total=sum(option.count for option in options),
    )


def _columns(*, label, category_header, entries, total, missing, missing_label) -> BarChart:
    """Vertical bars over a count axis, for histograms."""
    left, right, top, bottom = 40, 8, 22, 40
    plot_width = WIDTH - left - right
    plot_height = COLUMNS_HEIGHT - top - bottom
    baseline = top + plot_height
    step = _tick_step(max((count for _text, count, _highlight in entries), default=0))
    scale_max = step * 4 if step else 1
    band = plot_width / max(1, len(entries))
    gap = min(10, band * 0.2)
    bars = []
    for index, (text, count, highlight) in enumerate(entries):
        height = plot_height * count / scale_max
        x = left + index * band + gap / 2
        share = count / total if total else 0.0
        bars.append(
            Bar(
                label=text,
                count=count,
                share=share,
                highlight=highlight,
                x=round(x, 2),
                y=round(baseline - height, 2),
                width=round(band - gap, 2),
                height=round(height, 2),
                text=_marked(text, highlight),
                text_x=round(x + (band - gap) / 2, 2),
                text_y=baseline + 18,
                text_anchor="middle",
                value=str(count) if count else "",
                value_x=round(x + (band - gap) / 2, 2),
                value_y=round(baseline - height - 6, 2),
                value_anchor="middle",
            )
        )
    ticks = tuple(
        Tick(
            label=str(step * n),
            x1=left,
            y1=round(baseline - plot_height * step * n / scale_max, 2),
            x2=left + plot_width,
            y2=round(baseline - plot_height * step * n / scale_max, 2),
            text_x=left - 6,
            text_y=round(baseline - plot_height * step * n / scale_max + 4, 2),
            text_anchor="end",
        )
        for n in range(5 if step else 1)
    )
    return BarChart(
        label=label,
        description=_describe(bars, missing=missing, missing_label=missing_label),
        category_header=category_header,
        count_header=_("Students"),
        bars=tuple(bars),
        ticks=ticks,
        orientation="columns",
        width=WIDTH,
        height=COLUMNS_HEIGHT,
        axis=(left, baseline, left + plot_width, baseline),
        total=total,
        missing=missing,
        missing_label=missing_label,
    )


def _tick_step(largest: int) -> int:
    """A round step (1, 2, 5, 10, 20, …) whose four steps reach `largest`."""
    if largest <= 0:
        return 0
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if step * 4 >= largest:
                return step
        magnitude *= 10


def _bin_label(start: float, step: float, *, last: bool) -> str:
    end = start + step
    if not (float(start).is_integer() and float(step).is_integer()):
        return f"{start:g}{DASH}{end:g}"
    # Whole numbers: 0 to 9, 10 to 19, … and the last one, which holds hi, 90 to 100.
    if last:
        return f"{start:g}{DASH}{end:g}"
    return f"{start:g}" if step == 1 else f"{start:g}{DASH}{end - 1:g}"


def _shortened(text: str) -> str:
    if len(text) <= MAX_SVG_LABEL:
        return text
    return text[: MAX_SVG_LABEL - 1].rstrip() + "…"


def _marked(text: str, highlight: bool) -> str:
    return f"{CORRECT_MARK} {text}" if highlight else text


def _value(count: int, share: float) -> str:
    return _("%(count)d (%(percent)d%%)") % {"count": count, "percent": round(100 * share)}


def _describe(bars, *, missing=0, missing_label="") -> str:
    """Every bar in words; a screen reader says "correct answer", not "check mark"."""
    parts = []
    for bar in bars:
        label = (
            _("%(label)s (correct answer)") % {"label": bar.label} if bar.highlight else bar.label
        )
        parts.append(_("%(label)s: %(count)d") % {"label": label, "count": bar.count})
    if missing:
        parts.append(_("%(label)s: %(count)d") % {"label": missing_label, "count": missing})
    return "; ".join(parts) + "." if parts else _("No data yet.")
