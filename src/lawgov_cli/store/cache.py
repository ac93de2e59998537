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
- every cache file carries a CRC-32 of its bytes: a file whose checksum does not match (a
  flipped bit, a truncated copy) is ignored and rebuilt, never decoded (damage, not forgery: who
  can write the cache can write the TOML; BLAKE2b until 2026-12-02, 12 ms more per 10 MB read);
- it never follows a symbolic link and never deletes what it did not create: when
  ``.lawgov-cache`` is anything but a real directory inside the workspace (a committed symlink
  to ``.`` or to ``../elsewhere``, a plain file), the cache is off for that run and nothing is
  read, written or deleted through it; inside it, only lawgov's own file names are removed.

``LAWGOV_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import stat
import sys
import time
import zlib
from array import array
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawgov_cli.ledger import HistoryRow
from lawgov_cli.model import HistoryEntry, Pending, Task
from lawgov_cli.store.index import LedgerRow, PastEntry, Shard

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile
from lawgov_cli.store.rows import DetailRow, SummaryRow, _pending, rows_blob, task_of_rows, task_to_rows

CACHE_DIR = ".lawgov-cache"
_FORMAT = 14  # 10: pending/marked positions, report/extension markers; 13: timelines apart, periods a blob; 14: titles UTF-8
_RACY_SECONDS = 2.0
# marshal's format belongs to the Python version that wrote it.
INDEX_FILE = f"index-{_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"
ROWS_DIR = f"rows-{_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"

FileKey = tuple[int, int, int, int]

_MAGIC = b"LGC2"  # LGC1: a BLAKE2b digest (~5× the time of CRC-32 for a 10 MB index)
_MAX_CACHE_BYTES = 1 << 30
# Names lawgov gives its cache files (compiled on first use: only a cleanup needs them).
_OWN_INDEX = r"index-\d+-py\d+\.marshal"
_OWN_ROWS = r"rows-\d+-py\d+"
_OWN_ROW_FILE = r"[A-Za-z0-9_-]+\.toml\.(marshal|timelines|json|csv|bulletin)"  # .json, .csv, .bulletin: store/derived.py
_OWN_TEMP = r"\.[A-Za-z0-9_.-]+\.\d+\.tmp"
_OWN_PAST = r"past-\d+-py\d+-\d{4}-\d{2}-\d{2}\.marshal"
PAST_PREFIX = f"past-{_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}-"
"""Files keeping every file's index at the end of one past day (``past-<format>-py<v>-<day>.marshal``)."""
PAST_DAYS = 8
"""Past days whose indexes the cache keeps (the latest written): a view of one of them reads its
file instead of every file's timelines."""


class _Damaged(Exception):
    """A cache file that is missing, not ours, or whose checksum does not match."""


def _seal(payload: bytes, magic: bytes = _MAGIC) -> bytes:
    """``payload`` behind ``magic`` and its CRC-32: a cache file lawgov can tell from a damaged or
    foreign one.  (Damage, not tampering: anyone who can write the cache can write the TOML.)"""
    return magic + zlib.crc32(payload).to_bytes(4, "big") + payload


def _unseal(data: bytes, magic: bytes = _MAGIC) -> memoryview:
    """The payload of a sealed ``data`` (a view, not a copy of a city's megabytes); ``_Damaged``
    for anything else."""
    head = len(magic) + 4
    payload = memoryview(data)[head:]
    if len(data) < head or data[: len(magic)] != magic or zlib.crc32(payload).to_bytes(4, "big") != data[len(magic) : head]:
        raise _Damaged
    return payload


