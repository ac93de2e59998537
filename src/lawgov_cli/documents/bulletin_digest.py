"""What the bulletin reads of one department file, whatever the month and the language: its digest.

A bulletin walks every task of a city (100,000) but reads little of each: the title, owner,
due date, repeat, status, done date and ticked periods (its state), the latest note (for the
items it lists), the dates of the file's done and tick events (the month's finished items), its
``record`` entries (the month's indicator values) and the metrics of the tasks they name.  The
digest holds exactly that, in file order, with the titles already as documents name them
(:func:`~lawgov_cli.documents.wording.title_text`) and the tasks' states grouped into the file's
distinct (status, repeat, due, periods) classes.  None of it depends on the month or the day of
the view, so the cache keeps it beside the file's rows (:mod:`lawgov_cli.store.derived`, suffix
:data:`SUFFIX`, valid for the file as it is): a warm bulletin reads the digests, never the
rows' details nor the history.  A file whose digest is missing, stale or damaged (or a file
replayed to a past day, or the cache off) gets it made from its rows and history, and kept when
the cache can keep it.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lawgov_cli.documents.wording import title_text
from lawgov_cli.model import HistoryEntry, Repeat, Status

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile
    from lawgov_cli.store.rows import MetricRow

SUFFIX = ".bulletin"
"""The digest's file beside the department file's rows: ``rows-*/d001.toml.bulletin``."""

VERSION = ("bulletin-digest", 3)
"""Changes whenever what the digest holds (or how) changes: an older digest is then a miss."""

StateClass = tuple[Status, Repeat, int, tuple[str, ...]]
"""(status, repeat, due as an ordinal, periods ticked): what a task's state reads (when each
period was ticked matters only for a tick after the day of the view: :attr:`Digest.last_ticks`)."""

RecordRow = tuple[str, str, str, str, str, str, str, str]
"""A ``record`` history entry's fields (``HistoryEntry(*row)``)."""


@dataclass(frozen=True, slots=True)
class Digest:
    """What the bulletin reads of one file (positions: the file's task order; the ids and titles
    are the file's index's, :attr:`~lawgov_cli.model.TaskFile.ids` and ``titles``)."""

    titles_en: dict[int, str]
    """The positions whose title a document names otherwise than the file has it (trimmed, no
    final full stop): in English, and in Chinese unless :attr:`titles_zh` says otherwise."""
    titles_zh: dict[int, str]
    """The positions whose Chinese name differs from the English one (a rectification:
    ``“问题”问题整改``)."""
    owners: tuple[str, ...]
    classes: tuple[StateClass, ...]
    """The file's distinct state classes."""
    class_of: Sequence[int]
    """Each task's class (an index into ``classes``)."""
    events: tuple[tuple[int, int, str], ...]
    """(day as an ordinal, position, period) of each task done (period "") or period ticked,
    by day, then position, then the order the walk lists them (done, then the periods in order);
    a period ticked on the day its task was done is the task's being done."""
    last_ticks: tuple[tuple[int, int], ...]
    """(day of its latest tick, position) of each task with ticked periods, by day: which tasks
    have a period ticked after a given day (their ticks: their events with a period)."""
    notes: dict[int, str]
    """The latest note of each task that has notes."""
    records: tuple[tuple[int, RecordRow], ...]
    """(effective day as an ordinal, entry) of the file's ``record`` entries, in file order."""
    metrics: dict[str, tuple[MetricRow, ...]]
    """The metrics of the tasks of this file that its ``record`` entries name."""

    def titles_in(self, lang: str, titles: Sequence[str]) -> Sequence[str]:
        """The tasks' titles as a document in ``lang`` names them, from the file's ``titles``."""
        changes = [self.titles_en, self.titles_zh] if lang == "zh" else [self.titles_en]
        if not any(changes):
            return titles
        shown = list(titles)
        for change in changes:
            for position, text in change.items():
                shown[position] = text
        return shown

    def to_value(self) -> tuple[Any, ...]:
        """Marshallable (what the cache keeps)."""
        class_of = self.class_of if isinstance(self.class_of, array) else array("l", self.class_of)
        return (
            self.titles_en,
            self.titles_zh,
            self.owners,
            self.classes,
            class_of.tobytes(),
            self.events,
            self.last_ticks,
            self.notes,
            self.records,
            self.metrics,
        )

    @classmethod
    def from_value(cls, value: Any, count: int) -> Digest | None:
        """The digest of a file of ``count`` tasks kept as ``value`` by :meth:`to_value`; None for
        anything else."""
        try:
            titles_en, titles_zh, owners, classes, class_bytes, events, last_ticks, notes, records, metrics = value
            class_of = array("l")
            class_of.frombytes(class_bytes)
            checks = (
                isinstance(owners, tuple)
                and isinstance(classes, tuple)
                and isinstance(events, tuple)
                and isinstance(last_ticks, tuple)
                and isinstance(records, tuple)
                and isinstance(titles_en, dict)
                and isinstance(titles_zh, dict)
                and isinstance(notes, dict)
                and isinstance(metrics, dict)
                and len(owners) == len(class_of) == count
                and (not count or (min(class_of) >= 0 and max(class_of) < len(classes)))
            )
        except (TypeError, ValueError):
            return None
        if not checks:
            return None
        return cls(titles_en, titles_zh, owners, classes, class_of, events, last_ticks, notes, records, metrics)


