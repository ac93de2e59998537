"""TOML tables of a department file <-> typed records: tasks, metrics, markers, history entries.

Validation of one record lives here (``task_from_toml``); checks across files (unique ids,
owners known to the registry, a task in its owner's file) live in :mod:`lawgov_cli.store`,
which knows where each record came from.  Pure: nothing here reads files or prints.
"""

from __future__ import annotations

import operator
import re
from datetime import date, datetime, time
from sys import intern
from typing import Any, Literal, cast

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import (
    KINDS,
    REPEATS,
    STATUSES,
    HistoryEntry,
    Kind,
    Metric,
    Pending,
    Repeat,
    Status,
    Task,
    meant_by,
)


def _word_meant(field: Literal["status", "kind", "repeat"], value: object) -> None:
    """Raise ``err.field_word`` when a hand edit wrote a word meaning one of ``field``'s ids
    (``status = "已完成"``): the file keeps the id, and the user is told which."""
    meant = meant_by(field, value) if isinstance(value, str) else None
    if meant is not None:
        ids = {"status": STATUSES, "kind": KINDS, "repeat": REPEATS}[field]
        said = ", ".join(value or '""' for value in ids)
        raise LawgovError("err.field_word", field=field, word=value, meant=meant, ids=said)


# --- one task --------------------------------------------------------------------------------


def _str(raw: dict[str, Any], key: str, task_id: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if value is None:
        raise LawgovError("err.missing_field", id=task_id, field=key)
    if not isinstance(value, str):
        raise LawgovError("err.bad_field_got", field=f"{task_id}.{key}", problem="problem.text", value=value)
    return value


def _date(raw: dict[str, Any], key: str, task_id: str, *, required: bool) -> date | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise LawgovError("err.missing_field", id=task_id, field=key)
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        # Hand edits often quote dates; accept an ISO string rather than fail the whole file.
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, (datetime, time)):  # said as written in the file, not as a Python object
        value = value.isoformat()
    raise LawgovError("err.not_a_date", field=f"{task_id}.{key}", value=value)


def _str_list(raw: dict[str, Any], key: str, task_id: str) -> list[str]:
    value = raw.get(key, [])
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LawgovError("err.bad_field", field=f"{task_id}.{key}", problem="problem.text_list")
    return list(value)


