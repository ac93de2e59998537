"""A derived read cache of department files, so ``status`` on 100,000 tasks stays instant.

Parsing TOML is most of the time a read command spends on a large workspace.  The cache keeps,
for each department file, its validated tasks as plain tuples (``marshal``: fast, and unlike
pickle it cannot run code), keyed by the file's (size, mtime_ns, inode):

- it is never trusted over the TOML: an entry is used only while its file's key is unchanged,
  and a file changed less than two seconds before it was cached is not cached at all (an edit
  in the same clock tick could keep size and mtime — git's "racily clean" problem);
- it is safe to delete (``.lawgov-cache/`` is in the workspace's ``.gitignore``) and is
  rebuilt on the next read; a cache that cannot be read is ignored, one that cannot be
  written (read-only workspace) is skipped;
- it is written atomically (temp file + rename), so a killed command leaves the old or the
  new cache, never half of one.

``LAWGOV_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
from array import array
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from lawgov_cli.model import HistoryEntry, Metric, Pending, Task
from lawgov_cli.shard import Shard

CACHE_DIR = ".lawgov-cache"
_FORMAT = 10  # 9: rows carry Task.carried_from; 10: pending/marked positions, report/extension markers
_RACY_SECONDS = 2.0
# marshal's format belongs to the Python version that wrote it.
INDEX_FILE = f"index-{_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"
ROWS_DIR = f"rows-{_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"

FileKey = tuple[int, int, int, int]


def file_key(stat: os.stat_result) -> FileKey:
    """(size, mtime, inode, ctime): ``touch -d`` can put an mtime back after a same-size edit,
    but nothing but the kernel sets ctime, so an edit always changes the key."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


