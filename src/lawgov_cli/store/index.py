"""The store's index of one department file: what progress is counted from, in flat arrays.

A city workspace holds 100,000 tasks; building a Python object for each just to count how many
are overdue costs more than a second.  A :class:`Shard` keeps, per task, only what the progress
rule needs — the status and the *first open due date* — in flat arrays, plus the open tasks
sorted by that date, so counting overdue and due-soon tasks on any day is a binary search.
Tasks are materialised only when a command asks for them (exports, edits, the few listed on
screen).  Built from parsed tasks or restored from the cache; pure, no I/O of its own.

The domain sees it only through :class:`lawgov_cli.model.TaskFile` (the counting interface).
"""

from __future__ import annotations

import functools
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from lawgov_cli.ledger import UNDATED, Footprint, HistoryRow, by_task, footprint, replay, timeline_of_rows
from lawgov_cli.model import HistoryEntry, Repeat, Task, awaits_office
from lawgov_cli.periods import period_tuple

SEP = "\x1f"
"""Unit separator: joins ids and titles in the cache; it never occurs in typed text."""

BLOB_VERSION = 2
"""marshal version of the periods blob kept in the index: no back-references (version 3 on), so
its bytes depend on the values alone, not on how many references an object (a period's due date,
shared by every task of that repeat) happens to have when it is written: an index rebuilt from
the same TOML is byte-identical.  (Timelines keep the default version: its references make them
smaller and faster to read; their bytes may differ between two builds, their values never.)"""

STATUS_CODES = {"todo": "t", "doing": "o", "reported": "r", "done": "d", "dropped": "x"}


MARKER_ACTIONS = frozenset(
    {"report", "approve", "reject", "extend-request", "due", "extend-reject", "extend-moot"}
)
"""History actions of the supervision loop that file or decide a report or an extension request."""


def valid_past_entry(entry: object, count: int) -> bool:
    """Whether ``entry`` (read back from the cache) has the shape of a :data:`PastEntry` of a file
    of ``count`` tasks."""
    if not isinstance(entry, tuple) or len(entry) != 8:
        return False
    keep, statuses, first_due, periods, open_due, open_index, late, pending = entry
    size = array("l").itemsize
    return (
        isinstance(statuses, str)
        and all(isinstance(b, bytes) for b in (keep, first_due, periods, open_due, open_index))
        and len(first_due) == len(statuses) * size
        and (len(keep) == len(first_due) <= count * size or (not keep and len(statuses) in (0, count)))
        and len(open_due) == len(open_index) <= len(first_due)
        and isinstance(late, int)
        and isinstance(pending, tuple)
        and all(isinstance(n, int) and 0 <= n < len(statuses) for n in pending)
    )


def _has_markers(entries: Sequence[HistoryEntry]) -> bool:
    return any(entry.action in MARKER_ACTIONS for entry in entries)


PastEntry = tuple[bytes, str, bytes, bytes, bytes, bytes, int, tuple[int, ...]]
"""A file's index at the end of one past day (:meth:`Shard.past_entry`): the positions of the tasks
that existed then, their status codes, first open due dates and open periods (a marshal blob), the
open ones in due order (dates, positions), how many were finished late, which might await the
office.  Arrays as ``array("l")`` bytes; no status codes: none of its tasks existed yet."""

IndexRow = tuple[str, int, tuple[tuple[str, int], ...], bool]
"""What a file's index keeps of one task: status code ('' when the task did not exist yet),
first open due (ordinal, 0 when closed), the open periods of a recurring task, finished late."""


@functools.lru_cache(maxsize=64)
def _period_dues(repeat: Repeat, year: int) -> tuple[tuple[str, int], ...]:
    """(key, due ordinal) of each period of ``year`` (computed once per (repeat, year), shared)."""
    return tuple((p.key, p.due.toordinal()) for p in period_tuple(repeat, year))


def index_row(
    status: str, repeat: Repeat, due: date, ticked: dict[str, date], done_on: date | None
) -> IndexRow:
    """The progress rule (``periods.first_open_due_of``) and "finished late"
    (``ledger.late_days_of`` > 0) for a task in this state, without building dates: 100,000 tasks
    on a first read, each changed task at every step of its timeline."""
    open_now = status == "todo" or status == "doing"
    if not repeat:
        late = status == "done" and done_on is not None and done_on > due
        return (STATUS_CODES[status], due.toordinal() if open_now else 0, (), late)
    dues = _period_dues(repeat, due.year)
    open_periods = tuple(pair for pair in dues if pair[0] not in ticked) if open_now else ()
    late = status == "done" and any(ticked[key].toordinal() > day for key, day in dues if key in ticked)
    return (STATUS_CODES[status], open_periods[0][1] if open_periods else 0, open_periods, late)


