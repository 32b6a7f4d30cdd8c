"""The trend of an indicator over quarters as an SVG bar chart drawn on the server (no script),
read by screen readers from the table printed beside it (the SVG itself is hidden from them)."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 320, 96
TOP, BOTTOM = 14, 18  # room for the value above a bar and the quarter below it
GAP = 6


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the quarter, e.g. "T3 26"
    text: str  # the value as shown ("81 %", "< 5", "—")
    hidden: bool  # suppressed or missing: an outline, no height
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list
    baseline_y: float
    target_y: float | None


def trend_chart(points, target=None):
    """`points`: [(short quarter label, Cell)] oldest first. Heights are proportional to the
    values (and to the target, drawn as a dashed line when it fits the scale)."""
    numbers = [cell.number for _label, cell in points if cell.number is not None]
    top_value = max([*numbers, Decimal(target) if target is not None else Decimal(0), Decimal(0)])
    scale = (HEIGHT - TOP - BOTTOM) / float(top_value) if top_value > 0 else 0
    baseline = HEIGHT - BOTTOM
    slot = WIDTH / max(len(points), 1)
    bars = []
    for index, (label, cell) in enumerate(points):
        height = float(cell.number) * scale if cell.number is not None else 0
        x = index * slot + GAP / 2
        bars.append(
            Bar(
                x=round(x, 1), y=round(baseline - height, 1), width=round(slot - GAP, 1),
                height=round(height, 1), label=label, text=cell.text,
                hidden=cell.number is None, text_x=round(x + (slot - GAP) / 2, 1),
                text_y=round(baseline - height - 3, 1),
            )
        )  # fmt: skip
    target_y = None
    if target is not None and scale:
        target_y = round(baseline - float(target) * scale, 1)
    return Chart(WIDTH, HEIGHT, bars, baseline, target_y)