def _real_directory(path: Path) -> bool:
    """Whether ``path`` itself (not what a link points to) is a directory."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_sealed(path: Path, magic: bytes = _MAGIC) -> Any:
    """The value marshalled in the cache file ``path``; ``_Damaged`` for anything but our own bytes."""
    from lawgov_cli.errors import LawgovError
    from lawgov_cli.fileio import read_regular

    try:
        data = read_regular(
            path, _MAX_CACHE_BYTES, lambda size: LawgovError("err.generic", message=""), follow_symlinks=False
        )
        return marshal.loads(_unseal(data, magic))
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


def racy(key: FileKey) -> bool:
    """Changed less than two seconds ago: the same clock tick could hide another edit, so the
    file is not cached (git's "racily clean" problem)."""
    return time.time_ns() - key[1] < _RACY_SECONDS * 1e9


def entry_of(key: FileKey, shard: Shard) -> tuple[Any, ...]:
    """A file's entry in the index (what :meth:`TaskCache.get` decodes back into its shard)."""
    return (
        key,
        shard.dept,
        shard.joined_ids(),
        shard.joined_titles_utf8(),
        shard.statuses,
        shard.first_due.tobytes(),
        tuple(sorted(shard.co_owners)),
        shard.periods_blob(),
        shard.open_due.tobytes(),
        shard.open_index.tobytes(),
        (shard.last_day, shard.undated, shard.late, shard.changed.tobytes()),
        (shard.pending, shard.marked),
    )


class TaskCache:
    """The cache of one workspace.

    ``index-*.marshal`` holds, per department file, its key and its progress index (ids, status
    codes, first open due dates, co-owners) — all ``status`` reads.  ``rows/<file>.marshal``
    holds the file's tasks (summary rows, and details as a nested blob) and history, read only
    when a command needs them; ``rows/<file>.timelines`` the per-task timelines a view of a past
    day counts from, written by the first such view.
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

    def cached_ids(self, name: str) -> tuple[FileKey, str] | None:
        """(key, ids joined) of the file as last cached, or None."""
        try:
            entry = self.entries[name]
            key, ids = tuple(entry[0]), entry[2]
        except (KeyError, TypeError, IndexError):
            return None
        return (key, ids) if len(key) == 4 and isinstance(ids, str) else None

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
        return self._shard_of(name, key, path, entry)

    def fresh(self, name: str, key: FileKey) -> bool:
        """Whether the index holds an entry for this key of the file (a hit, unless damaged)."""
        entry = self.entries.get(name)
        try:
            return self.enabled and entry is not None and tuple(entry[0]) == key
        except (TypeError, IndexError):
            return False

    def adopt(self, name: str, key: FileKey, path: Path, entry: Any) -> Shard | None:
        """Take the index entry of a file parsed elsewhere (a worker of
        :mod:`lawgov_cli.store.parallel`, which wrote its rows file): the file's shard, as a cache
        hit would give it; None when the entry does not decode (the caller parses in-process)."""
        self.seen.add(name)
        shard = self._shard_of(name, key, path, entry)
        if shard is not None:
            self.parsed += 1
            self.entries[name] = entry
            self.dirty = True
        return shard

    def _shard_of(self, name: str, key: FileKey, path: Path, entry: Any) -> Shard | None:
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
            if len(changed) != len(statuses) or not isinstance(periods, bytes) or not isinstance(titles, bytes):
                return None
        except (TypeError, ValueError, IndexError, KeyError):  # a damaged entry is a cache miss
            return None
        rows_path = self.folder / ROWS_DIR / (name + ".marshal")
        shard = Shard(
            dept,
            path,
            ids,
            titles,
            statuses,
            first_due,
            frozenset(co_owners),
            periods,
            loader=(shard_loader := RowsLoader(self, rows_path, key, path)),
            open_order=(open_due, open_index),
            ledger=(last_day, undated, late),
            changed=changed,
            history_loader=lambda: self._load_history(rows_path, key, path),
            pending=pending,
            marked=marked,
        )
        shard.timelines_source = lambda: self._read_timelines(name, key)
        shard.past_key = (self, name, key)
        shard.rows_source = shard_loader.ledger_rows
        shard.on_timelines = self.keeper(name, key, path)
        return shard

    def _past_path(self, day: date) -> Path:
        return self.folder / f"{PAST_PREFIX}{day.isoformat()}.marshal"

    def read_past(self, day: date) -> dict[str, tuple[FileKey, PastEntry]]:
        """The files' indexes at the end of ``day`` kept by an earlier view of it (name -> (the
        file's key then, its :data:`~lawgov_cli.store.index.PastEntry`)); {} when none, or damaged."""
        if not self.enabled:
            return {}
        try:
            data = _read_sealed(self._past_path(day))
            if isinstance(data, dict) and data.get("format") == _FORMAT and data.get("day") == day.isoformat():
                files = data["files"]
                if isinstance(files, dict):
                    return files
        except (_Damaged, ValueError, TypeError, KeyError):
            pass
        return {}

    def write_past(self, day: date, files: dict[str, tuple[FileKey, PastEntry]]) -> None:
        """Keep the files' indexes at the end of ``day`` (one file per day, the latest
        :data:`PAST_DAYS` days viewed kept); failures are ignored (the view just computes them again)."""
        if not self.writable:
            return
        with contextlib.suppress(OSError, ValueError):
            self.make_folders()
            _write(
                self._past_path(day),
                _seal(marshal.dumps({"format": _FORMAT, "day": day.isoformat(), "files": files})),
            )
            kept = sorted(
                (item.stat(follow_symlinks=False).st_mtime_ns, item.name)
                for item in os.scandir(self.folder)
                if item.name.startswith(PAST_PREFIX) and re.fullmatch(_OWN_PAST, item.name)
            )
            for _, name in kept[:-PAST_DAYS]:
                _remove_own_file(self.folder, name)

    def _timelines_path(self, name: str) -> Path:
        return self.folder / ROWS_DIR / (name + ".timelines")

    def _read_timelines(self, name: str, key: FileKey) -> tuple[bytes, int] | None:
        """The file's timelines kept by an earlier view of a past day, if they describe this key:
        (encoded, the day after which they cover every changed task; 0: all of them)."""
        try:
            data = _read_sealed(self._timelines_path(name))
            if isinstance(data, tuple) and tuple(data[0]) == key and isinstance(data[1], bytes):
                after = data[2] if len(data) > 2 else 0
                if isinstance(after, int):
                    return data[1], after
        except (_Damaged, ValueError, TypeError, IndexError):
            pass
        return None

    def keeper(self, name: str, key: FileKey, path: Path) -> Callable[[bytes, int], None]:
        """Keeps timelines built by a first view of a past day in a file of their own beside the
        file's rows (not in the index: every command reads the index, few views need them)."""

        def keep(blob: bytes, after: int) -> None:
            try:
                unchanged = file_key(path.stat()) == key
            except OSError:
                unchanged = False
            if not self.writable or not unchanged or racy(key):
                return
            with contextlib.suppress(OSError, ValueError):
                self.make_folders()
                _write(self._timelines_path(name), _seal(marshal.dumps((key, blob, after))))

        return keep

    def _load_rows(self, rows_path: Path, key: FileKey, path: Path) -> list[Task]:
        try:
            data = _read_sealed(rows_path)
            if tuple(data[0]) == key:
                summaries: tuple[SummaryRow, ...] = data[1]  # written by _rows_blob for this key
                details: tuple[DetailRow, ...] = marshal.loads(data[2])
                return [task_of_rows(row, extra) for row, extra in zip(summaries, details, strict=True)]
        except (_Damaged, ValueError, EOFError, TypeError, IndexError, KeyError, AttributeError):
            pass
        # The rows file is gone, stale or damaged (deleted by hand, another writer, a flipped
        # bit): parse the TOML, and write the rows again for the next command.
        return self._rebuild_rows(rows_path, key, path)[0]

    def _rebuild_rows(
        self, rows_path: Path, key: FileKey, path: Path
    ) -> tuple[list[Task], list[HistoryEntry]]:
        from lawgov_cli.store.department import load_department  # parsing: only when rows are gone

        _, tasks, _, history = load_department(path, expected=path.stem)
        try:
            unchanged = file_key(path.stat()) == key  # the rows must describe what was keyed
        except OSError:
            unchanged = False
        if self.writable and unchanged:
            with contextlib.suppress(OSError, ValueError):
                self.make_folders()
                _write(rows_path, _seal(rows_blob(key, tasks, history)))
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
        if racy(key):
            self.entries.pop(name, None)  # racily clean: may change again within the same tick
            return
        self.entries[name] = entry_of(key, shard)
        shard.on_timelines = self.keeper(name, key, shard.path)
        shard.past_key = (self, name, key)
        # Written now rather than kept for save(): a cold read of a city workspace then holds one
        # file's rows at a time.  A rows file without its index entry is never read.
        try:
            self.write_rows(name, rows_blob(key, tasks, history))
        except (OSError, ValueError):
            self.entries.pop(name, None)

    def write_rows(self, name: str, data: bytes) -> None:
        """Write a file's rows (``rows_blob``); OSError when the cache folder cannot take it."""
        self.make_folders()
        _write(self.folder / ROWS_DIR / (name + ".marshal"), _seal(data))

    def make_folders(self) -> None:
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
            self.make_folders()
            for name in stale:
                del self.entries[name]
                if isinstance(name, str):
                    _remove_own_file(self.folder / ROWS_DIR, name + ".marshal")
                    _remove_own_file(self.folder / ROWS_DIR, name + ".timelines")
                    for suffix in (".json", ".csv", ".bulletin"):  # store/derived.py
                        _remove_own_file(self.folder / ROWS_DIR, name + suffix)
            _write(
                self.folder / INDEX_FILE,
                _seal(marshal.dumps({"format": _FORMAT, "files": self.entries, "verified": self.verified})),
            )
            _remove_other_formats(self.folder)
            self.dirty = False
        except (OSError, ValueError):
            pass  # a read-only workspace or a full disk: reading works, just without the cache


# === issue-16-out: a file's rows without building its tasks (list, JSON export) ===

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

    def rows_and_history(self) -> tuple[tuple[SummaryRow, ...], bytes, bytes] | None:
        """:meth:`rows` and the marshalled history, from the same one read of the rows file."""
        try:
            data = _read_sealed(self.rows_path)
            if (
                tuple(data[0]) == self.key
                and isinstance(data[1], tuple)
                and isinstance(data[2], bytes)
                and isinstance(data[3], bytes)
            ):
                return data[1], data[2], data[3]
        except (_Damaged, ValueError, EOFError, TypeError, IndexError, KeyError, AttributeError):
            pass
        return None


    def ledger_rows(self) -> tuple[list[LedgerRow], list[HistoryRow]] | None:
        """What the file's timelines are built from (:func:`lawgov_cli.store.index.build_timelines`),
        straight from the rows file; None when it is gone, stale or damaged."""
        found = self.rows_and_history()
        if found is None:
            return None
        try:
            history: list[HistoryRow] = marshal.loads(found[2])
            tasks: list[LedgerRow] = [(s[0], s[4], s[7], s[8], s[9], s[10]) for s in found[0]]
        except (ValueError, EOFError, TypeError, IndexError):
            return None
        return tasks, history


def task_rows(shard: TaskFile) -> tuple[Sequence[SummaryRow], Callable[[], Sequence[DetailRow]]]:
    """The tasks of ``shard`` as rows (the cache's own when the file is cached and its tasks are
    not built; else made from the tasks, e.g. a file replayed to a past day), and a function
    giving their detail rows."""
    loader = getattr(shard, "_loader", None)
    if getattr(shard, "_tasks", None) is None and isinstance(loader, RowsLoader):
        found = loader.rows()
        if found is not None:
            summaries, blob = found
            return summaries, lambda: marshal.loads(blob)
    made = [task_to_rows(task) for task in shard.tasks]
    return [row[0] for row in made], lambda: [row[1] for row in made]


def transient_tasks(shard: TaskFile) -> list[Task]:
    """The tasks of ``shard``; built from the cache's rows and not kept by the shard when it has
    not built them yet (an export walking a city file by file holds one file's tasks at a time)."""
    loader = getattr(shard, "_loader", None)
    if getattr(shard, "_tasks", None) is None and isinstance(loader, RowsLoader):
        return loader()
    return shard.tasks


def transient_history(shard: TaskFile) -> list[HistoryEntry]:
    """The ``[[history]]`` of ``shard``, read from the cache and not kept by the shard (a
    bulletin reads every file's history for one month's entries)."""
    if getattr(shard, "_history", None) is not None:
        return shard.history
    loader = getattr(shard, "_history_loader", None)
    return list(loader()) if loader is not None else []


def rows_and_history(
    shard: TaskFile,
) -> tuple[Sequence[SummaryRow], Callable[[], Sequence[DetailRow]], Callable[[str], list[HistoryEntry]]]:
    """:func:`task_rows` and :func:`transient_history` of ``shard`` from one read of its cached rows
    (a bulletin needs both of every file).  The history function takes an action and builds only
    the entries of that action, in file order."""
    loader = getattr(shard, "_loader", None)
    unbuilt = getattr(shard, "_tasks", None) is None and getattr(shard, "_history", None) is None
    found = loader.rows_and_history() if unbuilt and isinstance(loader, RowsLoader) else None
    if found is not None:
        summaries, details, history = found

        def entries(action: str) -> list[HistoryEntry]:
            return [HistoryEntry(*row) for row in marshal.loads(history) if row[3] == action]

        return summaries, lambda: marshal.loads(details), entries
    summaries_, details_ = task_rows(shard)
    return (
        summaries_,
        details_,
        lambda action: [entry for entry in transient_history(shard) if entry.action == action],
    )


def pending_of(summary: SummaryRow) -> tuple[Pending | None, Pending | None]:
    """(report, extension) of a summary row."""
    return _pending(summary[13]), _pending(summary[14])


def build_task(summary: SummaryRow, detail: DetailRow) -> Task:
    """The ``Task`` of a pair of rows."""
    return task_of_rows(summary, detail)


def _remove_own_file(folder: Path, name: str) -> None:
    """Delete ``folder/name`` only when the name is one lawgov gives its cache files and it is a
    regular file (never a link: unlinking a link would be harmless, but a name we did not write
    is not ours to delete)."""
    if not any(re.fullmatch(own, name) for own in (_OWN_ROW_FILE, _OWN_INDEX, _OWN_TEMP, _OWN_PAST)):
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
        if re.fullmatch(_OWN_INDEX, item.name) or (
            re.fullmatch(_OWN_PAST, item.name) and not item.name.startswith(PAST_PREFIX)
        ):
            _remove_own_file(folder, item.name)
        elif re.fullmatch(_OWN_ROWS, item.name) and _real_directory(item):
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
