"""The JSON export: the ``status --format json`` numbers plus every field of every task (schema 1)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lawgov_cli.export.json_lines import DocumentMaker, task_document
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Progress, progress_json
from lawgov_cli.walk import runs_in_id_order, task_files

if TYPE_CHECKING:
    from lawgov_cli.i18n import Lang


def to_json(workspace: Workspace, progress: Progress) -> dict[str, Any]:
    """``{"schema": 1, "as_of", "due_soon_days", "workspace", "totals", "departments", "tasks"}``.

    ``totals`` and ``departments`` are exactly those of ``status --format json``.
    """
    return {
        **to_json_head(workspace, progress),
        "tasks": [task_document(state, workspace) for state in progress.tasks],
    }


_CHUNK = 1 << 20
"""Bytes gathered before a chunk is handed to the writer."""


def json_chunks(workspace: Workspace, progress: Progress, lang: Lang | None = None) -> Iterator[bytes]:
    """The document of :func:`to_json` as UTF-8 chunks, streamed: everything but the tasks indented
    by two spaces, then one task per line, as the C encoder writes it (``indent`` would force the
    pure-Python one, ~10x slower, and the whole document would be held in memory).
    ``json.loads`` of the concatenation equals :func:`to_json` (in any ``lang``: keys and values
    are the same in every language).

    Task lines are made a file at a time (:class:`~lawgov_cli.export.json_lines.DocumentMaker`: from what an earlier export
    kept, else from the file's cached rows; no ``Task`` is built but for the few awaiting the
    office or holding a character to strip) and written in id order: a file's lines are kept
    only until its last task is written (ids of one file are usually contiguous, so about one
    file's lines at a time), a run of a file's consecutive tasks written at once."""
    import json

    from lawgov_cli.export.pool import helpers_for, made_in_order
    from lawgov_cli.fileio import strip_controls_deep
    from lawgov_cli.store.derived import cache_loader, lacking

    shards = task_files(progress)
    # Taken before the head lists what awaits the office (that builds those files' tasks), so
    # those files keep their lines too.
    loaders = [cache_loader(shard) for shard in shards]
    head = strip_controls_deep(to_json_head(workspace, progress))
    text = json.dumps(head, ensure_ascii=False, indent=2)
    assert text.endswith("\n}")
    runs = runs_in_id_order(shards)
    if not runs:
        yield (text[:-2] + ',\n  "tasks": []\n}\n').encode("utf-8")
        return
    yield (text[:-2] + ',\n  "tasks": [\n').encode("utf-8")
    make = DocumentMaker(workspace, progress)
    order = list(dict.fromkeys(s for s, _, _ in runs))  # each file where its first task is written
    helpers = helpers_for([n for s in order if (n := lacking(shards[s], ".json", loaders[s]))])
    made = made_in_order(order, lambda s: make.file_text(shards[s], loaders[s]), helpers)
    remaining = [len(shard) for shard in shards]
    texts: dict[int, bytes] = {}
    split: dict[int, list[bytes]] = {}
    parts: list[bytes] = []
    size = 0
    for s, start, stop in runs:
        encoded = texts.get(s)
        if encoded is None:
            encoded = texts[s] = next(made)
        if start == 0 and stop == len(shards[s]):
            part = encoded
        else:  # a line never holds a line break: the file's text splits into its lines
            lines = split.get(s)
            if lines is None:
                lines = split[s] = encoded.split(b",\n")
            part = b",\n".join(lines[start:stop])
        parts.append(part)
        size += len(part)
        remaining[s] -= stop - start
        if not remaining[s]:
            del texts[s]
            split.pop(s, None)
        if size >= _CHUNK:
            yield b",\n".join(parts) + b",\n"
            parts, size = [], 0
    with contextlib.suppress(StopIteration):  # the helpers are done: let them go
        next(made)
    yield b",\n".join(parts) + b"\n  ]\n}\n"


def to_json_head(workspace: Workspace, progress: Progress) -> dict[str, Any]:
    """:func:`to_json` without its ``tasks``."""
    status = progress_json(progress, lists=False)
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


__all__ = ["json_chunks", "task_document", "to_json", "to_json_head"]
