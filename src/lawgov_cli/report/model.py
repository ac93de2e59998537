"""What a report says, as extracted: parts, items and numeric indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Indicator:
    """A numeric indicator: value + unit + the noun phrase it measures.

    ``新收行政复议案件319件`` -> ``Indicator("行政复议案件(新收)", 319, "件", False, "新收行政复议案件319件")``
    """

    name: str
    value: int | float
    unit: str
    approx: bool
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "approx": self.approx,
            "text": self.text,
        }


@dataclass(slots=True)
class Item:
    """A numbered item of a part: a measure subsection （一）, a shortcoming 一是…, a plan, a duty paragraph."""

    key: str
    text: str
    title: str = ""
    metrics: list[Indicator] = field(default_factory=list)

    def to_json(self, *, with_title: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.key:
            out["key"] = self.key
        if with_title:
            out["title"] = self.title
        out["text"] = self.text
        out["metrics"] = [m.to_json() for m in self.metrics]
        return out


@dataclass(slots=True)
class Report:
    """The structure of one annual report.  ``warnings`` are message ids with parameters (see i18n)."""

    title: str
    region: str
    year: int
    plan_year: int
    measures: list[Item] = field(default_factory=list)
    shortcomings: list[Item] = field(default_factory=list)
    duties: list[Item] = field(default_factory=list)
    plans: list[Item] = field(default_factory=list)
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def indicators(self) -> list[Indicator]:
        return [
            m
            for part in (self.measures, self.shortcomings, self.duties, self.plans)
            for i in part
            for m in i.metrics
        ]

    def to_json(self, render_warning: Any = None) -> dict[str, Any]:
        """The ``lawgov extract --format json`` document (schema 1).

        ``render_warning(key, params) -> str`` turns warnings into text; by default English.
        """
        if render_warning is None:
            from lawgov_cli.i18n import t

            def render_warning(key: str, params: dict[str, Any]) -> str:
                return t(key, "en", **params)

        return {
            "schema": 1,
            "title": self.title,
            "region": self.region,
            "year": self.year,
            "plan_year": self.plan_year,
            "measures": [i.to_json(with_title=True) for i in self.measures],
            "shortcomings": [i.to_json(with_title=False) for i in self.shortcomings],
            "duties": [i.to_json(with_title=False) for i in self.duties],
            "plans": [i.to_json(with_title=bool(i.title)) for i in self.plans],
            "warnings": [render_warning(key, params) for key, params in self.warnings],
        }