def _number(value: Any, field_name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LawgovError("err.bad_field_got", field=field_name, problem="problem.number", value=value)
    return float(value)


def metric_from_toml(raw: Any, task_id: str) -> Metric:
    if not isinstance(raw, dict):
        raise LawgovError("err.bad_field", field=f"{task_id}.metrics", problem="problem.table")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise LawgovError("err.bad_field", field=f"{task_id}.metrics.name", problem="problem.text")
    unit = raw.get("unit", "")
    if not isinstance(unit, str):
        raise LawgovError("err.bad_field", field=f"{task_id}.metrics.unit", problem="problem.text")
    where = f"{task_id}.metrics[{name}]"
    return Metric(
        name=name,
        unit=unit,
        baseline=_number(raw.get("baseline"), f"{where}.baseline"),
        target=_number(raw.get("target"), f"{where}.target"),
        actual=_number(raw.get("actual"), f"{where}.actual"),
        approx=bool(raw.get("approx", False)),
    )


def pending_from_toml(raw: Any, task_id: str, key: str) -> Pending | None:
    """The ``report`` / ``extension`` marker of a task, or None when absent."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise LawgovError("err.bad_field", field=f"{task_id}.{key}", problem="problem.table")
    since = _date(raw, "since", f"{task_id}.{key}", required=True)
    assert since is not None
    to = _date(raw, "to", f"{task_id}.{key}", required=key == "extension")
    by = raw.get("by", "")
    reason = raw.get("reason", "")
    if not isinstance(by, str) or not isinstance(reason, str):
        raise LawgovError("err.bad_field", field=f"{task_id}.{key}", problem="problem.by_reason_text")
    return Pending(since=since, by=by, to=to, reason=reason, late=raw.get("late") is True)


def pending_to_toml(pending: Pending) -> dict[str, Any]:
    """The inline table of a marker, keys in the documented order; empty optionals left out."""
    out: dict[str, Any] = {}
    if pending.to is not None:
        out["to"] = pending.to
    if pending.reason:
        out["reason"] = pending.reason
    out["since"] = pending.since
    out["by"] = pending.by
    if pending.late:
        out["late"] = True
    return out


_BAD_ID_CHAR = r"[\s\x00-\x1f\x7f]"
"""Whitespace (``str.isspace``: the same set) or a control character: never in an id."""


def _texts(raw: dict[str, Any], key: str, task_id: str) -> list[str]:
    value = raw.get(key)
    if value is None:
        return []
    if type(value) is list and (not value or all(type(item) is str for item in value)):
        return list(value)
    return _str_list(raw, key, task_id)


def _clean_id(task_id: str) -> bool:
    """No whitespace or control character in ``task_id`` (plain ASCII ids decided without a regex)."""
    if task_id.isascii() and task_id.isprintable():
        return " " not in task_id  # printable ASCII: the space is its only whitespace
    return re.search(_BAD_ID_CHAR, task_id) is None


_WRITTEN = operator.itemgetter(
    "id", "title", "kind", "section", "source", "owner", "co_owners", "due", "due_rule", "repeat",
    "status", "notes", "evidence",
)  # fmt: skip
"""The keys ``task_to_toml`` always writes."""
_OPTIONAL = frozenset({"done_on", "periods", "needs_review", "manual", "carried_from", "metrics"})
"""Optional keys the short way of :func:`task_from_toml` takes (markers and others: the long way)."""


def task_from_toml(raw: Any) -> Task:
    """Validate one ``[[tasks]]`` table (as parsed by tomllib) into a :class:`Task`.

    Raises ``LawgovError`` naming the task and field; the store adds the file and line.
    A table as lawgov writes it (every value of its type) takes a short way (a city's first read
    validates 100,000 tasks); anything else, and every error, takes :func:`_task_checked`.
    """
    if type(raw) is not dict:
        return _task_checked(raw)
    try:
        task_id, title, kind, section, source, owner, co_owners, due, due_rule, repeat, status, notes, evidence = (
            _WRITTEN(raw)
        )
    except KeyError:
        return _task_checked(raw)
    texts = str is type(task_id) is type(title) is type(section) is type(source) is type(owner)
    if not (
        texts
        and type(due_rule) is str
        and type(due) is date
        and type(kind) is str
        and kind in KINDS
        and type(status) is str
        and status in STATUSES
        and type(repeat) is str
        and repeat in REPEATS
        and list is type(co_owners) is type(notes) is type(evidence)
        and task_id.strip()
        and _clean_id(task_id)
        and title
        and not title.isspace()
        and all(type(item) is str for item in co_owners)
        and all(type(item) is str for item in notes)
        and all(type(item) is str for item in evidence)
    ):
        return _task_checked(raw)
    done_on = None
    periods: dict[str, date] = {}
    metrics: list[Metric] = []
    needs_review = manual = False
    carried_from = ""
    if len(raw) > 13:
        if not _OPTIONAL.issuperset(raw.keys() - _ALWAYS_KEYS):
            return _task_checked(raw)
        get = raw.get
        done_on = get("done_on")
        periods_raw = get("periods", {})
        metrics_raw = get("metrics", [])
        carried_from = get("carried_from", "")
        if (
            (done_on is not None and type(done_on) is not date)
            or type(periods_raw) is not dict
            or type(metrics_raw) is not list
            or type(carried_from) is not str
            or not all(type(ticked) is date for ticked in periods_raw.values())
        ):
            return _task_checked(raw)
        periods = {str(key): ticked for key, ticked in periods_raw.items()}
        if metrics_raw:
            metrics = [metric_from_toml(m, task_id) for m in metrics_raw]
        needs_review = bool(get("needs_review", False))
        manual = get("manual") is True
    return Task(
        id=task_id,
        title=title,
        kind=kind,
        owner=owner,
        due=due,
        section=section,
        source=source,
        co_owners=list(co_owners),
        due_rule=due_rule,
        repeat=repeat,
        status=status,
        done_on=done_on,
        notes=list(notes),
        evidence=list(evidence),
        metrics=metrics,
        periods=periods,
        needs_review=needs_review,
        manual=manual,
        carried_from=carried_from,
    )


_ALWAYS_KEYS = frozenset(
    ("id", "title", "kind", "section", "source", "owner", "co_owners", "due", "due_rule", "repeat",
     "status", "notes", "evidence")
)  # fmt: skip


def _task_checked(raw: Any) -> Task:
    """:func:`task_from_toml` the long way: each field checked in a fixed order, so the first
    problem is the one reported; values of the expected type still take the short way."""
    if not isinstance(raw, dict):
        raise LawgovError("err.bad_field", field="tasks", problem="problem.tasks_array")
    get = raw.get
    task_id = get("id")
    if not isinstance(task_id, str) or not task_id.strip():
        raise LawgovError("err.bad_field", field="tasks.id", problem="problem.task_id")
    if not _clean_id(task_id):
        raise LawgovError(
            "err.bad_field", field=f"tasks.id {task_id!r}", problem="problem.no_spaces"
        )
    kind = get("kind", "measure")
    if kind not in KINDS:
        _word_meant("kind", kind)
        raise LawgovError("err.unknown_kind", kind=kind)
    status = get("status", "todo")
    if status not in STATUSES:
        _word_meant("status", status)
        raise LawgovError("err.unknown_status", status=status)
    repeat = get("repeat", "")
    if repeat not in REPEATS:
        _word_meant("repeat", repeat)
        raise LawgovError("err.unknown_repeat", repeat=repeat)
    due = get("due")
    if type(due) is not date:
        due = _date(raw, "due", task_id, required=True)
    assert due is not None
    periods_raw = get("periods", {})
    if not isinstance(periods_raw, dict):
        raise LawgovError(
            "err.bad_field", field=f"{task_id}.periods", problem="problem.periods_table"
        )
    periods: dict[str, date] = {}
    for key, ticked in periods_raw.items():
        if type(ticked) is not date:
            ticked = _date(periods_raw, key, task_id, required=True)
        periods[str(key)] = ticked
    metrics_raw = get("metrics", [])
    if not isinstance(metrics_raw, list):
        raise LawgovError(
            "err.bad_field", field=f"{task_id}.metrics", problem="problem.metrics_tables"
        )
    # In this order: the first field that is wrong is the one named.
    title = get("title")
    if type(title) is not str:
        title = _str(raw, "title", task_id)
    if not title.strip():  # every list, bulletin and notice names the task by it
        raise LawgovError("err.bad_field", field=f"{task_id}.title", problem="problem.empty")
    owner = get("owner")
    if type(owner) is not str:
        owner = _str(raw, "owner", task_id)
    section = get("section", "")
    if type(section) is not str:
        section = _str(raw, "section", task_id, "")
    source = get("source", "")
    if type(source) is not str:
        source = _str(raw, "source", task_id, "")
    co_owners = _texts(raw, "co_owners", task_id)
    due_rule = get("due_rule", "")
    if type(due_rule) is not str:
        due_rule = _str(raw, "due_rule", task_id, "")
    done_on = get("done_on")
    if done_on is not None and type(done_on) is not date:
        done_on = _date(raw, "done_on", task_id, required=False)
    notes = _texts(raw, "notes", task_id)
    evidence = _texts(raw, "evidence", task_id)
    metrics = [metric_from_toml(m, task_id) for m in metrics_raw] if metrics_raw else []
    needs_review = bool(get("needs_review", False))
    manual = get("manual") is True
    carried_from = get("carried_from", "")
    if type(carried_from) is not str:
        carried_from = _str(raw, "carried_from", task_id, "")
    report, extension = get("report"), get("extension")
    return Task(
        id=task_id,
        title=title,
        kind=cast(Kind, kind),
        owner=owner,
        due=due,
        section=section,
        source=source,
        co_owners=co_owners,
        due_rule=due_rule,
        repeat=cast(Repeat, repeat),
        status=cast(Status, status),
        done_on=done_on,
        notes=notes,
        evidence=evidence,
        metrics=metrics,
        periods=periods,
        needs_review=needs_review,
        manual=manual,
        carried_from=carried_from,
        report=pending_from_toml(report, task_id, "report") if report is not None else None,
        extension=pending_from_toml(extension, task_id, "extension") if extension is not None else None,
    )


def task_to_toml(task: Task) -> dict[str, Any]:
    """The ``[[tasks]]`` table for a new task, keys in the documented order; empty optionals left out."""
    out: dict[str, Any] = {
        "id": task.id,
        "title": task.title,
        "kind": task.kind,
        "section": task.section,
        "source": task.source,
        "owner": task.owner,
        "co_owners": list(task.co_owners),
        "due": task.due,
        "due_rule": task.due_rule,
        "repeat": task.repeat,
        "status": task.status,
    }
    if task.needs_review:
        out["needs_review"] = True
    if task.manual:
        out["manual"] = True
    if task.carried_from:
        out["carried_from"] = task.carried_from
    if task.done_on is not None:
        out["done_on"] = task.done_on
    if task.report is not None:
        out["report"] = pending_to_toml(task.report)
    if task.extension is not None:
        out["extension"] = pending_to_toml(task.extension)
    out["notes"] = list(task.notes)
    out["evidence"] = list(task.evidence)
    if task.periods:
        out["periods"] = dict(task.periods)
    if task.metrics:
        out["metrics"] = [metric_to_toml(m) for m in task.metrics]
    return out


def metric_to_toml(metric: Metric) -> dict[str, Any]:
    out: dict[str, Any] = {"name": metric.name, "unit": metric.unit}
    for key in ("baseline", "target", "actual"):
        value = getattr(metric, key)
        if value is not None:
            out[key] = value
    if metric.approx:
        out["approx"] = True
    return out


# --- history entries -------------------------------------------------------------------------

HISTORY_KEYS = ("at", "on", "by", "task", "action", "old", "new", "note")
"""Key order of a ``[[history]]`` table; all eight are always written so every entry has one shape
(``on``, the effective date, is read as the date of ``at`` in entries written before it existed)."""


_SEVEN = operator.itemgetter("at", "by", "task", "action", "old", "new", "note")


def _history_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    return None


def history_from_toml(raw: Any) -> list[HistoryEntry]:
    """The ``[[history]]`` entries of a parsed department file, in file order.

    An entry without ``at``, ``task`` or ``action`` (or with a value that is not text, a number
    or a date) is skipped rather than failing the whole file.
    """
    if not isinstance(raw, list):
        return []
    entries: list[HistoryEntry] = []
    for table in raw:
        if not isinstance(table, dict):
            continue
        try:  # the fast path: what lawgov writes, every key present and text
            at, by, task, action, old, new, note = _SEVEN(table)
        except KeyError:
            pass
        else:
            on = table.get("on", "")
            texts = str is type(at) is type(by) is type(task) is type(action) is type(old)
            if texts and str is type(new) is type(note) is type(on):
                if at and task and action:  # repeated words shared (the cache stores each once)
                    entries.append(
                        HistoryEntry(at, intern(by), intern(task), intern(action), intern(old), new, note, on)
                    )
                continue
        fields: dict[str, str] = {}
        for key in HISTORY_KEYS:
            text = _history_text(table.get(key, ""))
            if text is None:
                break
            fields[key] = text
        else:
            if fields["at"] and fields["task"] and fields["action"]:
                entries.append(HistoryEntry(**fields))
    return entries


def history_table(entry: HistoryEntry) -> dict[str, str]:
    """A ``[[history]]`` table: every key of :data:`HISTORY_KEYS`, in order, as text."""
    table = {key: str(getattr(entry, key)) for key in HISTORY_KEYS}
    if not table["on"] and entry.day != date.min:
        table["on"] = entry.day.isoformat()  # every entry lawgov writes names its effective date
    return table
