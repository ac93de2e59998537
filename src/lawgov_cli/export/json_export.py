"""The JSON export: the ``status --format json`` numbers plus every field of every task (schema 1)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from json.encoder import encode_basestring as _quote  # the C function: a JSON string as json.dumps writes it
from typing import TYPE_CHECKING, Any

from lawgov_cli.model import Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Progress, TaskState, progress_json
from lawgov_cli.walk import positions_in_id_order, task_files

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile


def task_document(state: TaskState, workspace: Workspace) -> dict[str, Any]:
    """One task as in ``list --format json``, plus where it stands on ``as_of``."""
    from lawgov_cli.fields import task_json

    task = state.task
    document: dict[str, Any] = dict(task_json(task, workspace))
    periods: dict[str, dict[str, str | None]] = {
        p.key: {
            "due": p.due.isoformat(),
            "done_on": task.periods[p.key].isoformat() if p.key in task.periods else None,
        }
        for p in task_periods(task)
    }
    for key, ticked in task.periods.items():  # a hand-written key outside the plan year is kept
        periods.setdefault(key, {"due": None, "done_on": ticked.isoformat()})
    document.update(
        {
            "light": state.light,
            "overdue": state.overdue,
            "days_overdue": state.days_overdue,
            "due_soon": state.due_soon,
            "next_due": state.next_due.isoformat() if state.next_due else None,
            "missed_periods": list(state.missed_periods),
            "notes": list(task.notes),
            "evidence": list(task.evidence),
            "periods": periods,
        }
    )
    return document


def to_json(workspace: Workspace, progress: Progress) -> dict[str, Any]:
    """``{"schema": 1, "as_of", "due_soon_days", "workspace", "totals", "departments", "tasks"}``.

    ``totals`` and ``departments`` are exactly those of ``status --format json``.
    """
    return {
        **to_json_head(workspace, progress),
        "tasks": [task_document(state, workspace) for state in progress.tasks],
    }


_BATCH = 500
"""Tasks encoded per chunk written."""

_SUSPECT = re.compile(r"\\u00[01][0-9a-f]|\\[bfr]|[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
"""What a control or bidi character of the data looks like once encoded (C0 ones as escapes, the
others as themselves); a false positive (a text holding a backslash and a ``b``) only costs a
second encoding of its batch with every string passed through ``strip_controls``."""


def json_chunks(workspace: Workspace, progress: Progress) -> Iterator[bytes]:
    """The document of :func:`to_json` as UTF-8 chunks, streamed: everything but the tasks indented
    by two spaces, then one task per line, each encoded by the C encoder (``indent`` would force
    the pure-Python one, ~10x slower, and the whole document would be held in memory).
    ``json.loads`` of the concatenation equals :func:`to_json`.

    Task documents are made from each file's cached rows (no ``Task`` is built but for the few
    awaiting the office), one file at a time, and written in id order: a file's lines are kept
    only until its last task is written (ids of one file are usually contiguous, so about one
    file's lines at a time)."""
    import json

    from lawgov_cli.fileio import strip_controls_deep

    head = strip_controls_deep(to_json_head(workspace, progress))
    text = json.dumps(head, ensure_ascii=False, indent=2)
    assert text.endswith("\n}")
    shards = task_files(progress)
    order = positions_in_id_order(shards)
    if not order:
        yield (text[:-2] + ',\n  "tasks": []\n}\n').encode("utf-8")
        return
    yield (text[:-2] + ',\n  "tasks": [\n').encode("utf-8")
    make = _DocumentMaker(workspace, progress)
    remaining = [len(shard) for shard in shards]
    lines: dict[int, list[str]] = {}
    last = len(order) - 1
    batch: list[str] = []
    for number, (s, i) in enumerate(order):
        encoded = lines.get(s)
        if encoded is None:
            encoded = lines[s] = make.lines(shards[s])
        batch.append("    " + encoded[i] + (",\n" if number < last else "\n"))
        remaining[s] -= 1
        if not remaining[s]:
            del lines[s]
        if len(batch) == _BATCH:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")
    yield b"  ]\n}\n"


class _DocumentMaker:
    """Encoded task documents (:func:`task_document`) from a file's cached rows."""

    def __init__(self, workspace: Workspace, progress: Progress) -> None:
        self.names = {d.id: d.name for d in workspace.departments.values()}
        self.workspace = workspace
        self.as_of = progress.as_of
        self.cutoff = progress.cutoff
        self.window_end = progress.as_of + timedelta(days=progress.due_soon_days)
        self.encode = _compact_encoder()
        self.quoted: dict[int, str] = {}
        self.quoted_names: dict[str, str] = {}
        self.periods: dict[tuple[str, int], tuple[tuple[str, str, date], ...]] = {}
        self.progress = progress
        from lawgov_cli import fields

        # The line template holds the task keys of today's field table; a table with other JSON
        # keys (a field added) makes every document the slow way, from the table itself.
        self.fast = tuple(f.name for f in fields.FIELDS if f.json is not None) == _TASK_KEYS

    def lines(self, shard: TaskFile) -> list[str]:
        """The encoded document of each task of ``shard``, in file order, control characters
        stripped from the data of a document that holds one."""
        from lawgov_cli.fileio import strip_controls_deep
        from lawgov_cli.store.cache import build_task, task_rows

        summaries, details = task_rows(shard)
        encode = self.encode
        fast = self.fast_line if self.fast else None
        out = []
        for summary, detail in zip(summaries, details(), strict=True):
            line = fast(summary, detail) if fast is not None else None
            if line is None:
                state = self.progress.state_of(build_task(summary, detail))
                document = task_document(state, self.workspace)
                line = encode(document)
                if _SUSPECT.search(line):  # a control or bidi character: strip it from the data
                    line = encode(strip_controls_deep(document))
            out.append(line)
        return out

    def fast_line(self, s: tuple[Any, ...], d: tuple[Any, ...]) -> str | None:
        """The encoded :func:`task_document` written straight from the rows (what the C encoder
        prints for it, with ``", "`` and ``": "``), or None for a task this cannot do: one
        awaiting the office, or whose text holds a character that is not printable (a control
        or bidi character to strip, or just a line break in a note)."""
        if s[13] is not None or s[14] is not None:
            return None
        owner, co_owners, notes, evidence, metrics, ticked = s[3], s[6], d[2], d[3], d[4], s[10]
        text = [s[0], s[1], s[5], d[0], d[1], *co_owners, *notes, *evidence]
        if metrics:
            text.extend(str(m[0]) + str(m[1]) for m in metrics)
        if ticked:
            text.extend(key for key, _ in ticked)
        if not "".join(text).isprintable():
            return None
        name = self.quoted_names.get(owner)
        if name is None:
            name = self.names.get(owner, owner)
            if not name.isprintable():
                return None
            name = self.quoted_names[owner] = _quote(name)
        day = self.quoted_day
        status, repeat = s[8], s[7]
        ticks = dict(ticked) if ticked else {}
        table = self._periods(repeat, s[4]) if repeat else ()
        days = 0
        soon = False
        missed = "[]"
        next_due = "null"
        if status not in ("done", "dropped", "reported"):  # as shard.first_open_due_of
            first = (
                next((due for key, _, due in table if key not in ticks), None)
                if repeat
                else date.fromordinal(s[4])
            )
            if first is not None:
                next_due = day(first.toordinal())
                days = max(0, (self.cutoff - first).days)
                if days and repeat:
                    missed = _list([key for key, _, due in table if key not in ticks and due < self.cutoff])
                soon = not days and first <= self.window_end
        if table or ticks:
            periods = {
                key: f'{{"due": "{due_text}", "done_on": {day(ticks[key]) if key in ticks else "null"}}}'
                for key, due_text, _ in table
            }
            for key, ordinal in ticks.items():  # a hand-written key outside the plan year is kept
                periods.setdefault(key, f'{{"due": null, "done_on": {day(ordinal)}}}')
            period_text = "{" + ", ".join(f"{_quote(k)}: {v}" for k, v in periods.items()) + "}"
        else:
            period_text = "{}"
        carried = d[5] if len(d) > 5 else ""
        return _LINE % (
            _quote(s[0]),
            _quote(s[1]),
            _quote(s[2]),
            _quote(s[5]),
            _quote(d[0]),
            _quote(owner),
            name,
            _list(co_owners),
            day(s[4]),
            _quote(d[1]),
            _quote(repeat),
            _quote(status),
            day(s[9]) if s[9] else "null",
            "true" if s[11] else "false",
            _quote(carried) if carried else "null",
            self.encode(_metric_documents(metrics)) if metrics else "[]",
            "red" if days else "yellow" if soon else "green",
            "true" if days else "false",
            days,
            "true" if soon else "false",
            next_due,
            missed,
            _list(notes),
            _list(evidence),
            period_text,
        )

    def quoted_day(self, ordinal: int) -> str:
        text = self.quoted.get(ordinal)
        if text is None:
            text = self.quoted[ordinal] = '"' + date.fromordinal(ordinal).isoformat() + '"'
        return text

    def _periods(self, repeat: str, due: int) -> tuple[tuple[str, str, date], ...]:
        """(key, ISO due, due) of each period of a task repeating ``repeat`` due on ordinal ``due``."""
        year = date.fromordinal(due).year
        table = self.periods.get((repeat, year))
        if table is None:
            from lawgov_cli.periods import periods

            table = self.periods[(repeat, year)] = tuple(
                (p.key, p.due.isoformat(), p.due)
                for p in periods(repeat, year)  # type: ignore[arg-type]
            )
        return table


_LINE = (
    '{"id": %s, "title": %s, "kind": %s, "section": %s, "source": %s, "owner": %s, "owner_name": %s, '
    '"co_owners": %s, "due": %s, "due_rule": %s, "repeat": %s, "status": %s, "done_on": %s, '
    '"needs_review": %s, "carried_from": %s, "metrics": %s, "pending": [], "light": "%s", '
    '"overdue": %s, "days_overdue": %d, "due_soon": %s, "next_due": %s, "missed_periods": %s, '
    '"notes": %s, "evidence": %s, "periods": %s}'
)
"""A task document as the C encoder writes it (``", "`` and ``": "``, keys in :func:`task_document`'s
order), for a task awaiting nothing; a test compares the two on every kind of task."""


_TASK_KEYS = (
    "id", "title", "kind", "section", "source", "owner", "owner_name", "co_owners", "due", "due_rule",
    "repeat", "status", "done_on", "needs_review", "carried_from", "metrics", "pending",
)  # fmt: skip
"""The keys of ``fields.task_json`` that :data:`_LINE` writes, in its order."""


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(map(_quote, items)) + "]" if items else "[]"


def _metric_documents(metrics: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [{"name": m[0], "unit": m[1], "baseline": m[2], "target": m[3], "actual": m[4]} for m in metrics]


def _compact_encoder() -> Any:
    """``json.dumps(obj, ensure_ascii=False)`` without its per-call set-up: one C encoder, made
    once (the standard library builds a new one on every call); the pure-Python one otherwise."""
    import json
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has the C accelerator
        return json.JSONEncoder(ensure_ascii=False).encode

    def default(value: Any) -> Any:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    # The arguments JSONEncoder(ensure_ascii=False).iterencode passes (no circular check: a
    # task document is a tree we build).
    c_encode = make(None, default, encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(c_encode(value, 0))


def to_json_head(workspace: Workspace, progress: Progress) -> dict[str, Any]:
    """:func:`to_json` without its ``tasks``."""
    status = progress_json(progress)
    settings = workspace.settings
    return {
        "schema": 1,
        "as_of": status["as_of"],
        "due_soon_days": status["due_soon_days"],
        "workspace": {"title": settings.title, "region": settings.region, "plan_year": settings.plan_year},
        "totals": status["totals"],
        "departments": status["departments"],
        "pending": status["pending"],
    }


__all__ = ["json_chunks", "task_document", "to_json"]
