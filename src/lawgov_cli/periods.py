"""Periods of recurring tasks: each month, quarter or year of the plan year is ticked on its own.

>>> [p.key for p in periods("quarterly", 2024)]
['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']
>>> periods("monthly", 2024)[1].due
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import Repeat, Task


@dataclass(frozen=True, slots=True)
class Period:
    key: str
    """``2024-03`` (monthly), ``2024-Q2`` (quarterly), ``2024`` (yearly)."""
    start: date
    due: date
    """The last day of the period: the tick is due by then."""


def first_open_due(task: Task) -> date | None:
    """THE progress rule: the date by which the task's next tick is due, or None when closed.

    One-off tasks: ``due`` while todo/doing.  Recurring tasks: the due date of the earliest
    period not yet ticked.  A task is overdue on ``as_of`` when this date is before it, and due
    soon when it falls within the due-soon window.
    """
    return first_open_due_of(task.status, task.repeat, task.due, task.periods)


def first_open_due_of(status: str, repeat: Repeat, due: date, ticked: dict[str, date]) -> date | None:
    """:func:`first_open_due` of a task in this state."""
    if status in ("done", "dropped", "reported"):
        # reported: the department has done its part; the task awaits the office (listed as
        # pending), and turns red again only if the office sends it back after its due date.
        return None
    if not repeat:
        return due
    for period in period_tuple(repeat, due.year):
        if period.key not in ticked:
            return period.due
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def periods(repeat: Repeat, year: int) -> list[Period]:
    """The periods of ``year`` for a task that repeats ``repeat`` (none for one-off tasks)."""
    return list(period_tuple(repeat, year))


@functools.lru_cache(maxsize=64)
def period_tuple(repeat: Repeat, year: int) -> tuple[Period, ...]:
    """:func:`periods`, computed once per (repeat, year) and shared (a city workspace asks for
    them 100,000 times): never to be changed by the caller."""
    return tuple(_compute(repeat, year))


def _compute(repeat: Repeat, year: int) -> list[Period]:
    if repeat == "monthly":
        return [Period(f"{year}-{m:02d}", date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]
    if repeat == "quarterly":
        return [
            Period(f"{year}-Q{q}", date(year, 3 * q - 2, 1), _month_end(year, 3 * q)) for q in range(1, 5)
        ]
    if repeat == "yearly":
        return [Period(str(year), date(year, 1, 1), date(year, 12, 31))]
    return []


def task_periods(task: Task) -> list[Period]:
    """Periods of a recurring task: those of the year its ``due`` date falls in."""
    if not task.repeat:
        return []
    return periods(task.repeat, task.due.year)


def open_periods(task: Task) -> list[Period]:
    return [p for p in task_periods(task) if p.key not in task.periods]


_PERIOD_FORMS = {  # compiled on first use (re caches them)
    "monthly": r"^(\d{4})-(\d{1,2})$",
    "quarterly": r"^(\d{4})-?[Qq]([1-4])$",
    "yearly": r"^(\d{4})$",
}


def resolve_period(task: Task, text: str) -> Period:
    """The period a user names (``2024-03``, ``2024-3``, ``2024-Q2``, ``2024q2``, ``2024``)."""
    candidates = task_periods(task)
    if not candidates:
        raise LawgovError("err.not_recurring", id=task.id)
    match = re.match(_PERIOD_FORMS[task.repeat], text.strip())
    if match:
        if task.repeat == "monthly":
            key = f"{match.group(1)}-{int(match.group(2)):02d}"
        elif task.repeat == "quarterly":
            key = f"{match.group(1)}-Q{match.group(2)}"
        else:
            key = match.group(1)
        for period in candidates:
            if period.key == key:
                return period
    raise LawgovError(
        "err.bad_period",
        id=task.id,
        period=text,
        expected=", ".join([candidates[0].key, "…", candidates[-1].key]),
    )
