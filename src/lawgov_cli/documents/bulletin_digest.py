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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lawgov_cli.documents.wording import title_text
from lawgov_cli.model import HistoryEntry, Repeat, Status

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile
    from lawgov_cli.store.rows import MetricRow

SUFFIX = ".bulletin"
"""The digest's file beside the department file's rows: ``rows-*/d001.toml.bulletin``."""

VERSION = ("bulletin-digest", 2)
"""Changes whenever what the digest holds (or how) changes: an older digest is then a miss."""

StateClass = tuple[Status, Repeat, int, tuple[str, ...]]
"""(status, repeat, due as an ordinal, periods ticked): what a task's state reads (when each
period was ticked matters only for a tick after the day of the view: :attr:`Digest.last_ticks`)."""

RecordRow = tuple[str, str, str, str, str, str, str, str]
"""A ``record`` history entry's fields (``HistoryEntry(*row)``)."""


@dataclass(frozen=True, slots=True)
class Digest:
    """What the bulletin reads of one file (positions: the file's task order)."""

    ids: tuple[str, ...]
    titles: tuple[str, ...]
    """Each task's title as a document names it in English (trimmed, no final full stop)."""
    titles_zh: dict[int, str]
    """The positions whose Chinese name differs (a rectification: ``“问题”问题整改``)."""
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

    def titles_in(self, lang: str) -> Sequence[str]:
        """The tasks' titles as a document in ``lang`` names them."""
        if lang != "zh" or not self.titles_zh:
            return self.titles
        titles = list(self.titles)
        for position, text in self.titles_zh.items():
            titles[position] = text
        return titles

    def to_value(self) -> tuple[Any, ...]:
        """Marshallable (what the cache keeps)."""
        class_of = self.class_of if isinstance(self.class_of, array) else array("l", self.class_of)
        return (
            self.ids,
            self.titles,
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
    def from_value(cls, value: Any) -> Digest | None:
        """The digest kept as ``value`` by :meth:`to_value`; None for anything else."""
        try:
            ids, titles, titles_zh, owners, classes, class_bytes, events, last_ticks, notes, records, metrics = value
            class_of = array("l")
            class_of.frombytes(class_bytes)
            count = len(ids)
            checks = (
                isinstance(ids, tuple)
                and isinstance(titles, tuple)
                and isinstance(owners, tuple)
                and isinstance(classes, tuple)
                and isinstance(events, tuple)
                and isinstance(last_ticks, tuple)
                and isinstance(records, tuple)
                and isinstance(titles_zh, dict)
                and isinstance(notes, dict)
                and isinstance(metrics, dict)
                and len(titles) == len(owners) == len(class_of) == count
                and (not count or (min(class_of) >= 0 and max(class_of) < len(classes)))
            )
        except (TypeError, ValueError):
            return None
        if not checks:
            return None
        return cls(ids, titles, titles_zh, owners, classes, class_of, events, last_ticks, notes, records, metrics)


def make_digest(
    summaries: Sequence[Any], details: Sequence[Any], records: Sequence[HistoryEntry]
) -> Digest:
    """The digest of a file's task rows (:mod:`lawgov_cli.store.rows`) and ``record`` entries."""
    ids: list[str] = []
    titles: list[str] = []
    titles_zh: dict[int, str] = {}
    owners: list[str] = []
    class_index: dict[StateClass, int] = {}
    class_of: list[int] = []
    events: list[tuple[int, int, int, str]] = []
    last_ticks: list[tuple[int, int]] = []
    notes: dict[int, str] = {}
    named = {entry.task for entry in records}
    metrics: dict[str, tuple[MetricRow, ...]] = {}
    same: dict[str, str] = {}  # one object per distinct owner, status, repeat (marshal refers to it)
    for i, (summary, detail) in enumerate(zip(summaries, details, strict=True)):
        (task_id, title, kind, owner, due, _, _, repeat, status, done_on, periods, *_) = summary
        ids.append(task_id)
        titles.append(title_text(title, kind, "en"))
        shown = title_text(title, kind, "zh")
        if shown != titles[-1]:
            titles_zh[i] = shown
        owners.append(same.setdefault(owner, owner))
        key: StateClass = (
            same.setdefault(status, status),  # type: ignore[assignment]
            same.setdefault(repeat, repeat),
            due,
            tuple(period for period, _ in periods),
        )
        found = class_index.get(key)
        if found is None:
            found = class_index[key] = len(class_index)
        class_of.append(found)
        if status == "done" and done_on:
            events.append((done_on, i, -1, ""))
        for n, (period, ticked) in enumerate(periods):
            if not (done_on == ticked and status == "done"):
                events.append((ticked, i, n, period))
        if periods:
            last_ticks.append((max(ticked for _, ticked in periods), i))
        if detail[2]:
            notes[i] = detail[2][-1]
        if task_id in named:
            metrics[task_id] = tuple(detail[4])
    events.sort(key=operator.itemgetter(0, 1, 2))
    return Digest(
        tuple(ids),
        tuple(titles),
        titles_zh,
        tuple(owners),
        tuple(class_index),
        array("l", class_of),
        tuple((day, i, period) for day, i, _, period in events),
        tuple(sorted(last_ticks)),
        notes,
        tuple(
            (entry.day.toordinal(), (entry.at, entry.by, entry.task, entry.action, entry.old, entry.new, entry.note, entry.on))
            for entry in records
        ),
        metrics,
    )


def digest_of(shard: TaskFile) -> Digest:
    """The digest of ``shard``: kept by the cache for the file as it is, else made (and kept)."""
    from lawgov_cli.store.cache import rows_and_history
    from lawgov_cli.store.derived import cache_loader, keep_derived, read_derived

    loader = cache_loader(shard)
    if loader is not None:
        kept = Digest.from_value(read_derived(shard, VERSION, SUFFIX, loader))
        if kept is not None:
            return kept
    summaries, details, history = rows_and_history(shard)
    digest = make_digest(summaries, details(), history("record"))
    if loader is not None:
        keep_derived(shard, VERSION, digest.to_value(), SUFFIX, loader)
    return digest


def record_entries(digest: Digest, first: int, last: int) -> list[HistoryEntry]:
    """The digest's ``record`` entries effective from ``first`` to ``last`` (ordinals), in file order."""
    return [HistoryEntry(*row) for day, row in digest.records if first <= day <= last]


__all__ = ["SUFFIX", "VERSION", "Digest", "digest_of", "make_digest", "record_entries"]