Timelines = dict[int, tuple[tuple[int, IndexRow | None], ...]]

LedgerRow = tuple[str, int, Repeat, str, int, tuple[tuple[str, int], ...]]
"""What a task's timeline depends on: id, due, repeat, status, done_on (ordinal, 0: none) and
ticked periods (key, ordinal) — a cached summary row's items 0, 4, 7, 8, 9 and 10."""


@functools.lru_cache(maxsize=64)
def _year(ordinal: int) -> int:
    return date.fromordinal(ordinal).year


def index_row_of(status: str, repeat: Repeat, due: int, ticked: dict[str, int], done_on: int) -> IndexRow:
    """:func:`index_row` with every date an ordinal (``done_on`` 0: none)."""
    open_now = status == "todo" or status == "doing"
    if not repeat:
        return (STATUS_CODES[status], due if open_now else 0, (), status == "done" and done_on > due)
    dues = _period_dues(repeat, _year(due))
    open_periods = tuple(pair for pair in dues if pair[0] not in ticked) if open_now else ()
    late = status == "done" and any(ticked[key] > day for key, day in dues if key in ticked)
    return (STATUS_CODES[status], open_periods[0][1] if open_periods else 0, open_periods, late)


def ledger_row(task: Task) -> LedgerRow:
    """The :data:`LedgerRow` of a built task."""
    return (
        task.id,
        task.due.toordinal(),
        task.repeat,
        task.status,
        task.done_on.toordinal() if task.done_on else 0,
        tuple((key, day.toordinal()) for key, day in task.periods.items()),
    )


def history_row(entry: HistoryEntry) -> HistoryRow:
    return (entry.at, entry.by, entry.task, entry.action, entry.old, entry.new, entry.note, entry.on)


def build_timelines(
    tasks: Sequence[LedgerRow], history: Iterable[HistoryRow], changed: Sequence[int], after: int = 0
) -> Timelines:
    """Per task changed on a known day after day ``after`` (an ordinal; 0: every such task):
    (from day, index row) at each day its counted state may change
    (:func:`lawgov_cli.ledger.timeline_of_rows`, which is :func:`lawgov_cli.ledger.timeline` in
    ordinals).  Taken from the cache's rows as they are stored: no ``Task`` is built.  A view of
    day D needs the tasks changed after D only (the others stand as the file says)."""
    grouped: dict[str, list[HistoryRow]] = {}
    for entry in history:
        grouped.setdefault(entry[2], []).append(entry)
    out: Timelines = {}
    rows: dict[tuple[object, ...], IndexRow] = {}
    after = max(after, 0)  # never the tasks without a dated change (0) or replayed (UNDATED)
    for index, last in enumerate(changed):
        if last <= after:
            continue
        task_id, due, repeat, status, done_on, periods = tasks[index]
        steps: list[tuple[int, IndexRow | None]] = []
        for start, light in timeline_of_rows(status, due, done_on, dict(periods), grouped.get(task_id, ())):
            if light is None:
                steps.append((start, None))
                continue
            state, done, ticked, moved = light
            if repeat:
                row = index_row_of(state, repeat, moved, ticked, done)
            else:  # the common case: few distinct rows, shared (smaller timelines, fewer objects)
                key = (state, moved, done)
                found = rows.get(key)
                if found is None:
                    found = rows[key] = index_row_of(state, repeat, moved, ticked, done)
                row = found
            steps.append((start, row))
        out[index] = tuple(steps)
    return out


