"""Moving a task from one department file to another (``lawgov assign``), as new file contents.

Nothing is written here: :func:`move_writes` returns each file's new bytes (verified by reading
them back) and the bytes it expects each file to still hold, for
:func:`lawgov_cli.store.transaction.commit` to replace both as one change — a kill between the
two renames is completed by the next command, so the task always has exactly one owner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from lawgov_cli.model import HistoryEntry
from lawgov_cli.store.department import ensure_in_tasks_dir
from lawgov_cli.store.patch import appended_bytes, removed_bytes
from lawgov_cli.toml_records import task_from_toml


def move_writes(
    root: Path,
    task_id: str,
    source: Path,
    target: Path,
    fields: Mapping[str, Any],
    history: Sequence[HistoryEntry],
    new_file: Callable[[dict[str, Any], list[HistoryEntry]], bytes],
) -> tuple[dict[Path, bytes], dict[Path, bytes]]:
    """(writes, expected current bytes) that move ``task_id`` with its ``[[history]]`` from
    ``source`` to ``target``.

    ``fields`` are set on the moved table (``owner``, ``co_owners``); ``history`` is appended
    after the moved entries.  ``new_file`` renders ``target`` when it does not exist yet.  The
    destination comes first in ``writes``.
    """
    for path in (source, target):
        ensure_in_tasks_dir(root, path)
    old_source = source.read_bytes()
    new_source, table, moved = removed_bytes(source, task_id)
    table.update(fields)
    task_from_toml(table)  # the moved table is still a valid task
    entries = [*moved, *history]
    if target.exists():
        old_target = target.read_bytes()
        new_target = appended_bytes(target, old_target, [table], entries)
    else:
        old_target, new_target = b"", new_file(table, entries)
    return {target: new_target, source: new_source}, {target: old_target, source: old_source}
