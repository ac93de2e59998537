"""A first read of many department files, spread over worker processes.

A fresh clone (no ``.lawgov-cache`` yet) or a ``git pull`` that changed most files means parsing
every file: ~90 MB of TOML for 100,000 tasks, seconds of parsing and validating that one core
does alone.  When there is enough to read (:func:`worker_count`), the files go to a pool of
forked workers, in chunks: each worker parses, validates and indexes its files exactly as the
read in-process does (``department.load_owned``, ``Shard.from_tasks``), writes each file's rows
into the cache itself and returns the file's index entry (a few KB).  The reader then takes the
entries in file order as cache hits (``TaskCache.adopt``).

What a worker does not deliver — a file it could not read, validate or write the rows of, one
that changed while it worked — the reader parses in-process in its turn: an error is raised by
the very code that raises it without workers (same line, exit 2, nothing written) and in the same
order.  No workers when processes cannot be forked (``fork`` is POSIX only), one CPU is usable,
or ``LAWGOV_JOBS=1``.  Ctrl-C stops the pool (workers ignore SIGINT: the reader terminates them);
a worker whose reader is gone (killed) stops before its next file, so it never holds the
workspace lock (an inherited ``flock``) for longer than one file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawgov_cli import testpoint
from lawgov_cli.store.cache import FileKey, entry_of, file_key
from lawgov_cli.store.rows import rows_blob
from lawgov_cli.store.tomlfile import TASKS_DIR

if TYPE_CHECKING:
    from lawgov_cli.store.cache import TaskCache
    from lawgov_cli.store.index import Shard

PARALLEL_BYTES = 4 * 1024 * 1024
"""Parse in workers from this much TOML to read on: forking and handing back entries costs ~30 ms,
parsing and indexing 1 MB ~70 ms (100k tasks, 87 MB: ~6 s on one core).
``LAWGOV_PARALLEL_BYTES`` overrides it (tests set 0 to force workers on small workspaces)."""
_CHUNK_FILES = 8
"""Files a worker takes at a time: small enough for the workers to finish together."""


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def worker_count(files: int, size: int) -> int:
    """How many worker processes to parse ``files`` files of ``size`` bytes with (< 2: none).

    ``LAWGOV_JOBS`` sets the number (``1``: never fork); by default one per usable CPU, at most
    8, when the files add up to :data:`PARALLEL_BYTES`."""
    if files < 2:
        return 0
    jobs = os.environ.get("LAWGOV_JOBS", "").strip()
    threshold_text = os.environ.get("LAWGOV_PARALLEL_BYTES", "").strip()
    try:
        threshold = int(threshold_text) if threshold_text else PARALLEL_BYTES
        wanted = int(jobs) if jobs else min(usable_cpus(), 8)
    except ValueError:
        return 0
    if size < threshold:
        return 0
    return max(0, min(wanted, files))


def parse_in_workers(cache: TaskCache, stale: Sequence[tuple[str, FileKey]], workers: int) -> dict[str, Any]:
    """Index entries of the ``stale`` files (name, key) parsed by ``workers`` forked processes,
    their rows written to the cache; files a worker did not deliver are left out."""
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
        cache.make_folders()
    except (ValueError, OSError):  # no fork on this platform, or no cache folder to write to
        return {}
    chunks = [list(stale[i : i + _CHUNK_FILES]) for i in range(0, len(stale), _CHUNK_FILES)]
    found: dict[str, Any] = {}
    global _CACHE, _PARENT
    _CACHE, _PARENT = cache, os.getpid()
    try:
        with context.Pool(workers, initializer=_ignore_interrupts) as pool:
            results_of = pool.imap_unordered(_parse_chunk, chunks)
            testpoint.reached("parallel.started")  # tests kill the reader here
            for results in results_of:
                found.update(results)
    except OSError:  # cannot fork (process limit, memory): read in-process
        return {}
    finally:
        _CACHE = None
    return found


_CACHE: TaskCache | None = None
"""The reader's cache, inherited by the forked workers (never pickled)."""
_PARENT = 0


def _ignore_interrupts() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _parse_chunk(chunk: list[tuple[str, FileKey]]) -> list[tuple[str, Any]]:
    return list(_parsed(chunk))


def _parsed(chunk: list[tuple[str, FileKey]]) -> Iterator[tuple[str, Any]]:
    from lawgov_cli.errors import LawgovError
    from lawgov_cli.store.department import load_owned
    from lawgov_cli.store.index import Shard

    cache = _CACHE
    assert cache is not None
    tasks_dir = cache.root / TASKS_DIR
    for name, key in chunk:
        if os.getppid() != _PARENT:  # the reader is gone (killed): stop, release what we inherited
            os._exit(1)
        path = tasks_dir / name
        try:
            tasks, history = load_owned(path, Path(name).stem)
            if file_key(path.stat()) != key:
                continue  # changed under us: the reader parses it again
            shard = Shard.from_tasks(path.stem, path, tasks, history)
            cache.write_rows(name, rows_blob(key, tasks, history))
        except (LawgovError, OSError, ValueError):
            continue  # the reader parses it in-process and raises what is wrong, in its turn
        yield name, entry_of(key, shard)


# --- timelines for a view of a past day ---------------------------------------------------------

_SHARDS: Sequence[Shard] = ()
"""The shards whose timelines the workers build, inherited by the forked workers."""


def prefetch_timelines(shards: Sequence[object], day: date, clock: date | None) -> None:
    """Build, in worker processes, the timelines a view of ``day`` needs and the cache lacks
    (the first view of a past day after a fresh clone or a pull: each changed task replayed day
    by day, ~5 s for 100,000 tasks on one core).  The workers keep them in the cache as the view
    in-process would; a file a worker did not deliver is built in-process when the view asks."""
    from lawgov_cli.store.index import Shard

    wanting = [s for s in shards if isinstance(s, Shard) and s.wants_timelines(day, clock)]
    if len(wanting) < 2:
        return
    size = 0
    for shard in wanting:
        try:
            size += os.stat(shard.path).st_size
        except OSError:
            return
    workers = worker_count(len(wanting), size)
    if workers < 2:
        return
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return
    global _SHARDS, _PARENT
    _SHARDS, _PARENT = wanting, os.getpid()
    chunks = [list(range(i, min(i + _CHUNK_FILES, len(wanting)))) for i in range(0, len(wanting), _CHUNK_FILES)]
    try:
        with context.Pool(workers, initializer=_ignore_interrupts) as pool:
            for results in pool.imap_unordered(_timelines_chunk, chunks):
                for position, blob in results:
                    wanting[position].take_timelines(blob)
    except OSError:
        pass  # cannot fork: each file builds its own when the view asks
    finally:
        _SHARDS = ()


def _timelines_chunk(chunk: list[int]) -> list[tuple[int, bytes]]:
    from lawgov_cli.errors import LawgovError

    out = []
    for position in chunk:
        if os.getppid() != _PARENT:  # the reader is gone (killed)
            os._exit(1)
        try:
            out.append((position, _SHARDS[position].timelines_blob()))
        except (LawgovError, OSError, ValueError):
            continue  # built in-process when the view asks, which raises what is wrong
    return out
