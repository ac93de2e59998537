"""A first read of many department files, spread over worker processes.

A fresh clone (no ``.lawgov-cache`` yet) or a ``git pull`` that changed most files means parsing
every file: ~90 MB of TOML for 100,000 tasks, seconds of parsing and validating that one core
does alone.  When there is enough to read (:func:`worker_count`), the files go to forked worker
processes, 8 files at a time, largest first, each worker taking the next chunk when done with
one: each parses, validates and indexes its files exactly as the read in-process does
(``department.load_owned``, ``Shard.from_tasks``), writes each file's rows into the cache itself
and sends the files' index entries (a few KB each) through its own pipe.  The reader then takes
the entries in file order as cache hits (``TaskCache.adopt``).

What a worker does not deliver — a file it could not read, validate or write the rows of, one
that changed while it worked, everything after it died (killed, out of memory: its pipe just
ends, nothing waits for it) — the reader parses in-process in its turn: an error is raised by the
very code that raises it without workers (same line, exit 2, nothing written) and in the same
order.  No workers when processes cannot be forked (``fork`` is POSIX only), one CPU is usable,
or ``LAWGOV_JOBS=1``.  Ctrl-C stops them (workers ignore SIGINT: the reader terminates them); a
worker whose reader is gone (killed) stops at its next send, so it never holds the workspace lock
(an inherited ``flock``) for longer than a few files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lawgov_cli import testpoint
from lawgov_cli.store.cache import FileKey, entry_of, file_key
from lawgov_cli.store.rows import rows_blob
from lawgov_cli.store.tomlfile import TASKS_DIR

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from lawgov_cli.forked import Team
    from lawgov_cli.store.cache import TaskCache
    from lawgov_cli.store.index import PastEntry, Shard

PARALLEL_BYTES = 4 * 1024 * 1024
"""Parse in workers from this much TOML to read on: forking and handing back entries costs ~30 ms,
parsing and indexing 1 MB ~70 ms (100k tasks, 87 MB: ~6 s on one core).
``LAWGOV_PARALLEL_BYTES`` overrides it (tests set 0 to force workers on small workspaces)."""
def timelines_too() -> bool:
    """Whether workers also build each file's timelines (what a view of a past day counts from)
    while its tasks and history are in hand: ``LAWGOV_COLD_TIMELINES=1``.  Off by default: it costs
    a cold read about half again its CPU (100,000 tasks on 2 cores: ~4 s instead of ~3 s) to save
    the first view of a past day after it ~2 s (~1 s instead of ~3 s; that view otherwise builds them
    in workers too, reading every file's rows again, see :func:`prefetch_past`).  Most cold
    reads are followed by today's view, which needs none."""
    return os.environ.get("LAWGOV_COLD_TIMELINES", "").strip() == "1"


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
    try:
        cache.make_folders()
    except OSError:  # no cache folder to write the rows to: read in-process
        return {}
    global _CACHE
    _CACHE = cache
    try:
        found: dict[str, Any] = {}
        for results in in_workers(_parse_chunk, list(stale), [key[0] for _, key in stale], workers):
            found.update(results)
        return found
    finally:
        _CACHE = None


def in_workers(
    work: Callable[[list[Any]], list[Any]], items: list[Any], sizes: list[int], workers: int
) -> Iterator[list[Any]]:
    """``work`` over chunks of ``items`` in ``workers`` forked processes: each result as it comes.

    The chunks (of :data:`_CHUNK_FILES` items, largest items first) are the jobs of a
    :class:`lawgov_cli.forked.Team`: each worker takes the next until none are left and sends one
    result per chunk.  A worker that dies delivers less; no fork delivers nothing (the reader reads
    what is missing in-process); the reader leaving early terminates the workers."""
    from multiprocessing.connection import wait

    from lawgov_cli.forked import Team

    order = sorted(range(len(items)), key=lambda i: -sizes[i])
    size = max(_CHUNK_FILES, -(-len(items) // 2048))  # at most 2048 numbers: 8 KB, within any pipe buffer
    chunks = [[items[i] for i in order[k : k + size]] for k in range(0, len(order), size)]
    with Team(len(chunks)) as team:
        team.start(min(workers, len(chunks)), _worker, chunks, work)
        testpoint.reached("parallel.started")  # tests stop or kill the reader here
        while team.running:
            for ready in wait(list(team.running)):
                connection = cast("Connection", ready)
                try:
                    results: list[Any] = connection.recv()
                except (EOFError, OSError):  # the worker is done (or died): no more from it
                    team.ended(connection)
                    continue
                yield results


def _worker(team: Team, send: Any, chunks: list[list[Any]], work: Callable[[list[Any]], list[Any]]) -> None:
    """A worker's life: the next chunk from the team, its results to the reader."""
    for number in team.jobs():
        team.send(send, work(chunks[number]))


_CACHE: TaskCache | None = None
"""The reader's cache, inherited by the forked workers (never pickled)."""


def _parse_chunk(chunk: list[tuple[str, FileKey]]) -> list[tuple[str, Any]]:
    return list(_parsed(chunk))


def _parsed(chunk: list[tuple[str, FileKey]]) -> Iterator[tuple[str, Any]]:
    from lawgov_cli.ledger import UNDATED
    from lawgov_cli.store.department import load_owned
    from lawgov_cli.store.index import Shard

    cache = _CACHE
    assert cache is not None
    tasks_dir = cache.root / TASKS_DIR
    timelines_too_ = timelines_too()
    for name, key in chunk:
        path = tasks_dir / name
        try:
            tasks, history = load_owned(path, Path(name).stem)
            if file_key(path.stat()) != key:
                continue  # changed under us: the reader parses it again
            shard = Shard.from_tasks(path.stem, path, tasks, history)
            cache.write_rows(name, rows_blob(key, tasks, history))
            if timelines_too_ and shard.last_day and UNDATED not in shard.changed:  # as a view would
                shard.on_timelines = cache.keeper(name, key, path)
                shard.timelines  # noqa: B018 - built from what is in hand, kept in the cache
        except Exception:  # whatever it is, the reader meets it in-process, in its turn
            continue
        yield name, entry_of(key, shard)


# --- a view of a past day ---------------------------------------------------------------------

_SHARDS: Sequence[Shard] = ()
"""The shards whose index at a past day the workers compute, inherited by the forked workers."""
_DAY: date | None = None


def prefetch_past(shards: Sequence[object], day: date, clock: date | None) -> None:
    """Compute, in worker processes, each file's index at the end of ``day``
    (:meth:`~lawgov_cli.store.index.Shard.past_entry`) that the view needs and the cache lacks:
    every file, on the first view of a day.  A worker reads the file's timelines from the cache,
    or builds them from the file's cached rows and keeps them there (the first view of a past day
    after a fresh clone or a pull: every changed task replayed, ~2 s of CPU for 100,000 tasks),
    and hands back the entry (a few KB), not the timelines.  A file a worker did not deliver is
    computed in-process when the view asks, which raises what is wrong."""
    from lawgov_cli.store.index import Shard

    limit = day.toordinal()
    wanting = [
        s
        for s in shards
        if isinstance(s, Shard) and s.needs_past_entry(day, clock) and limit not in (s.past or {})
    ]
    if len(wanting) < 2:
        return
    try:
        sizes = [os.stat(shard.path).st_size for shard in wanting]
    except OSError:
        return
    workers = worker_count(len(wanting), sum(sizes))
    if workers < 2:
        return
    global _SHARDS, _DAY
    _SHARDS, _DAY = wanting, day
    try:
        for results in in_workers(_past_chunk, list(range(len(wanting))), sizes, workers):
            for position, entry in results:
                shard = wanting[position]
                shard.past = {**(shard.past or {}), limit: entry}
    finally:
        _SHARDS, _DAY = (), None


def _past_chunk(chunk: list[int]) -> list[tuple[int, PastEntry]]:
    out = []
    assert _DAY is not None
    for position in chunk:
        try:
            out.append((position, _SHARDS[position].past_entry(_DAY)))
        except Exception:  # computed in-process when the view asks, which raises what is wrong
            continue
    return out
