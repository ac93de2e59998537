"""The JSON export: the ``status --format json`` numbers plus every field of every task (schema 1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lawgov_cli.model import Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Progress, TaskState, progress_json


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
    ``json.loads`` of the concatenation equals :func:`to_json`."""
    import json

    from lawgov_cli.fileio import strip_controls_deep

    head = strip_controls_deep(to_json_head(workspace, progress))
    text = json.dumps(head, ensure_ascii=False, indent=2)
    assert text.endswith("\n}")
    states = progress.tasks
    if not states:
        yield (text[:-2] + ',\n  "tasks": []\n}\n').encode("utf-8")
        return
    yield (text[:-2] + ',\n  "tasks": [\n').encode("utf-8")
    encode = _compact_encoder()
    last = len(states) - 1
    for start in range(0, len(states), _BATCH):
        batch = states[start : start + _BATCH]
        documents = [task_document(state, workspace) for state in batch]
        chunk = "".join(
            "    " + encode(document) + (",\n" if index < last else "\n")
            for index, document in enumerate(documents, start)
        )
        if _SUSPECT.search(chunk):  # a control or bidi character somewhere: strip it from the data
            chunk = "".join(
                "    " + encode(strip_controls_deep(document)) + (",\n" if index < last else "\n")
                for index, document in enumerate(documents, start)
            )
        yield chunk.encode("utf-8")
    yield b"  ]\n}\n"


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
