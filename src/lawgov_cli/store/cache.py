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
  new cache, never half of one;
- every cache file carries a BLAKE2b checksum of its bytes: a file whose checksum does not match
  (a flipped bit, a truncated copy) is ignored and rebuilt, never decoded;
- it never follows a symbolic link and never deletes what it did not create: when
  ``.lawgov-cache`` is anything but a real directory inside the workspace (a committed symlink
  to ``.`` or to ``../elsewhere``, a plain file), the cache is off for that run and nothing is
  read, written or deleted through it; inside it, only lawgov's own file names are removed.

``LAWGOV_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import stat
import sys
import time
from array import array
from collections.abc import Callable, Sequence
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

_MAGIC = b"LGC1"
_DIGEST = 16
_MAX_CACHE_BYTES = 1 << 30
_OWN_INDEX = re.compile(r"index-\d+-py\d+\.marshal")
_OWN_ROWS = re.compile(r"rows-\d+-py\d+")
_OWN_ROW_FILE = re.compile(r"[A-Za-z0-9_-]+\.toml\.marshal")
_OWN_TEMP = re.compile(r"\.[A-Za-z0-9_.-]+\.\d+\.tmp")


class _Damaged(Exception):
    """A cache file that is missing, not ours, or whose checksum does not match."""


def _seal(payload: bytes) -> bytes:
    return _MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload


