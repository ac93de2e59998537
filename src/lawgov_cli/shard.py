"""The tasks of one department file, with a compact index of what progress is computed from.

A city workspace holds 100,000 tasks; building a Python object for each just to count how many
are overdue costs more than a second.  A :class:`Shard` keeps, per task, only what the progress
rule needs — the status and the *first open due date* — in flat arrays, plus the open tasks
sorted by that date, so counting overdue and due-soon tasks on any day is a binary search.
Tasks are materialised only when a command asks for them (exports, edits, the few listed on
screen).  Built from parsed tasks or restored from the cache; pure, no I/O of its own.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from lawgov_cli.model import HistoryEntry, Task
from lawgov_cli.periods import task_periods

SEP = "\x1f"
"""Unit separator: joins ids and titles in the cache; it never occurs in typed text."""

STATUS_CODES = {"todo": "t", "doing": "o", "done": "d", "dropped": "x"}


def first_open_due(task: Task) -> date | None:
    """THE progress rule: the date by which the task's next tick is due, or None when closed.

    One-off tasks: ``due`` while todo/doing.  Recurring tasks: the due date of the earliest
    period not yet ticked.  A task is overdue on ``as_of`` when this date is before it, and due
    soon when it falls within the due-soon window.
    """
    if task.status in ("done", "dropped"):
        return None
    periods = task_periods(task)
    if not periods:
        return task.due
    for period in periods:
        if period.key not in task.periods:
            return period.due
    return None


class Shard:
    """One department file: ids, status codes, first open due dates, and the tasks on demand."""

    __slots__ = (
        "_history",
        "_history_loader",
        "_ids",
        "_ids_joined",
        "_loader",
        "_tasks",
        "_titles",
        "_titles_joined",
        "co_owners",
        "count_ids",
        "dept",
        "first_due",
        "last_day",
        "late",
        "open_due",
        "open_index",
        "path",
        "periods",
        "statuses",
        "undated",
    )

    def __init__(
        self,
        dept: str,
        path: Path,
        ids: Sequence[str] | str,
        titles: Sequence[str] | str,
        statuses: str,
        first_due: array[int],
        co_owners: frozenset[str],
        periods: dict[int, tuple[tuple[str, int], ...]] | None = None,
        loader: Callable[[], list[Task]] | None = None,
        tasks: list[Task] | None = None,
        open_order: tuple[array[int], array[int]] | None = None,
        ledger: tuple[int, bool, int] = (0, False, 0),
        history: list[HistoryEntry] | None = None,
        history_loader: Callable[[], list[HistoryEntry]] | None = None,
    ) -> None:
        """``ids`` and ``titles`` may be given joined by :data:`SEP` (as the cache stores them):
        they are split only when used.  ``ledger`` is (last dated change as an ordinal, whether
        some hand edit is undated, tasks finished late) — see :mod:`lawgov_cli.ledger`."""
        self.dept = dept
        self.path = path
        self._ids_joined: str | None = ids if isinstance(ids, str) else None
        self._ids: tuple[str, ...] | None = None if isinstance(ids, str) else tuple(ids)
        self._titles_joined: str | None = titles if isinstance(titles, str) else None
        self._titles: tuple[str, ...] | None = None if isinstance(titles, str) else tuple(titles)
        self.count_ids = len(statuses)
        self.statuses = statuses
        self.first_due = first_due
        self.co_owners = co_owners
        self.periods = periods or {}
        """Recurring open tasks only: index -> (period key, due ordinal) of each open period."""
        self._loader = loader
        self._tasks = tasks
        if open_order is None:
            order = sorted((d, i) for i, d in enumerate(first_due) if d)
            open_order = (array("l", [d for d, _ in order]), array("l", [i for _, i in order]))
        self.open_due: array[int] = open_order[0]
        self.open_index: array[int] = open_order[1]
        self.last_day, self.undated, self.late = ledger
        self._history = history
        self._history_loader = history_loader

    @property
    def ids(self) -> tuple[str, ...]:
        if self._ids is None:
            assert self._ids_joined is not None
            self._ids = tuple(self._ids_joined.split(SEP)) if self.count_ids else ()
        return self._ids

    @property
    def titles(self) -> tuple[str, ...]:
        if self._titles is None:
            assert self._titles_joined is not None
            self._titles = tuple(self._titles_joined.split(SEP)) if self.count_ids else ()
        return self._titles

    def joined_ids(self) -> str:
        return self._ids_joined if self._ids_joined is not None else SEP.join(self.ids)

    def joined_titles(self) -> str:
        return self._titles_joined if self._titles_joined is not None else SEP.join(self.titles)

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
        when none of its tasks existed yet.  ``clock``: today, from which undated hand edits count."""
        if day.toordinal() >= self.last_day and (not self.undated or clock is None or day >= clock):
            return self
        from lawgov_cli.ledger import by_task, replay

        grouped = by_task(self.history)
        tasks = [t for t in (replay(task, grouped.get(task.id, ()), day, clock) for task in self.tasks) if t]
        if not tasks:
            return None
        shard = Shard.from_tasks(self.dept, self.path, tasks, self.history)
        shard.last_day, shard.undated = 0, False  # already as of ``day``: never replayed again
        return shard

    @classmethod
    def from_tasks(
        cls, dept: str, path: Path, tasks: list[Task], history: list[HistoryEntry] | None = None
    ) -> Shard:
        from lawgov_cli.ledger import by_task, finished_late, footprint

        history = history or []
        mark = footprint(tasks, by_task(history))
        late = sum(1 for t in tasks if t.status == "done" and finished_late(t))
        dues: array[int] = array("l", [])
        periods: dict[int, tuple[tuple[str, int], ...]] = {}
        for index, task in enumerate(tasks):
            due = first_open_due(task)
            dues.append(due.toordinal() if due else 0)
            if due is not None and task.repeat:
                periods[index] = tuple(
                    (p.key, p.due.toordinal()) for p in task_periods(task) if p.key not in task.periods
                )
        return cls(
            dept,
            path,
            tuple(t.id for t in tasks),
            tuple(t.title for t in tasks),
            "".join(STATUS_CODES[t.status] for t in tasks),
            dues,
            frozenset(co for t in tasks for co in t.co_owners),
            periods,
            tasks=tasks,
            ledger=(mark.last_day, mark.undated, late),
            history=history,
        )

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
