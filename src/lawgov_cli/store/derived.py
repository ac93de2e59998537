"""Derived per-file data an output keeps beside a department file's cached rows.

The JSON export of a city writes ~90 MB of task lines, most of which depend on the file alone,
not on the day viewed; :mod:`lawgov_cli.export.json_lines` keeps them here, encoded, so a later
export only fills in what depends on the day (and the registry's names); the CSV export keeps its
rows the same way (:mod:`lawgov_cli.export.csv_export`, per language and registry).  Kept as the rows are
(:mod:`lawgov_cli.store.cache`): in ``.lawgov-cache/rows-*/<file>.json`` (``.csv``), written atomically, with
a checksum (the cache's CRC-32, behind a magic of their own), valid only for the file key the rows were read for (a file changed since,
or within two seconds of being cached, gets nothing), and only for a file whose rows come from
the cache (a past day's replayed view keeps nothing).  Whatever cannot be read is a miss;
whatever cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import marshal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawgov_cli.store.cache import _RACY_SECONDS, RowsLoader, _write, file_key
from lawgov_cli.store.cache import _Damaged as Damaged
from lawgov_cli.store.cache import _read_sealed as read_sealed
from lawgov_cli.store.cache import _seal as seal

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile

SUFFIXES = (".json", ".csv", ".bulletin")
"""What a derived file's name adds to the department file's (``d01.toml.json``): one per output
(``.bulletin``: :mod:`lawgov_cli.documents.bulletin_digest`)."""

_MAGIC = b"LGD1"


def _seal(payload: bytes) -> bytes:
    return seal(payload, _MAGIC)


def _unsealed(path: Path) -> Any:
    """The value marshalled in ``path``; None for anything but a sealed file of ours."""
    try:
        return read_sealed(path, _MAGIC)
    except Damaged:
        return None


def cache_loader(shard: TaskFile) -> object | None:
    """The shard's cache loader while its tasks are not built (an output may take it before a
    step that builds some files' tasks, and hand it to :func:`read_derived` / :func:`keep_derived`
    after: the tasks were built from that file's rows, unchanged)."""
    loader = getattr(shard, "_loader", None)
    return loader if getattr(shard, "_tasks", None) is None and isinstance(loader, RowsLoader) else None


def _place(shard: TaskFile, suffix: str, loader: object | None = None) -> tuple[RowsLoader, Path] | None:
    """The shard's rows loader and its derived file, when its rows come from the cache as stored."""
    if loader is None:
        loader = cache_loader(shard)
    if not isinstance(loader, RowsLoader):
        return None
    if not loader.cache.enabled:
        return None
    rows_path = loader.rows_path
    assert suffix in SUFFIXES
    return loader, rows_path.with_name(rows_path.name.removesuffix(".marshal") + suffix)


def read_derived(shard: TaskFile, version: Any, suffix: str = ".json", loader: object | None = None) -> Any:
    """The value kept for ``shard`` by :func:`keep_derived` with this ``version``, for the file
    as it is now; None when there is none."""
    place = _place(shard, suffix, loader)
    if place is None:
        return None
    loader, path = place
    data = _unsealed(path)
    with contextlib.suppress(TypeError):
        if isinstance(data, tuple) and len(data) == 3 and data[0] == version and tuple(data[1]) == loader.key:
            return data[2]
    return None


def keep_derived(
    shard: TaskFile, version: Any, value: Any, suffix: str = ".json", loader: object | None = None
) -> None:
    """Keep ``value`` (marshallable) for ``shard`` as it is now, if its rows come from the cache,
    the cache is writable and the file is unchanged and not changed within the last two seconds."""
    place = _place(shard, suffix, loader)
    if place is None:
        return
    loader, path = place
    cache, key = loader.cache, loader.key
    try:
        unchanged = file_key(loader.path.stat()) == key
    except OSError:
        unchanged = False
    if not cache.writable or not unchanged or time.time_ns() - key[1] < _RACY_SECONDS * 1e9:
        return
    with contextlib.suppress(OSError, ValueError):
        cache.make_folders()
        _write(path, _seal(marshal.dumps((version, key, value))))


def lacking(shard: TaskFile, suffix: str = ".json", loader: object | None = None) -> int:
    """A guess, from two ``stat`` calls, whether ``shard`` keeps nothing valid for this output:
    the size of its department file when its rows come from the cache and its derived file is
    missing or older than its rows file (the rows were rewritten since: the file changed, or the
    cache was rebuilt); else 0.  Only a guess (an output kept in another language looks kept):
    an output decides with it whether to make many files in helper processes, never what to write."""
    place = _place(shard, suffix, loader)
    if place is None:
        return 0
    loader, path = place
    try:
        rows_time = loader.rows_path.stat().st_mtime_ns
    except OSError:
        return 0
    try:
        if path.stat().st_mtime_ns >= rows_time:
            return 0
    except OSError:
        pass
    try:
        return loader.path.stat().st_size
    except OSError:
        return 0


__all__ = ["SUFFIXES", "cache_loader", "keep_derived", "lacking", "read_derived"]