def make_digest(
    summaries: Sequence[Any], details: Sequence[Any], records: Sequence[HistoryEntry]
) -> Digest:
    """The digest of a file's task rows (:mod:`lawgov_cli.store.rows`) and ``record`` entries.

    Made a column at a time (the first bulletin after the cache is rebuilt makes every file's):
    only the tasks with ticked periods, notes or a recorded value are looked at one by one."""
    if len(summaries) != len(details):
        raise ValueError("summary and detail rows differ in number")
    column = _columns(summaries)
    ids, raw_titles, owners = column(0), column(1), column(3)
    titles = [title.strip().rstrip("。.") for title in raw_titles]  # title_text in English
    titles_en = {i: title for i, title in enumerate(titles) if title != raw_titles[i]}
    titles_zh = {
        i: shown
        for i, kind in enumerate(column(2))
        if kind == "rectify" and (shown := title_text(raw_titles[i], kind, "zh")) != titles[i]
    }
    same = {value: value for value in (*set(owners), *set(column(7)), *set(column(8)))}
    pick = same.__getitem__  # one object per distinct owner, repeat, status: marshal refers to it
    statuses, dues, done_on, periods = column(8), column(4), column(9), column(10)
    ticked = [i for i, p in enumerate(periods) if p]
    keys = [()] * len(ids)
    for i in ticked:
        keys[i] = tuple(map(_FIRST, periods[i]))
    class_index: dict[StateClass, int] = {}
    class_of = array(
        "l",
        [
            class_index.setdefault(key, len(class_index))
            for key in zip(map(pick, statuses), map(pick, column(7)), dues, keys, strict=True)
        ],
    )
    events = [(done_on[i], i, -1, "") for i, status in enumerate(statuses) if status == "done" and done_on[i]]
    events += [
        (day, i, n, period)
        for i in ticked
        for n, (period, day) in enumerate(periods[i])
        if not (done_on[i] == day and statuses[i] == "done")
    ]
    events.sort()  # by day, position, then done before the periods in their order
    named = {entry.task for entry in records}
    return Digest(
        titles_en,
        titles_zh,
        tuple(map(pick, owners)),
        tuple(class_index),
        class_of,
        tuple((day, i, period) for day, i, _, period in events),
        tuple(sorted((max(map(_SECOND, periods[i])), i) for i in ticked)),
        {i: detail[2][-1] for i, detail in enumerate(details) if detail[2]},
        tuple(
            (entry.day.toordinal(), (entry.at, entry.by, entry.task, entry.action, entry.old, entry.new, entry.note, entry.on))
            for entry in records
        ),
        {task_id: tuple(details[i][4]) for i, task_id in enumerate(ids) if task_id in named},
    )


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


