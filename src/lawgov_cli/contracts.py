"""The JSON documents lawgov prints or writes (schema 1): their envelope, their keys and the shape
of every value, in one place, with :func:`check` to hold a document against its contract.

=====================  ===================================================  ==========================
document               built by                                             contract
=====================  ===================================================  ==========================
``status -f json``     :func:`lawgov_cli.progress.progress_json`            :func:`status_shape`
``export -f json``     :mod:`lawgov_cli.export.json_export`                 :func:`export_shape`
``list -f json``       :func:`list_document`                                :func:`list_shape`
``show -f json``       :func:`show_document`                                :func:`show_shape`
``log -f json``        :func:`log_document`                                 :func:`log_shape`
``extract -f json``    :meth:`lawgov_cli.report.model.Report.to_json`       :func:`extract_shape`
=====================  ===================================================  ==========================

A task's keys are those of :data:`lawgov_cli.fields.FIELDS` (with their ``json_type``); the
status and export documents are built where their numbers are computed (streamed, for the
export) and ``tests/test_contracts.py`` holds each command's real output against its contract.

A shape is a Python type (``bool`` matches only booleans, ``float`` also integers), ``None``, a
tuple of alternatives, ``[item shape]`` for a list, ``{key: shape}`` for an object with exactly
those keys (``key?``: may be absent), or :class:`Each` for an object of free keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from lawgov_cli import fields
from lawgov_cli.fields import PENDING_JSON, task_json

if TYPE_CHECKING:
    from lawgov_cli.model import HistoryEntry, Task, Workspace
    from lawgov_cli.progress import TaskState

SCHEMA: Final = 1
"""The version of every JSON document; a change that removes or retypes a key raises it."""


def envelope(**body: Any) -> dict[str, Any]:
    """``{"schema": 1, **body}``: how every document starts."""
    return {"schema": SCHEMA, **body}


@dataclass(frozen=True, slots=True)
class Each:
    """An object whose keys are free (period keys, …) and whose values all have ``shape``."""

    shape: object


NUMBER: Final = (int, float)

COUNTS: Final = {
    "tasks": int, "done": int, "doing": int, "todo": int, "reported": int, "dropped": int,
    "overdue": int, "due_soon": int, "finished_late": int, "percent_done": NUMBER,
}  # fmt: skip
DEPARTMENT: Final = {
    "id": str, "name": str, "tasks": int, "done": int, "doing": int, "reported": int, "dropped": int,
    "overdue": int, "due_soon": int, "finished_late": int, "percent_done": NUMBER,
}  # fmt: skip
OVERDUE_BRIEF: Final = {
    "id": str, "title": str, "owner": str, "due": str, "days_overdue": int, "missed_periods?": [str],
}  # fmt: skip
DUE_SOON_BRIEF: Final = {"id": str, "title": str, "owner": str, "due": str, "days_left": int}
HISTORY: Final = {key: str for key in ("at", "by", "task", "action", "old", "new", "note", "on")}
INDICATOR: Final = {"name": str, "value": NUMBER, "unit": str, "approx": bool, "text": str}
ITEM: Final = {"key?": str, "title?": str, "text": str, "metrics": [INDICATOR]}


def task_shape() -> dict[str, object]:
    """A task as ``list``/``show``/``export`` write it: the JSON fields of the field table."""
    return {f.name: f.json_type for f in fields.FIELDS if f.json is not None}


def status_shape() -> dict[str, object]:
    return {
        "schema": int,
        "as_of": str,
        "end_of_day": bool,
        "due_soon_days": int,
        "totals": COUNTS,
        "departments": [DEPARTMENT],
        "overdue": [OVERDUE_BRIEF],
        "due_soon": [DUE_SOON_BRIEF],
        "pending": [PENDING_JSON],
    }


def export_shape() -> dict[str, object]:
    status = status_shape()
    task = {
        **task_shape(),
        "light": str,
        "overdue": bool,
        "days_overdue": int,
        "due_soon": bool,
        "next_due": (str, None),
        "missed_periods": [str],
        "notes": [str],
        "evidence": [str],
        "periods": Each({"due": (str, None), "done_on": (str, None)}),
    }
    return {
        "schema": int,
        "as_of": str,
        "due_soon_days": int,
        "workspace": {"title": str, "region": str, "plan_year": int},
        "totals": status["totals"],
        "departments": status["departments"],
        "pending": status["pending"],
        "tasks": [task],
    }


def list_shape() -> dict[str, object]:
    return {"schema": int, "tasks": [task_shape()]}


def show_shape() -> dict[str, object]:
    return {
        **task_shape(),
        "schema": int,
        "notes": [str],
        "evidence": [str],
        "periods": Each(str),
        "days_overdue": int,
        "history": [HISTORY],
    }


def log_shape() -> dict[str, object]:
    return {"schema": int, "history": [HISTORY]}


def extract_shape() -> dict[str, object]:
    return {
        "schema": int,
        "title": str,
        "region": str,
        "year": int,
        "plan_year": int,
        "measures": [ITEM],
        "shortcomings": [ITEM],
        "duties": [ITEM],
        "plans": [ITEM],
        "warnings": [str],
    }


def check(value: object, shape: object, path: str = "$") -> list[str]:
    """Where ``value`` departs from ``shape``: one line per problem, empty when it conforms.

    >>> check({"schema": 1, "tasks": [{"id": 3}]}, {"schema": int, "tasks": [{"id": str}]})
    ['$.tasks[0].id: expected str, got int']
    >>> check({"a": 1}, {"a": int, "b?": str, "c": (str, None)})
    ['$: missing key c']
    """
    if shape is None:
        return [] if value is None else [f"{path}: expected null, got {type(value).__name__}"]
    if isinstance(shape, tuple):
        for alternative in shape:
            if not check(value, alternative, path):
                return []
        names = ", ".join("null" if a is None else getattr(a, "__name__", "object") for a in shape)
        return [f"{path}: expected one of {names}, got {type(value).__name__}"]
    if isinstance(shape, list):
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {type(value).__name__}"]
        return [problem for i, item in enumerate(value) for problem in check(item, shape[0], f"{path}[{i}]")]
    if isinstance(shape, Each):
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {type(value).__name__}"]
        return [problem for key, item in value.items() for problem in check(item, shape.shape, f"{path}.{key}")]
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {type(value).__name__}"]
        problems = []
        keys = {key.rstrip("?"): key.endswith("?") for key in shape}
        for key, optional in keys.items():
            if key not in value:
                if not optional:
                    problems.append(f"{path}: missing key {key}")
                continue
            problems += check(value[key], shape[key + "?" if optional else key], f"{path}.{key}")
        problems += [f"{path}: unexpected key {key}" for key in value if key not in keys]
        return problems
    assert isinstance(shape, type), shape
    if shape is bool or isinstance(value, bool):
        ok = shape is bool and isinstance(value, bool)
    elif shape is float:
        ok = isinstance(value, int | float)
    else:
        ok = isinstance(value, shape)
    return [] if ok else [f"{path}: expected {shape.__name__}, got {type(value).__name__}"]


# --- the documents built here ------------------------------------------------------------------


def history_json(entry: HistoryEntry) -> dict[str, str]:
    """One history entry (``log``, ``show``): the effective date ``on`` filled in."""
    out = {key: getattr(entry, key) for key in ("at", "by", "task", "action", "old", "new", "note")}
    out["on"] = entry.day.isoformat() if entry.day != date.min else ""
    return out


def list_document(tasks: Iterable[Task], workspace: Workspace) -> dict[str, Any]:
    """``list --format json``."""
    return envelope(tasks=[task_json(task, workspace) for task in tasks])


def show_document(
    task: Task, workspace: Workspace, state: TaskState, history: Sequence[HistoryEntry]
) -> dict[str, Any]:
    """``show --format json``: the task, then its notes, evidence, ticked periods and history."""
    document: dict[str, Any] = task_json(task, workspace)
    document.update(
        envelope(
            notes=task.notes,
            evidence=task.evidence,
            periods={k: v.isoformat() for k, v in task.periods.items()},
            days_overdue=state.days_overdue,
            history=[history_json(h) for h in history],
        )
    )
    return document


def log_document(entries: Iterable[HistoryEntry]) -> dict[str, Any]:
    """``log --format json``."""
    return envelope(history=[history_json(e) for e in entries])


__all__ = [
    "COUNTS",
    "DEPARTMENT",
    "HISTORY",
    "SCHEMA",
    "Each",
    "check",
    "envelope",
    "export_shape",
    "extract_shape",
    "history_json",
    "list_document",
    "list_shape",
    "log_document",
    "log_shape",
    "show_document",
    "show_shape",
    "status_shape",
    "task_shape",
]
