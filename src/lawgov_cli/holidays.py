"""The official holiday arrangement (国务院办公厅关于部分节假日安排的通知), for ``lawgov init``.

Documents count working days — a bulletin is dated the first working day after its month, a late
department explains itself within five working days — and in China those are not Monday to Friday:
the public holidays are off and some weekend days are worked in lieu (调休上班).  ``init`` writes
the arrangement of the plan year and of the next year (the December bulletin and the 1 April report
fall in it) into ``[calendar]`` of ``lawgov.toml``, from the ``chinesecalendar`` package, which
follows the State Council's yearly notice.  From then on the days are the workspace's data: a
library upgraded later never changes a document regenerated for a past date, and the office adds
a year the package did not know yet (or a local arrangement) by editing the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lawgov_cli.i18n import Lang
from lawgov_cli.model import WorkCalendar

__all__ = ["Arrangement", "calendar_toml", "official_arrangement"]


@dataclass(slots=True)
class Arrangement:
    """The days of some years, with the holiday each belongs to, and the years nobody knew."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    names: dict[date, str] = field(default_factory=dict)
    """The holiday a day off or a day worked in lieu belongs to (元旦, 春节 … / New Year's Day …)."""
    unknown: list[int] = field(default_factory=list)
    """Years asked for whose arrangement the package does not hold (not announced yet)."""


def official_arrangement(years: Iterable[int], lang: Lang = "zh") -> Arrangement:
    """The public holidays and the weekend days worked in lieu of ``years``, as ``chinesecalendar``
    knows them (``lang``: the holidays' names in Chinese or English)."""
    try:
        from chinese_calendar import constants  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a declared dependency; without it nothing is known
        return Arrangement(unknown=sorted(set(years)))
    wanted = set(years)
    known = {day.year for day in constants.holidays}
    holidays = {d: n for d, n in constants.holidays.items() if d.year in wanted}
    workdays = {d: n for d, n in constants.workdays.items() if d.year in wanted}
    # Weekend days listed as holidays change nothing (they are off anyway), but the notice lists
    # them and so does the file: the office compares it with the notice.
    names = {day: _name(value, lang) for day, value in (holidays | workdays).items()}
    return Arrangement(
        calendar=WorkCalendar(holidays=frozenset(holidays), workdays=frozenset(workdays)),
        names=names,
        unknown=sorted(wanted - known),
    )


def _name(value: Any, lang: Lang) -> str:
    from chinese_calendar.constants import Holiday  # type: ignore[import-untyped]

    try:
        holiday = Holiday(value)
    except ValueError:
        return str(value)
    return str(holiday.chinese) if lang == "zh" else str(holiday.value)


def calendar_toml(calendar: WorkCalendar, names: dict[date, str], header: str) -> str:
    """``[calendar]`` as written into ``lawgov.toml``: ``header`` (comment lines), then each list
    one line per holiday, its name as a comment, so the office can check it against the notice.

    >>> cal = WorkCalendar(holidays=frozenset({date(2024, 10, 1), date(2024, 10, 2)}),
    ...                    workdays=frozenset({date(2024, 10, 12)}))
    >>> print(calendar_toml(cal, {date(2024, 10, 1): "国庆节", date(2024, 10, 2): "国庆节",
    ...                            date(2024, 10, 12): "国庆节"}, "# h\\n"), end="")
    [calendar]
    # h
    holidays = [
        2024-10-01, 2024-10-02,  # 国庆节
    ]
    workdays = [
        2024-10-12,  # 国庆节
    ]
    """
    lines = ["[calendar]", *header.rstrip("\n").split("\n")]
    for key, days in (("holidays", calendar.holidays), ("workdays", calendar.workdays)):
        lines.append(f"{key} = [")
        groups: list[tuple[str, list[date]]] = []
        for day in sorted(days):
            name = names.get(day, "")
            if groups and groups[-1][0] == name and groups[-1][1][-1].year == day.year:
                groups[-1][1].append(day)
            else:
                groups.append((name, [day]))
        for name, group in groups:
            text = ", ".join(day.isoformat() for day in group) + ","
            lines.append(f"    {text}" + (f"  # {name}" if name else ""))
        lines.append("]")
    return "\n".join(lines) + "\n"