def _columns(rows: Sequence[Any]) -> Callable[[int], tuple[Any, ...]]:
    """The rows' field ``n`` as a tuple, for any ``n`` (each column made once, in C)."""
    made: dict[int, tuple[Any, ...]] = {}

    def column(n: int) -> tuple[Any, ...]:
        found = made.get(n)
        if found is None:
            found = made[n] = tuple(map(operator.itemgetter(n), rows))
        return found

    return column


def digest_of(shard: TaskFile) -> Digest:
    """The digest of ``shard``: kept by the cache for the file as it is, else made (and kept)."""
    from lawgov_cli.store.cache import rows_and_history
    from lawgov_cli.store.derived import cache_loader, keep_derived, read_derived

    loader = cache_loader(shard)
    if loader is not None:
        kept = Digest.from_value(read_derived(shard, VERSION, SUFFIX, loader), len(shard))
        if kept is not None:
            return kept
    summaries, details, history = rows_and_history(shard)
    digest = make_digest(summaries, details(), history("record"))
    if loader is not None:
        keep_derived(shard, VERSION, digest.to_value(), SUFFIX, loader)
    return digest


def prefetch_digests(shards: Sequence[TaskFile]) -> None:
    """Make, in worker processes, the digests the cache seems to lack: the first bulletin after the
    cache is rebuilt (a fresh clone, a ``git pull`` that changed most files) makes every file's,
    ~1 s of one core for 100,000 tasks (reading each file's rows and history is most of it).  The
    workers keep them in the cache as :func:`digest_of` does in-process; the walk then reads them
    as kept, and makes in-process, in its turn, any a worker did not deliver (a file changed
    meanwhile, a worker killed).  Workers as for a first read of the files
    (:func:`lawgov_cli.store.parallel.worker_count`: ``LAWGOV_JOBS``, ``LAWGOV_PARALLEL_BYTES``)."""
    from lawgov_cli.store.cache import RowsLoader
    from lawgov_cli.store.derived import cache_loader
    from lawgov_cli.store.derived import lacking as lacks
    from lawgov_cli.store.parallel import in_workers, worker_count

    lacking: list[int] = []
    sizes: list[int] = []
    for n, shard in enumerate(shards):
        loader = cache_loader(shard)
        if not isinstance(loader, RowsLoader) or not loader.cache.writable:
            continue
        size = lacks(shard, SUFFIX, loader)  # kept since the rows were written: most likely valid
        if size:
            lacking.append(n)
            sizes.append(size)
    workers = worker_count(len(lacking), sum(sizes))
    if workers < 2:
        return
    global _SHARDS
    _SHARDS = shards
    try:
        for _ in in_workers(_digest_chunk, lacking, sizes, workers):
            pass
    finally:
        _SHARDS = ()


_SHARDS: Sequence[TaskFile] = ()
"""The files whose digests the workers make, inherited by the forked workers."""


def _digest_chunk(chunk: list[int]) -> list[int]:
    done = []
    for n in chunk:
        try:
            digest_of(_SHARDS[n])  # made and kept in the cache
        except Exception:  # made in-process when the walk comes to it, which raises what is wrong
            continue
        done.append(n)
    return done


def record_entries(digest: Digest, first: int, last: int) -> list[HistoryEntry]:
    """The digest's ``record`` entries effective from ``first`` to ``last`` (ordinals), in file order."""
    return [HistoryEntry(*row) for day, row in digest.records if first <= day <= last]


__all__ = ["SUFFIX", "VERSION", "Digest", "digest_of", "make_digest", "prefetch_digests", "record_entries"]