def _task_to_rows(task: Task) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(summary row, detail row): what ``status`` needs, and the rest."""
    summary = (
        task.id,
        task.title,
        task.kind,
        task.owner,
        task.due.toordinal(),
        task.section,
        tuple(task.co_owners),
        task.repeat,
        task.status,
        task.done_on.toordinal() if task.done_on else 0,
        tuple((k, v.toordinal()) for k, v in task.periods.items()),
        task.needs_review,
        task.manual,
        _pending_row(task.report),
        _pending_row(task.extension),
    )
    detail = (
        task.source,
        task.due_rule,
        tuple(task.notes),
        tuple(task.evidence),
        tuple((m.name, m.unit, m.baseline, m.target, m.actual, m.approx) for m in task.metrics),
        task.carried_from,
    )
    return summary, detail


def _pending_row(pending: Pending | None) -> tuple[Any, ...] | None:
    if pending is None:
        return None
    to = pending.to.toordinal() if pending.to else 0
    return (pending.since.toordinal(), pending.by, to, pending.reason, pending.late)


def _pending(row: tuple[Any, ...] | None) -> Pending | None:
    if row is None:
        return None
    since, by, to, reason, late = row
    return Pending(date.fromordinal(since), by, date.fromordinal(to) if to else None, reason, late)


def _build(summary: tuple[Any, ...], detail: tuple[Any, ...]) -> Task:
    fromordinal = date.fromordinal
    return Task(
        summary[0],
        summary[1],
        summary[2],
        summary[3],
        fromordinal(summary[4]),
        summary[5],
        detail[0],
        list(summary[6]),
        detail[1],
        summary[7],
        summary[8],
        fromordinal(summary[9]) if summary[9] else None,
        list(detail[2]),
        list(detail[3]),
        [Metric(*m) for m in detail[4]],
        {k: fromordinal(v) for k, v in summary[10]} if summary[10] else {},
        summary[11],
        summary[12],
        detail[5] if len(detail) > 5 else "",
        _pending(summary[13]) if len(summary) > 13 else None,
        _pending(summary[14]) if len(summary) > 14 else None,
    )


class TaskCache:
    """The cache of one workspace.

    ``index-*.marshal`` holds, per department file, its key and its progress index (ids, status
    codes, first open due dates, co-owners) — all ``status`` reads.  ``rows/<file>.marshal``
    holds the file's tasks (summary rows, and details as a nested blob), read only when a
    command needs the tasks themselves.
    """

    def __init__(self, root: Path, entries: dict[str, Any], enabled: bool, verified: str = "") -> None:
        self.root = root
        self.verified = verified
        """Fingerprint of the file keys for which ids were last found unique across files."""
        self.folder = root / CACHE_DIR
        self.entries = entries
        self.enabled = enabled
        self.dirty = False
        self.parsed = 0
        """Files parsed from TOML in this load (cache misses)."""
        self.seen: set[str] = set()

    @classmethod
    def open(cls, root: Path) -> TaskCache:
        if os.environ.get("LAWGOV_NO_CACHE"):
            return cls(root, {}, enabled=False)
        try:
            data = marshal.loads((root / CACHE_DIR / INDEX_FILE).read_bytes())
            valid = (
                isinstance(data, dict)
                and data.get("format") == _FORMAT
                and isinstance(data.get("files"), dict)
            )
            entries = data["files"] if valid else {}
            verified = str(data.get("verified", "")) if valid else ""
        except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
            entries, verified = {}, ""
        return cls(root, entries, enabled=True, verified=verified)

    def fingerprint(self, keys: list[tuple[str, FileKey]]) -> str:
        import hashlib

        return hashlib.sha1(repr(keys).encode()).hexdigest()

    def mark_verified(self, fingerprint: str) -> None:
        if self.enabled and fingerprint != self.verified:
            self.verified = fingerprint
            self.dirty = True

    def get(self, name: str, key: FileKey, path: Path) -> Shard | None:
        """The file's shard if its key is unchanged (tasks restored lazily from the rows file)."""
        self.seen.add(name)
        entry = self.entries.get(name)
        if not self.enabled or entry is None:
            return None
        try:
            if tuple(entry[0]) != key:
                return None
            (
                _,
                dept,
                ids,
                titles,
                statuses,
                dues,
                co_owners,
                periods,
                open_due_bytes,
                open_index_bytes,
                mark,
                loop,
            ) = entry
            pending, marked = tuple(loop[0]), tuple(loop[1])
            first_due, open_due, open_index = array("l"), array("l"), array("l")
            first_due.frombytes(dues)
            open_due.frombytes(open_due_bytes)
            open_index.frombytes(open_index_bytes)
            if len(first_due) != len(statuses) or len(open_due) != len(open_index):
                return None
            last_day, undated, late = int(mark[0]), bool(mark[1]), int(mark[2])
            changed = array("l")
            changed.frombytes(mark[3])
            timelines = mark[4]
            if not isinstance(timelines, bytes):
                return None
            if len(changed) != len(statuses):
                return None
        except (TypeError, ValueError, IndexError, KeyError):  # a damaged entry is a cache miss
            return None
        rows_path = self.folder / ROWS_DIR / (name + ".marshal")
        return Shard(
            dept,
            path,
            ids,
            titles,
            statuses,
            first_due,
            frozenset(co_owners),
            dict(periods),
            loader=lambda: self._load_rows(rows_path, key, path),
            open_order=(open_due, open_index),
            ledger=(last_day, undated, late),
            changed=changed,
            timelines_blob=timelines,
            history_loader=lambda: self._load_history(rows_path, key, path),
            pending=pending,
            marked=marked,
        )

    def _load_rows(self, rows_path: Path, key: FileKey, path: Path) -> list[Task]:
        try:
            data = marshal.loads(rows_path.read_bytes())
            if tuple(data[0]) == key:
                details = marshal.loads(data[2])
                return [_build(row, extra) for row, extra in zip(data[1], details, strict=True)]
        except (OSError, ValueError, EOFError, TypeError, IndexError):
            pass
        # The rows file is gone or stale (deleted by hand, another writer): parse the TOML.
        from lawgov_cli.store.load import load_department_file

        return load_department_file(path, expected=path.stem)[1]

    def _load_history(self, rows_path: Path, key: FileKey, path: Path) -> list[HistoryEntry]:
        try:
            data = marshal.loads(rows_path.read_bytes())
            if tuple(data[0]) == key:
                return [HistoryEntry(*row) for row in marshal.loads(data[3])]
        except (OSError, ValueError, EOFError, TypeError, IndexError):
            pass
        from lawgov_cli.store.load import load_department

        return load_department(path, expected=path.stem)[3]

    def put(
        self, name: str, key: FileKey, shard: Shard, tasks: list[Task], history: list[HistoryEntry]
    ) -> None:
        self.parsed += 1
        if not self.enabled:
            return
        self.dirty = True
        if time.time_ns() - key[1] < _RACY_SECONDS * 1e9:
            self.entries.pop(name, None)  # racily clean: may change again within the same tick
            return
        self.entries[name] = (
            key,
            shard.dept,
            shard.joined_ids(),
            shard.joined_titles(),
            shard.statuses,
            shard.first_due.tobytes(),
            tuple(shard.co_owners),
            shard.periods,
            shard.open_due.tobytes(),
            shard.open_index.tobytes(),
            (shard.last_day, shard.undated, shard.late, shard.changed.tobytes(), shard.timelines_blob()),
            (shard.pending, shard.marked),
        )
        rows = [_task_to_rows(t) for t in tasks]
        # Details and history are nested blobs so a command that needs summaries only does not
        # decode them.
        entries = tuple((e.at, e.by, e.task, e.action, e.old, e.new, e.note, e.on) for e in history)
        data = marshal.dumps(
            (
                key,
                tuple(r[0] for r in rows),
                marshal.dumps(tuple(r[1] for r in rows)),
                marshal.dumps(entries),
            )
        )
        # Written now rather than kept for save(): a cold read of a city workspace then holds one
        # file's rows at a time.  A rows file without its index entry is never read.
        try:
            (self.folder / ROWS_DIR).mkdir(parents=True, exist_ok=True)
            _write(self.folder / ROWS_DIR / (name + ".marshal"), data)
        except (OSError, ValueError):
            self.entries.pop(name, None)

    def loader(self, name: str, key: FileKey, path: Path) -> Callable[[], list[Task]]:
        """Tasks of a file read back from its rows (or its TOML when the rows are gone)."""
        rows_path = self.folder / ROWS_DIR / (name + ".marshal")
        return lambda: self._load_rows(rows_path, key, path)

    def save(self) -> None:
        """Write what changed (entries of deleted files dropped); failures are ignored."""
        if not self.enabled:
            return
        stale = set(self.entries) - self.seen
        if not self.dirty and not stale:
            return
        try:
            for name in stale:
                del self.entries[name]
                (self.folder / ROWS_DIR / (name + ".marshal")).unlink(missing_ok=True)
            (self.folder / ROWS_DIR).mkdir(parents=True, exist_ok=True)
            _write(
                self.folder / INDEX_FILE,
                marshal.dumps({"format": _FORMAT, "files": self.entries, "verified": self.verified}),
            )
            _remove_other_formats(self.folder)
        except (OSError, ValueError):
            pass  # a read-only workspace or a full disk: reading works, just without the cache


def _remove_other_formats(folder: Path) -> None:
    """Caches of other formats or Python versions are dead weight: remove them."""
    import shutil

    for item in folder.iterdir():
        if item.name in (INDEX_FILE, ROWS_DIR) or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.rmtree(item, ignore_errors=True)
        else:
            item.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()
