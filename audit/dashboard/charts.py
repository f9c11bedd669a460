"""Chart specifications for ``static/dashboard.js``: plain JSON, drawn by the vendored Chart.js.

A spec is ``{"type", "labels", "datasets": [{"label", "data"}], "stacked"}``;
the script picks the colours and formats numbers the Japanese way.

Example:
    >>> bar(["11/29", "11/30"], {"利用件数": [3, 5]})["datasets"][0]["data"]
    [3, 5]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["bar", "day_label", "doughnut", "line", "month_label"]


def _spec(kind: str, labels: Sequence[str], series: Mapping[str, Sequence[float]], stacked: bool) -> dict:
    return {
        "type": kind,
        "labels": list(labels),
        "datasets": [{"label": name, "data": list(values)} for name, values in series.items()],
        "stacked": stacked,
    }


def bar(labels: Sequence[str], series: Mapping[str, Sequence[float]], stacked: bool = False) -> dict:
    return _spec("bar", labels, series, stacked)


def line(labels: Sequence[str], series: Mapping[str, Sequence[float]]) -> dict:
    return _spec("line", labels, series, False)


def doughnut(labels: Sequence[str], values: Sequence[float], name: str) -> dict:
    return _spec("doughnut", labels, {name: values}, False)


def day_label(day: str) -> str:
    """``2026-11-30`` -> ``11/30``."""
    _, month, dom = day.split("-")
    return f"{int(month)}/{int(dom)}"


def month_label(month: str) -> str:
    """``2026-11`` -> ``2026年11月``."""
    year, number = month.split("-")
    return f"{year}年{int(number)}月"