def _unseal(data: bytes) -> bytes:
    head = len(_MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(_MAGIC):
        raise _Damaged
    payload = data[head:]
    if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != data[len(_MAGIC) : head]:
        raise _Damaged
    return payload


def _real_directory(path: Path) -> bool:
    """Whether ``path`` itself (not what a link points to) is a directory."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_sealed(path: Path) -> Any:
    """The value marshalled in the cache file ``path``; ``_Damaged`` for anything but our own bytes."""
    from lawgov_cli.errors import LawgovError
    from lawgov_cli.fileio import read_regular

    try:
        data = read_regular(
            path, _MAX_CACHE_BYTES, lambda size: LawgovError("err.generic", message=""), follow_symlinks=False
        )
        return marshal.loads(_unseal(data))
    except (LawgovError, ValueError, EOFError, TypeError) as exc:
        raise _Damaged from exc


def cache_folder_usable(root: Path) -> bool:
    """``.lawgov-cache`` is absent (it will be created) or a real directory: never a link or a file."""
    folder = root / CACHE_DIR
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISDIR(mode)


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

    def __init__(
        self, root: Path, entries: dict[str, Any], enabled: bool, verified: str = "", writable: bool = True
    ) -> None:
        self.root = root
        self.writable = writable and enabled
        """False for commands that must write nothing (``sync --dry-run``): the cache is only read."""
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
    def open(cls, root: Path, *, writable: bool = True) -> TaskCache:
        if os.environ.get("LAWGOV_NO_CACHE") or not cache_folder_usable(root):
            return cls(root, {}, enabled=False)
        try:
            data = _read_sealed(root / CACHE_DIR / INDEX_FILE)
            valid = (
                isinstance(data, dict)
                and data.get("format") == _FORMAT
                and isinstance(data.get("files"), dict)
            )
            entries = data["files"] if valid else {}
            verified = str(data.get("verified", "")) if valid else ""
        except (_Damaged, ValueError, TypeError, KeyError, AttributeError):
            entries, verified = {}, ""
        return cls(root, entries, enabled=True, verified=verified, writable=writable)

    def fingerprint(self, keys: list[tuple[str, FileKey]]) -> str:
        """The file keys themselves, as text: compared exactly, and no hash library to import
        on every run (a city's 500 keys are ~40 KB in the index)."""
        return repr(keys)

    def mark_verified(self, fingerprint: str) -> None:
        if self.writable and fingerprint != self.verified:
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
            loader=RowsLoader(self, rows_path, key, path),
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
            data = _read_sealed(rows_path)
            if tuple(data[0]) == key:
                details = marshal.loads(data[2])
                return [_build(row, extra) for row, extra in zip(data[1], details, strict=True)]
        except (_Damaged, ValueError, EOFError, TypeError, IndexError, KeyError, AttributeError):
            pass
        # The rows file is gone, stale or damaged (deleted by hand, another writer, a flipped
        # bit): parse the TOML, and write the rows again for the next command.
        return self._rebuild_rows(rows_path, key, path)[0]

    def _rebuild_rows(self, rows_path: Path, key: FileKey, path: Path) -> tuple[list[Task], list[HistoryEntry]]:
        from lawgov_cli.store.load import load_department

        _, tasks, _, history = load_department(path, expected=path.stem)
        try:
            unchanged = file_key(path.stat()) == key  # the rows must describe what was keyed
        except OSError:
            unchanged = False
        if self.writable and unchanged:
            with contextlib.suppress(OSError, ValueError):
                self._make_folders()
                _write(rows_path, _seal(_rows_blob(key, tasks, history)))
        return tasks, history

    def _load_history(self, rows_path: Path, key: FileKey, path: Path) -> list[HistoryEntry]:
        try:
            data = _read_sealed(rows_path)
            if tuple(data[0]) == key:
                return [HistoryEntry(*row) for row in marshal.loads(data[3])]
        except (_Damaged, ValueError, EOFError, TypeError, IndexError, KeyError, AttributeError):
            pass
        return self._rebuild_rows(rows_path, key, path)[1]

    def put(
        self, name: str, key: FileKey, shard: Shard, tasks: list[Task], history: list[HistoryEntry]
    ) -> None:
        self.parsed += 1
        if not self.writable:
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
        data = _rows_blob(key, tasks, history)
        # Written now rather than kept for save(): a cold read of a city workspace then holds one
        # file's rows at a time.  A rows file without its index entry is never read.
        try:
            self._make_folders()
            _write(self.folder / ROWS_DIR / (name + ".marshal"), _seal(data))
        except (OSError, ValueError):
            self.entries.pop(name, None)

    def _make_folders(self) -> None:
        """Create ``.lawgov-cache/rows-*`` as real directories; refuse (OSError) anything else there."""
        for folder in (self.folder, self.folder / ROWS_DIR):
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, 0o777)
            if not _real_directory(folder):  # a link or a file put there: never write through it
                raise NotADirectoryError(str(folder))

    def loader(self, name: str, key: FileKey, path: Path) -> Callable[[], list[Task]]:
        """Tasks of a file read back from its rows (or its TOML when the rows are gone)."""
        rows_path = self.folder / ROWS_DIR / (name + ".marshal")
        return RowsLoader(self, rows_path, key, path)

    def save(self) -> None:
        """Write what changed (entries of deleted files dropped); failures are ignored."""
        if not self.writable:
            return
        stale = set(self.entries) - self.seen
        if not self.dirty and not stale:
            return
        try:
            self._make_folders()
            for name in stale:
                del self.entries[name]
                if isinstance(name, str):
                    _remove_own_file(self.folder / ROWS_DIR, name + ".marshal")
            _write(
                self.folder / INDEX_FILE,
                _seal(marshal.dumps({"format": _FORMAT, "files": self.entries, "verified": self.verified})),
            )
            _remove_other_formats(self.folder)
        except (OSError, ValueError):
            pass  # a read-only workspace or a full disk: reading works, just without the cache


# === issue-16-out: a file's rows without building its tasks (list, JSON export) ===

SummaryRow = tuple[Any, ...]
"""What :func:`_task_to_rows` keeps of a task for ``status``: id, title, kind, owner, due
(ordinal), section, co-owners, repeat, status, done_on (ordinal, 0: none), ticked periods
((key, ordinal) pairs), needs_review, manual, report and extension (rows or None)."""
DetailRow = tuple[Any, ...]
"""The rest: source, due_rule, notes, evidence, metrics (name, unit, baseline, target, actual,
approx), carried_from."""


class RowsLoader:
    """A cached file's task loader (``Shard.tasks``) that can also hand out the rows as they are
    stored, for commands that print tasks without needing ``Task`` objects."""

    __slots__ = ("cache", "key", "path", "rows_path")

    def __init__(self, cache: TaskCache, rows_path: Path, key: FileKey, path: Path) -> None:
        self.cache, self.rows_path, self.key, self.path = cache, rows_path, key, path

    def __call__(self) -> list[Task]:
        return self.cache._load_rows(self.rows_path, self.key, self.path)

    def rows(self) -> tuple[tuple[SummaryRow, ...], bytes] | None:
        """(summary rows, the marshalled detail rows) as cached; None when the rows file is gone,
        stale or damaged (the caller then builds the tasks, which rebuilds the file)."""
        try:
            data = _read_sealed(self.rows_path)
            if tuple(data[0]) == self.key and isinstance(data[1], tuple) and isinstance(data[2], bytes):
                return data[1], data[2]
        except (_Damaged, ValueError, EOFError, TypeError, IndexError, KeyError, AttributeError):
            pass
        return None


def task_rows(shard: Shard) -> tuple[Sequence[SummaryRow], Callable[[], Sequence[DetailRow]]]:
    """The tasks of ``shard`` as rows (the cache's own when the file is cached and its tasks are
    not built; else made from the tasks, e.g. a file replayed to a past day), and a function
    giving their detail rows."""
    loader = getattr(shard, "_loader", None)
    if getattr(shard, "_tasks", None) is None and isinstance(loader, RowsLoader):
        found = loader.rows()
        if found is not None:
            summaries, blob = found
            return summaries, lambda: marshal.loads(blob)
    made = [_task_to_rows(task) for task in shard.tasks]
    return [row[0] for row in made], lambda: [row[1] for row in made]


def transient_tasks(shard: Shard) -> list[Task]:
    """The tasks of ``shard``; built from the cache's rows and not kept by the shard when it has
    not built them yet (an export walking a city file by file holds one file's tasks at a time)."""
    loader = getattr(shard, "_loader", None)
    if getattr(shard, "_tasks", None) is None and isinstance(loader, RowsLoader):
        return loader()
    return shard.tasks


def transient_history(shard: Shard) -> list[HistoryEntry]:
    """The ``[[history]]`` of ``shard``, read from the cache and not kept by the shard (a
    bulletin reads every file's history for one month's entries)."""
    if getattr(shard, "_history", None) is not None:
        return shard.history
    loader = getattr(shard, "_history_loader", None)
    return list(loader()) if loader is not None else []


def pending_of(summary: SummaryRow) -> tuple[Pending | None, Pending | None]:
    """(report, extension) of a summary row."""
    return _pending(summary[13]), _pending(summary[14])


def build_task(summary: SummaryRow, detail: DetailRow) -> Task:
    """The ``Task`` of a pair of rows."""
    return _build(summary, detail)


def _rows_blob(key: FileKey, tasks: list[Task], history: list[HistoryEntry]) -> bytes:
    """A rows file's payload: the key, summary rows, and details and history as nested blobs (so a
    command that needs summaries only does not decode them)."""
    rows = [_task_to_rows(t) for t in tasks]
    entries = tuple((e.at, e.by, e.task, e.action, e.old, e.new, e.note, e.on) for e in history)
    return marshal.dumps(
        (key, tuple(r[0] for r in rows), marshal.dumps(tuple(r[1] for r in rows)), marshal.dumps(entries))
    )


def _remove_own_file(folder: Path, name: str) -> None:
    """Delete ``folder/name`` only when the name is one lawgov gives its cache files and it is a
    regular file (never a link: unlinking a link would be harmless, but a name we did not write
    is not ours to delete)."""
    if not (_OWN_ROW_FILE.fullmatch(name) or _OWN_INDEX.fullmatch(name) or _OWN_TEMP.fullmatch(name)):
        return
    path = folder / name
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()
    except OSError:
        pass


def _remove_other_formats(folder: Path) -> None:
    """Caches of other formats or Python versions are dead weight: remove them — only files and
    folders named like lawgov's own, never following a link."""
    for item in folder.iterdir():
        if item.name in (INDEX_FILE, ROWS_DIR):
            continue
        if _OWN_INDEX.fullmatch(item.name):
            _remove_own_file(folder, item.name)
        elif _OWN_ROWS.fullmatch(item.name) and _real_directory(item):
            for inner in item.iterdir():
                _remove_own_file(item, inner.name)
            with contextlib.suppress(OSError):
                item.rmdir()  # only when empty: anything we did not write keeps it


def _write(path: Path, data: bytes) -> None:
    """Write a cache file atomically; the temp file is created new (never through a link)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(temp, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, path)
    finally:
        try:
            if stat.S_ISREG(os.lstat(temp).st_mode):
                temp.unlink()
        except OSError:
            pass
