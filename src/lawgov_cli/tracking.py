"""What ticking, starting, reopening, dropping, noting and recording change in a task.

Pure: each function takes a task as loaded and returns a :class:`TaskEdit` — the field changes
for the store and the history entries that record them — or raises ``LawgovError`` when the
change makes no sense (ticking a dropped task, recording a metric the task does not have).  The
CLI validates every requested edit before writing any, so several ids are all-or-nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import HistoryEntry, Metric, Task
from lawgov_cli.periods import open_periods, resolve_period, task_periods
from lawgov_cli.store.patch import FieldChange


@dataclass(frozen=True, slots=True)
class Actor:
    """Who makes a change, when it is written (local date-time with offset) and the day it
    counts from (the effective date, ``on``)."""

    by: str
    at: str
    on: date = date.min


@dataclass(slots=True)
class TaskEdit:
    task: Task
    changes: list[FieldChange] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)

    def set(self, path: tuple[str | int, ...], value: object) -> None:
        self.changes.append(FieldChange(self.task.id, path, value))

    def record(self, actor: Actor, action: str, old: str = "", new: str = "", note: str = "") -> None:
        on = actor.on.isoformat() if actor.on != date.min else ""
        self.history.append(HistoryEntry(actor.at, actor.by, self.task.id, action, old, new, note, on))


def _add_texts(edit: TaskEdit, note: str | None, evidence: str | None) -> None:
    if note:
        edit.set(("notes",), [*edit.task.notes, note])
    if evidence:
        edit.set(("evidence",), [*edit.task.evidence, evidence])


def _require_open(task: Task) -> None:
    if task.status == "dropped":
        raise LawgovError("err.task_dropped", id=task.id)


def done(
    task: Task,
    actor: Actor,
    on: date,
    *,
    note: str | None = None,
    evidence: str | None = None,
    period: str | None = None,
) -> TaskEdit:
    """Tick a task; a recurring one ticks ``period`` or the earliest open period that has begun."""
    _require_open(task)
    edit = TaskEdit(task)

    def close() -> TaskEdit:
        if task.status == "done":
            raise LawgovError("err.already_done", id=task.id, on=str(task.done_on or "?"))
        edit.set(("status",), "done")
        edit.set(("done_on",), on)
        _add_texts(edit, note, evidence)
        edit.record(actor, "done", task.status, "done", note or "")
        if evidence:
            edit.record(actor, "evidence", "", evidence)
        return edit

    if not task_periods(task):
        if period:
            raise LawgovError("err.not_recurring", id=task.id)
        return close()

    if period:
        chosen = resolve_period(task, period)
        if chosen.key in task.periods:
            raise LawgovError(
                "err.period_done", id=task.id, period=chosen.key, on=str(task.periods[chosen.key])
            )
        if chosen.start > on:
            raise LawgovError("err.period_not_begun", id=task.id, period=chosen.key, on=on.isoformat())
    else:
        begun = [p for p in open_periods(task) if p.start <= on]
        if not begun:
            pending = open_periods(task)
            if not pending:
                # Every period ticked but the task was reopened: ticking it closes it again.
                return close()
            raise LawgovError("err.nothing_due", id=task.id, next=pending[0].key)
        chosen = begun[0]
    edit.set(("periods", chosen.key), on)
    remaining = [p for p in open_periods(task) if p.key != chosen.key]
    new_status = "done" if not remaining else "doing"
    if new_status != task.status:
        edit.set(("status",), new_status)
    if new_status == "done":
        edit.set(("done_on",), on)
    _add_texts(edit, note, evidence)
    edit.record(actor, "tick", "", chosen.key, note or "")
    if new_status != task.status:
        edit.record(actor, "status", task.status, new_status)
    if evidence:
        edit.record(actor, "evidence", "", evidence)
    return edit


def start(task: Task, actor: Actor, *, note: str | None = None) -> TaskEdit:
    _require_open(task)
    if task.status != "todo":
        raise LawgovError("err.cannot_start", id=task.id, status=f"status.{task.status}")
    edit = TaskEdit(task)
    edit.set(("status",), "doing")
    _add_texts(edit, note, None)
    edit.record(actor, "start", "todo", "doing", note or "")
    return edit


def reopen(task: Task, actor: Actor, *, period: str | None = None, note: str | None = None) -> TaskEdit:
    """Undo a tick (``period``), a done or a drop."""
    edit = TaskEdit(task)
    if period:
        chosen = resolve_period(task, period)
        if chosen.key not in task.periods:
            raise LawgovError("err.period_open", id=task.id, period=chosen.key)
        edit.set(("periods", chosen.key), None)
        edit.record(actor, "untick", chosen.key, "", note or "")
        if task.status == "done":
            edit.set(("status",), "doing")
            edit.set(("done_on",), None)
            edit.record(actor, "status", "done", "doing")
        return edit
    if task.status not in ("done", "dropped"):
        raise LawgovError("err.not_closed", id=task.id, status=f"status.{task.status}")
    ticked = bool(task.periods)
    new_status = "doing" if ticked else "todo"
    edit.set(("status",), new_status)
    if task.done_on is not None:
        edit.set(("done_on",), None)
    _add_texts(edit, note, None)
    edit.record(actor, "reopen", task.status, new_status, note or "")
    return edit


def drop(task: Task, actor: Actor, reason: str) -> TaskEdit:
    if not reason.strip():
        raise LawgovError("err.reason_required", id=task.id)
    if task.status == "dropped":
        raise LawgovError("err.task_dropped", id=task.id)
    edit = TaskEdit(task)
    edit.set(("status",), "dropped")
    edit.set(("notes",), [*task.notes, reason])
    edit.record(actor, "drop", task.status, "dropped", reason)
    return edit


def note(task: Task, actor: Actor, text: str) -> TaskEdit:
    if not text.strip():
        raise LawgovError("err.empty_note", id=task.id)
    edit = TaskEdit(task)
    edit.set(("notes",), [*task.notes, text])
    edit.record(actor, "note", "", text)
    return edit


def find_metric(task: Task, name: str) -> int:
    """Index of the metric ``name`` names: an exact name wins, else a unique substring."""
    for index, metric in enumerate(task.metrics):
        if metric.name == name:
            return index
    matches = [i for i, m in enumerate(task.metrics) if name and name in m.name]
    if len(matches) == 1:
        return matches[0]
    names = [task.metrics[i].name for i in matches] if matches else [m.name for m in task.metrics]
    if matches:
        raise LawgovError("err.metric_ambiguous", id=task.id, metric=name, candidates="、".join(names))
    if not names:
        raise LawgovError("err.no_metrics", id=task.id)
    raise LawgovError("err.unknown_metric", id=task.id, metric=name, candidates="、".join(names))


def number_text(value: float) -> str:
    """A value as the history keeps it: exact (``12345.67``, not ``:g``'s ``12345.7``), no ``.0``."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str, unit: str = "") -> float:
    """A number as people type it: ``98.5``, ``98.5%``, ``1,234``, and with the metric's own
    ``unit`` after it (``12件``, ``3 次``); ``90,1`` is refused (is it 90.1 or 901?).

    >>> parse_number("98.5%"), parse_number("1,234"), parse_number("12件", "件"), parse_number(" 3 次 ", "次")
    (98.5, 1234.0, 12.0, 3.0)
    """
    cleaned = text.strip()
    if unit and cleaned.endswith(unit.strip()):
        cleaned = cleaned.removesuffix(unit.strip()).strip()
    cleaned = cleaned.rstrip("%％").replace("，", ",")
    if "," in cleaned:
        if not _THOUSANDS.match(cleaned):
            raise LawgovError("err.ambiguous_comma", value=text)
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise LawgovError("err.not_a_number", value=text) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise LawgovError("err.not_a_number", value=text)
    return value


def record(
    task: Task,
    actor: Actor,
    metric_name: str,
    value_text: str,
    *,
    note: str | None = None,
    force: bool = False,
) -> TaskEdit:
    """Record this year's actual value of one of the task's metrics.

    A percentage outside 0–100 is refused unless ``force`` (a typo far more often than a fact).
    """
    index = find_metric(task, metric_name)
    metric: Metric = task.metrics[index]
    value = parse_number(value_text, metric.unit)
    if metric.unit in ("%", "％") and not 0 <= value <= 100 and not force:
        raise LawgovError("err.percent_range", metric=metric.name, value=f"{value:g}")
    edit = TaskEdit(task)
    stored: int | float = int(value) if value.is_integer() and "." not in value_text else value
    edit.set(("metrics", index, "actual"), stored)
    old = "" if metric.actual is None else number_text(metric.actual)
    edit.record(actor, "record", old, number_text(stored), metric.name + (f"：{note}" if note else ""))
    return edit


def evidence(task: Task, actor: Actor, text: str) -> TaskEdit:
    """Add one item of evidence (a document number, file or link) without changing the status."""
    if not text.strip():
        raise LawgovError("err.empty_note", id=task.id)
    edit = TaskEdit(task)
    edit.set(("evidence",), [*task.evidence, text])
    edit.record(actor, "evidence", "", text)
    return edit
