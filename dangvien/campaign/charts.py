"""The burn-down chart as plain SVG geometry, drawn by the template (no JavaScript, no CDN)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DayPoint:
    day: dt.date
    errors: int
    warnings: int


@dataclass
class Chart:
    width: int = 900
    height: int = 320
    left: int = 64
    right: int = 16
    top: int = 16
    bottom: int = 44
    # Coordinates are text, formatted here: the template must not localize them ("276,0").
    x_ticks: list[tuple[str, str]] = field(default_factory=list)
    y_ticks: list[tuple[str, str]] = field(default_factory=list)
    errors: str = ""
    warnings: str = ""
    ideal: str = ""
    today_x: str = ""
    # A dot per day and series (a single day still shows): (x, y, "errors" | "warnings", title).
    dots: list[tuple[str, str, str, str]] = field(default_factory=list)
    points: list[DayPoint] = field(default_factory=list)
    description: str = ""

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def label_x(self) -> int:
        return self.left - 8

    @property
    def label_y(self) -> int:
        return self.plot_bottom + 20


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return math.ceil(top)
    return value


def _vn(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def burndown_chart(
    points: list[DayPoint], *, start: dt.date, deadline: dt.date, today: dt.date
) -> Chart:
    """Open errors and warnings per day from the campaign's start to its deadline (or today when
    later), with the ideal line from the first day's total down to zero at the deadline."""
    chart = Chart(points=sorted(points, key=lambda p: p.day))
    points = chart.points
    end = max(deadline, today, points[-1].day if points else deadline)
    first = min(start, points[0].day if points else start)
    span = max(1, (end - first).days)
    top = _nice_max(max([1, *(max(p.errors, p.warnings) for p in points)]))
    width = chart.plot_right - chart.left
    height = chart.plot_bottom - chart.top

    def x(day: dt.date) -> str:
        return f"{chart.left + width * (day - first).days / span:.1f}"

    def y(value: float) -> str:
        return f"{chart.plot_bottom - height * value / top:.1f}"

    step = max(1, math.ceil(span / 10))
    day = first
    while day <= end:
        chart.x_ticks.append((x(day), f"{day:%d/%m}"))
        day += dt.timedelta(days=step)
    chart.y_ticks = [(y(top * i / 4), _vn(round(top * i / 4))) for i in range(5)]
    chart.errors = " ".join(f"{x(p.day)},{y(p.errors)}" for p in points)
    chart.warnings = " ".join(f"{x(p.day)},{y(p.warnings)}" for p in points)
    if points:
        base = next((p for p in points if p.day >= start), points[0])
        chart.ideal = f"{x(base.day)},{y(base.errors)} {x(deadline)},{y(0)}"
    for p in points:
        chart.dots.append((x(p.day), y(p.errors), "errors", f"{p.day:%d/%m}: {_vn(p.errors)} lỗi"))
        chart.dots.append(
            (x(p.day), y(p.warnings), "warnings", f"{p.day:%d/%m}: {_vn(p.warnings)} cảnh báo")
        )
    if first <= today <= end:
        chart.today_x = x(today)
    if points:
        first_point, last = points[0], points[-1]
        said = (
            f"Ngày {first_point.day:%d/%m}: {_vn(first_point.errors)} lỗi, "
            f"{_vn(first_point.warnings)} cảnh báo; "
            if len(points) > 1
            else ""
        )
        chart.description = (
            f"{said}ngày {last.day:%d/%m}: {_vn(last.errors)} lỗi, "
            f"{_vn(last.warnings)} cảnh báo chưa xử lý."
        )
    return chart