class Shard:
    """One department file: ids, status codes, first open due dates, and the tasks on demand."""

    __slots__ = (
        "_history",
        "_history_loader",
        "_ids",
        "_ids_joined",
        "_loader",
        "_periods",
        "_periods_blob",
        "_subset",
        "_tasks",
        "_timelines",
        "_timelines_after",
        "_timelines_blob",
        "_titles",
        "_titles_joined",
        "changed",
        "co_owners",
        "count_ids",
        "dept",
        "first_due",
        "last_day",
        "late",
        "marked",
        "on_past",
        "on_timelines",
        "open_due",
        "open_index",
        "past",
        "past_key",
        "path",
        "pending",
        "rows_source",
        "statuses",
        "timelines_source",
        "undated",
    )

    def __init__(
        self,
        dept: str,
        path: Path,
        ids: Sequence[str] | str,
        titles: Sequence[str] | str | bytes,
        statuses: str,
        first_due: array[int],
        co_owners: frozenset[str],
        periods: dict[int, tuple[tuple[str, int], ...]] | bytes | None = None,
        loader: Callable[[], list[Task]] | None = None,
        tasks: list[Task] | None = None,
        open_order: tuple[array[int], array[int]] | None = None,
        ledger: tuple[int, bool, int] = (0, False, 0),
        changed: array[int] | None = None,
        timelines: dict[int, tuple[tuple[int, IndexRow | None], ...]] | None = None,
        timelines_blob: bytes | None = None,
        history: list[HistoryEntry] | None = None,
        history_loader: Callable[[], list[HistoryEntry]] | None = None,
        pending: tuple[int, ...] = (),
        marked: tuple[int, ...] = (),
    ) -> None:
        """``ids`` and ``titles`` may be given joined by :data:`SEP` (as the cache stores them):
        they are split only when used; the joined titles may be UTF-8 bytes (the cache's: a
        city's 4 MB of titles are decoded only for the files whose titles are read).  ``ledger`` is (last dated change as an ordinal, whether
        some hand edit is undated, tasks finished late) — see :mod:`lawgov_cli.ledger`."""
        self.dept = dept
        self.path = path
        self._ids_joined: str | None = ids if isinstance(ids, str) else None
        self._ids: tuple[str, ...] | None = None if isinstance(ids, str) else tuple(ids)
        self._titles_joined: str | bytes | None = titles if isinstance(titles, (str, bytes)) else None
        self._titles: tuple[str, ...] | None = None if isinstance(titles, (str, bytes)) else tuple(titles)
        self.count_ids = len(statuses)
        self.statuses = statuses
        self.first_due = first_due
        self.co_owners = co_owners
        self.pending = pending
        self.marked = marked
        """Positions of tasks whose history files or decides a report or an extension: a view of a
        past day looks for what was pending then among them (and those pending now)."""
        """Positions of tasks awaiting the office: a completion report or an extension request."""
        self._periods: dict[int, tuple[tuple[str, int], ...]] | None = (
            None if isinstance(periods, bytes) else periods or {}
        )
        self._periods_blob = periods if isinstance(periods, bytes) else None
        self._loader = loader
        self._tasks = tasks
        if open_order is None:
            order = sorted((d, i) for i, d in enumerate(first_due) if d)
            open_order = (array("l", [d for d, _ in order]), array("l", [i for _, i in order]))
        self.open_due: array[int] = open_order[0]
        self.open_index: array[int] = open_order[1]
        self.last_day, self.undated, self.late = ledger
        self.changed: array[int] = changed if changed is not None else array("l", [0] * len(statuses))
        """Per task: its latest dated change (ordinal), or ``ledger.UNDATED``."""
        self._timelines = timelines
        self._timelines_after = 0
        """The timelines at hand are those of the tasks changed after this day (ordinal; 0: all)."""
        self._timelines_blob = timelines_blob
        self.on_timelines: Callable[[bytes, int], None] | None = None
        """Called with the encoded timelines and the day after which they cover every changed task
        when they had to be built (the cache keeps them)."""
        self.rows_source: Callable[[], tuple[Sequence[LedgerRow], Sequence[HistoryRow]] | None] | None = None
        """The file's tasks and history as the cache keeps them, for building timelines without
        building tasks (None, or returning None: built from :attr:`tasks` and :attr:`history`)."""
        self.timelines_source: Callable[[], tuple[bytes, int] | None] | None = None
        """Where timelines kept earlier are read from (the cache): (encoded, the day after which
        they cover every changed task), None when there are none."""
        self._history = history
        self._history_loader = history_loader
        self._subset: tuple[Shard, list[int]] | None = None
        self.past: dict[int, PastEntry] | None = None
        """Per day (ordinal): this file's index then, kept by the cache (:meth:`at` reads it)."""
        self.on_past: Callable[[Shard, int, PastEntry], None] | None = None
        """Called with (self, the day's ordinal, the :data:`PastEntry`) when :meth:`at` had to
        compute it (the cache keeps it)."""
        self.past_key: tuple[object, str, tuple[int, int, int, int]] | None = None
        """(the cache, the file's name there, its key): where the entries of :attr:`past` are kept
        (:mod:`lawgov_cli.store.past`); None when the file is not cached."""

    @property
    def periods(self) -> dict[int, tuple[tuple[str, int], ...]]:
        """Recurring open tasks only: index -> (period key, due ordinal) of each open period
        (the cache keeps them as a marshal blob: decoded only when a list or a past view asks)."""
        if self._periods is None:
            import marshal

            self._periods = dict(marshal.loads(self._periods_blob)) if self._periods_blob else {}
            self._periods_blob = None
        return self._periods

    def periods_blob(self) -> bytes:
        import marshal

        return self._periods_blob if self._periods_blob is not None else marshal.dumps(self.periods, BLOB_VERSION)

    @property
    def ids(self) -> tuple[str, ...]:
        if self._ids is None and self._subset is not None:
            whole, kept = self._subset
            ids = whole.ids
            self._ids = tuple(ids[i] for i in kept)
        if self._ids is None:
            assert self._ids_joined is not None
            self._ids = tuple(self._ids_joined.split(SEP)) if self.count_ids else ()
        return self._ids

    @property
    def titles(self) -> tuple[str, ...]:
        if self._titles is None and self._subset is not None:
            whole, kept = self._subset
            titles = whole.titles
            self._titles = tuple(titles[i] for i in kept)
        if self._titles is None:
            self._titles = tuple(self.joined_titles().split(SEP)) if self.count_ids else ()
        return self._titles

    def joined_ids(self) -> str:
        return self._ids_joined if self._ids_joined is not None else SEP.join(self.ids)

    def joined_titles(self) -> str:
        if isinstance(self._titles_joined, bytes):
            self._titles_joined = self._titles_joined.decode("utf-8")
        return self._titles_joined if self._titles_joined is not None else SEP.join(self.titles)

    def joined_titles_utf8(self) -> bytes:
        """:meth:`joined_titles` encoded, as the cache's index keeps them (not decoded to be kept)."""
        if isinstance(self._titles_joined, bytes):
            return self._titles_joined
        return self.joined_titles().encode("utf-8")

    def position(self, task_id: str) -> int | None:
        """Index of ``task_id`` in this file, found without splitting the ids."""
        joined = self.joined_ids()
        needle = SEP + task_id + SEP
        at = (SEP + joined + SEP).find(needle)
        if at == -1:
            return None
        return joined.count(SEP, 0, at)

    @property
    def history(self) -> list[HistoryEntry]:
        """The file's ``[[history]]`` entries, in file order (loaded on first use)."""
        if self._history is None:
            self._history = self._history_loader() if self._history_loader is not None else []
            self._history_loader = None
        return self._history

    def at(self, day: date, clock: date | None) -> Shard | None:
        """This file as it stood at the end of ``day`` (self when nothing changed since); None
        when none of its tasks existed yet.  ``clock``: today, from which undated hand edits count.

        The index comes from each task's timeline (a binary search, no replay), or from the
        :data:`PastEntry` kept for that day (:attr:`past`); tasks are replayed only when a
        command materialises them.
        """
        limit = day.toordinal()
        if limit >= self.last_day and (not self.undated or clock is None or day >= clock):
            return self
        if UNDATED in self.changed:
            return self._replayed(day, clock)
        entry = self.past.get(limit) if self.past is not None else None
        if entry is None:
            entry = self.past_entry(day)
            self.past = {**(self.past or {}), limit: entry}
            if self.on_past is not None:
                self.on_past(self, limit, entry)
        return self._past_shard(day, clock, entry)

    def needs_past_entry(self, day: date, clock: date | None) -> bool:
        """Whether :meth:`at` ``day`` counts from the timelines (not self, not a full replay)."""
        if day.toordinal() >= self.last_day and (not self.undated or clock is None or day >= clock):
            return False
        return UNDATED not in self.changed

    def past_entry(self, day: date) -> PastEntry:
        """This file's index at the end of ``day``, from its timelines (what :meth:`at` builds
        its shard from, and the cache keeps per day: :data:`PastEntry`)."""
        limit = day.toordinal()
        keep: list[int] = []
        rows: list[IndexRow] = []
        late = self.late
        timelines = self.timelines_after(limit)
        for index, changed in enumerate(self.changed):
            if changed <= limit:
                keep.append(index)
                rows.append(self._row(index))
                continue
            steps = timelines[index]
            at = len(steps) - 1
            while steps[at][0] > limit:  # few steps per task: from the latest back
                at -= 1
            now = steps[at][1]
            late += (now[3] if now else 0) - steps[-1][1][3]  # type: ignore[index]
            if now is not None and now[0]:
                keep.append(index)
                rows.append(now)
        import marshal

        first_due = [row[1] for row in rows]
        order = sorted((d, i) for i, d in enumerate(first_due) if d)
        loop = self._loop_positions()
        return (
            b"" if len(keep) == self.count_ids else array("l", keep).tobytes(),  # b"": every task
            "".join(row[0] for row in rows),
            array("l", first_due).tobytes(),
            # The default version: its references share the period pairs (the bytes may differ
            # between two builds, the values never).
            marshal.dumps({n: row[2] for n, row in enumerate(rows) if row[2]}),
            array("l", [d for d, _ in order]).tobytes(),
            array("l", [i for _, i in order]).tobytes(),
            late,
            tuple(n for n, i in enumerate(keep) if i in loop),
        )

    def _past_shard(self, day: date, clock: date | None, entry: PastEntry) -> Shard | None:
        keep_bytes, statuses, first_due_bytes, periods, open_due_bytes, open_index_bytes, late, pending = entry
        if not statuses:
            return None
        keep, first_due, open_due, open_index = array("l"), array("l"), array("l"), array("l")
        keep.frombytes(keep_bytes)
        first_due.frombytes(first_due_bytes)
        open_due.frombytes(open_due_bytes)
        open_index.frombytes(open_index_bytes)
        kept = list(keep) if keep_bytes else list(range(self.count_ids))
        shard = Shard(
            self.dept,
            self.path,
            (),
            (),
            statuses,
            first_due,
            self.co_owners,
            periods,
            loader=lambda: self._replayed_tasks(day, clock, kept),
            open_order=(open_due, open_index),
            ledger=(0, False, late),
            history_loader=lambda: self.history,
            # Candidates only: Progress.pending() asks each replayed task what awaited the office.
            pending=pending,
        )
        if keep_bytes:
            shard._subset = (self, kept)  # ids and titles picked from this file's when asked
            shard._ids = shard._titles = None
        else:  # every task of the file: its very ids and titles, split when asked
            shard._ids, shard._titles = self._ids, self._titles
            shard._ids_joined, shard._titles_joined = self._ids_joined, self._titles_joined
        return shard

    def _loop_positions(self) -> frozenset[int]:
        return frozenset(self.pending) | frozenset(self.marked)

    @property
    def timelines(self) -> Timelines:
        """Per changed task: (from day, index row or None before it existed), oldest first
        (:meth:`timelines_after` 0: every task with a dated change)."""
        return self.timelines_after(0)

    def timelines_after(self, after: int) -> Timelines:
        """The timelines of (at least) every task changed after day ``after`` (an ordinal): what a
        view of that day or a later one counts from.

        Only a view of a past day needs them: the cache keeps them apart (one marshal blob per
        file, read then through :attr:`timelines_source`); when those at hand do not cover
        ``after`` they are built from the file's cached rows (or its tasks and history) and handed
        to :attr:`on_timelines`, so the cache keeps them for the next view."""
        import marshal

        if self._timelines is None and self._timelines_blob is not None:  # given whole
            self._timelines = dict(marshal.loads(self._timelines_blob)) if self._timelines_blob else {}
            self._timelines_blob, self._timelines_after = None, 0
        if self._timelines is not None and self._timelines_after <= after:
            return self._timelines
        kept = self.timelines_source() if self.timelines_source is not None else None
        if kept is not None and kept[1] <= after:
            self._timelines = dict(marshal.loads(kept[0])) if kept[0] else {}
            self._timelines_after = kept[1]
            return self._timelines
        found = self.rows_source() if self._tasks is None and self.rows_source is not None else None
        if found is None:
            found = ([ledger_row(t) for t in self.tasks], [history_row(e) for e in self.history])
        timelines = build_timelines(found[0], found[1], self.changed, after)
        self._timelines, self._timelines_after = timelines, max(after, 0)
        if self.on_timelines is not None:
            self.on_timelines(marshal.dumps(timelines), self._timelines_after)
        return timelines

    def _row(self, index: int) -> IndexRow:
        """The index row of task ``index`` as the file is now."""
        return (self.statuses[index], self.first_due[index], self.periods.get(index, ()), False)

    def _replayed_tasks(self, day: date, clock: date | None, keep: list[int]) -> list[Task]:
        grouped = by_task(self.history)
        out = []
        for index in keep:
            task = self.tasks[index]
            dated = replay(task, grouped.get(task.id, ()), day, clock)
            assert dated is not None, task.id  # the timeline said it existed on ``day``
            out.append(dated)
        return out

    def _replayed(self, day: date, clock: date | None) -> Shard | None:
        """Replay every task (a file with hand edits that carry no date: they depend on the clock)."""
        grouped = by_task(self.history)
        tasks = []
        for task in self.tasks:
            dated = replay(task, grouped.get(task.id, ()), day, clock)
            if dated is not None:
                tasks.append(dated)
        if not tasks:
            return None
        # Already as of ``day``: never replayed again, so its ledger footprint is not needed.
        return Shard.from_tasks(self.dept, self.path, tasks, self.history, dated=True)

    @classmethod
    def from_tasks(
        cls,
        dept: str,
        path: Path,
        tasks: list[Task],
        history: list[HistoryEntry] | None = None,
        *,
        dated: bool = False,
    ) -> Shard:
        """The shard of ``tasks``; ``dated``: they are already replayed to a day (no ledger)."""
        history = history or []
        grouped = by_task(history)
        mark = Footprint(0, False) if dated else footprint(tasks, grouped)
        rows = [index_row(t.status, t.repeat, t.due, t.periods, t.done_on) for t in tasks]
        return cls(
            dept,
            path,
            tuple(t.id for t in tasks),
            tuple(t.title for t in tasks),
            "".join(row[0] for row in rows),
            array("l", [row[1] for row in rows]),
            frozenset(co for t in tasks for co in t.co_owners),
            {index: row[2] for index, row in enumerate(rows) if row[2]},
            tasks=tasks,
            ledger=(mark.last_day, mark.undated, sum(row[3] for row in rows)),
            changed=array("l", mark.changed) if mark.changed else None,
            history=history,
            # Built on the first view of a past day (``timelines``); a dated file needs none.
            timelines={} if dated else None,
            pending=tuple(i for i, t in enumerate(tasks) if awaits_office(t)),
            marked=tuple(i for i, t in enumerate(tasks) if _has_markers(grouped.get(t.id, ()))),
        )

    def select(self, keep: Callable[[Task], bool]) -> Shard | None:
        """The index of the tasks ``keep`` accepts (as they stand in this view), or None."""
        chosen = [task for task in self.tasks if keep(task)]
        if not chosen:
            return None
        # Already as of this view's day: no ledger footprint needed.
        return Shard.from_tasks(self.dept, self.path, chosen, dated=True)

    def release(self, loader: Callable[[], list[Task]]) -> None:
        """Drop the built tasks (keeping the index); ``loader`` rebuilds them if asked again."""
        self._tasks = None
        self._loader = loader

    def __len__(self) -> int:
        return self.count_ids

    @property
    def tasks(self) -> list[Task]:
        if self._tasks is None:
            assert self._loader is not None
            self._tasks = self._loader()
            self._loader = None
        return self._tasks

    def count(self, status: str) -> int:
        return self.statuses.count(STATUS_CODES[status])

    def overdue_count(self, cutoff: date) -> int:
        """Open tasks whose next due date is before ``cutoff`` (the first day they count as late)."""
        return bisect_left(self.open_due, cutoff.toordinal())

    def due_soon_count(self, cutoff: date, last: date) -> int:
        """Open tasks due from ``cutoff`` up to and including ``last``."""
        start = bisect_left(self.open_due, cutoff.toordinal())
        return max(0, bisect_right(self.open_due, last.toordinal()) - start)

    def missed_periods(self, index: int, cutoff: date) -> tuple[str, ...]:
        """Keys of the open periods of a recurring task that were due before ``cutoff``."""
        day = cutoff.toordinal()
        return tuple(key for key, due in self.periods.get(index, ()) if due < day)

    def overdue_positions(self, cutoff: date) -> list[tuple[int, int]]:
        """(first due ordinal, index) of overdue tasks, earliest first."""
        end = bisect_left(self.open_due, cutoff.toordinal())
        return list(zip(self.open_due[:end], self.open_index[:end], strict=True))

    def due_soon_positions(self, cutoff: date, last: date) -> list[tuple[int, int]]:
        start = bisect_left(self.open_due, cutoff.toordinal())
        end = max(start, bisect_right(self.open_due, last.toordinal()))
        return list(zip(self.open_due[start:end], self.open_index[start:end], strict=True))
