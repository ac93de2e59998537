"""All-or-nothing replacement of several workspace files, with an intent journal rolled forward.

``lawgov assign`` moves a task from one department file to another: two files, two renames.  A
kill between them would leave the task in both files (or, in the other order, in neither).  So:

1. every new file's bytes (and a hash of each file's current bytes) go into the journal
   ``.lawgov-journal.json`` in the workspace, written atomically — this is the commit point;
2. each file is replaced atomically;
3. the journal is deleted.

Every command that loads the workspace first calls :func:`recover`: a journal left by a killed
command is rolled forward under the workspace lock (a file already holding its new bytes is
skipped; one still holding its old bytes is written), so the next command — whatever it is —
sees the move completed, exactly one owner.  A file changed by hand since (neither old nor new
bytes) is not overwritten: the command stops with one line naming it and the journal.

Self-contained on purpose: the general multi-file transaction of ``store/`` can replace it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import HistoryEntry, task_from_toml
from lawgov_cli.store.atomic import write_atomic
from lawgov_cli.store.load import JOURNAL_FILE
from lawgov_cli.store.lock import holds_lock, workspace_lock

JOURNAL_NAME: Final = JOURNAL_FILE
KILL_HOOK: Final = "LAWGOV_TEST_KILL_AFTER_FIRST_WRITE"
"""Test-only: when set, the process kills itself (SIGKILL) after the first file is replaced."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LawgovError("err.file_unreadable", path=path, reason=exc.strerror or str(exc)) from None


def commit(root: Path, files: Mapping[Path, tuple[bytes | None, bytes]]) -> None:
    """Replace each ``path`` (``(old bytes or None, new bytes)``) so that all change or none does.

    The caller holds the workspace lock and has verified every new content.
    """
    entries = [
        {
            "path": str(path.relative_to(root)),
            "old": _digest(old) if old is not None else None,
            "new": base64.b64encode(new).decode("ascii"),
        }
        for path, (old, new) in files.items()
    ]
    journal = root / JOURNAL_NAME
    write_atomic(journal, json.dumps({"schema": 1, "files": entries}).encode("utf-8"))
    for number, path in enumerate(files):
        write_atomic(path, files[path][1])
        if number == 0 and os.environ.get(KILL_HOOK):
            import signal

            os.kill(os.getpid(), signal.SIGKILL)
    journal.unlink()


def pending(root: Path) -> bool:
    return (root / JOURNAL_NAME).exists()


def recover(root: Path) -> None:
    """Roll forward a journal a killed command left behind (takes the workspace lock)."""
    if not pending(root):
        return
    if holds_lock(root):
        roll_forward(root)
        return
    with workspace_lock(root):
        roll_forward(root)


def roll_forward(root: Path) -> None:
    """:func:`recover` for a caller that already holds the lock."""
    journal = root / JOURNAL_NAME
    raw = _current(journal)
    if raw is None:
        return
    try:
        entries = json.loads(raw)["files"]
        plan = [(root / e["path"], e["old"], base64.b64decode(e["new"])) for e in entries]
    except (ValueError, KeyError, TypeError):
        # Written atomically, so a damaged journal was damaged by hand: nothing safe to roll forward.
        raise LawgovError("err.bad_journal", path=journal) from None
    tasks_dir = (root / "tasks").resolve()
    for path, old, new in plan:
        if not path.resolve().is_relative_to(tasks_dir):
            raise LawgovError("err.bad_journal", path=journal)
        now = _current(path)
        if now == new:
            continue
        if (old is None and now is not None) or (old is not None and (now is None or _digest(now) != old)):
            raise LawgovError("err.journal_conflict", path=path, journal=journal)
    for path, _, new in plan:
        if _current(path) != new:
            write_atomic(path, new)
    journal.unlink()


def move_task(
    root: Path,
    task_id: str,
    source: Path,
    target: Path,
    fields: Mapping[str, Any],
    history: Sequence[HistoryEntry],
    new_file: Callable[[dict[str, Any], list[HistoryEntry]], bytes],
) -> None:
    """Move ``task_id`` with its ``[[history]]`` from ``source`` to ``target`` (``lawgov assign``).

    ``fields`` are set on the moved table (``owner``, ``co_owners``); ``history`` is appended
    after the moved entries.  ``new_file`` renders ``target`` when it does not exist yet.  Both
    files' new contents are computed and verified first, then committed together (destination
    first).  The caller holds the workspace lock.
    """
    from lawgov_cli.store.edit import appended_bytes, ensure_in_tasks_dir, removed_bytes

    for path in (source, target):
        ensure_in_tasks_dir(root, path)
    old_source = source.read_bytes()
    new_source, table, moved = removed_bytes(source, task_id)
    table.update(fields)
    task_from_toml(table)  # the moved table is still a valid task
    entries = [*moved, *history]
    old_target = _current(target)
    new_target = (
        appended_bytes(target, [table], entries) if old_target is not None else new_file(table, entries)
    )
    commit(root, {target: (old_target, new_target), source: (old_source, new_source)})
