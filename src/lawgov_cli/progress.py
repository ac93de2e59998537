"""Where the work stands on a given day: one computation of progress, rendered many ways.

``evaluate(workspace, as_of)`` is the single source of the numbers that ``status``, ``check``,
the exports and the bulletin show, so they always agree.  The 红/黄/绿 of 督查督办 practice:

- the state is the one on ``as_of``: every history entry effective on or before it applied,
  none after (:meth:`Workspace.at`, :mod:`lawgov_cli.ledger`);
- overdue (红灯): not done, not dropped, and its due date — for a recurring task, any period's
  due date — has passed.  A deadline is the end of its day: a task due on D is overdue from
  D+1.  A view "at the end of ``as_of``" (``end_of_day=True``: a month's bulletin, a year's
  report) therefore already counts tasks due on ``as_of`` itself as overdue;
- due soon (黄灯): not overdue, and the next due date is within ``due_soon_days`` days of
  ``as_of`` (the one definition of 黄灯 everywhere);
- on track (绿灯): everything else that is open, and everything done;
- finished late (逾期完成): done, but after its due date (a recurring task: some period ticked
  after that period's end).  Still done.
Dropped tasks count in ``dropped`` but not in the completion rate.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from lawgov_cli.ledger import finished_late
from lawgov_cli.model import Department, Task, Workspace, open_extension, open_report, task_sort_key
from lawgov_cli.periods import first_open_due, task_periods

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile


@dataclass(frozen=True, slots=True)
class TaskState:
    task: Task
    next_due: date | None
    """The date the next tick is due (recurring: the earliest open period); None when closed."""
    days_overdue: int
    """0 unless overdue: days since the earliest missed due date."""
    due_soon: bool
    missed_periods: tuple[str, ...] = ()
    finished_late: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def light(self) -> str:
        """``red`` overdue, ``yellow`` due soon, ``green`` otherwise (done or on track)."""
        return "red" if self.overdue else "yellow" if self.due_soon else "green"


@dataclass(frozen=True, slots=True)
class Brief:
    """An overdue or due-soon task as lists show it; ``days`` > 0 overdue, <= 0 days left (negated)."""

    id: str
    title: str
    owner: str
    due: date
    days: int
    missed_periods: tuple[str, ...] = ()

    @property
    def days_overdue(self) -> int:
        return max(0, self.days)

    @property
    def days_left(self) -> int:
        return max(0, -self.days)


@dataclass(frozen=True, slots=True)
class PendingItem:
    """Something awaiting the office: a completion report (``report``) or an extension request."""

    id: str
    title: str
    owner: str
    kind: str
    """``report`` (已报送待审核) or ``extension`` (延期申请)."""
    since: date
    by: str
    due: date
    to: date | None = None
    reason: str = ""
    late: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "owner": self.owner,
            "kind": self.kind,
            "since": self.since.isoformat(),
            "by": self.by,
            "due": self.due.isoformat(),
        }
        if self.kind == "extension":
            out.update(to=self.to.isoformat() if self.to else None, reason=self.reason, late=self.late)
        return out


def pending_items(task: Task) -> list[PendingItem]:
    """What of ``task`` awaits the office, report first."""
    out = []
    for kind, marker in (("report", open_report(task)), ("extension", open_extension(task))):
        if marker is not None:
            out.append(
                PendingItem(
                    task.id,
                    task.title,
                    task.owner,
                    kind,
                    marker.since,
                    marker.by,
                    task.due,
                    marker.to,
                    marker.reason,
                    marker.late,
                )
            )
    return out


@dataclass(slots=True)
class Counts:
    tasks: int = 0
    done: int = 0
    doing: int = 0
    todo: int = 0
    dropped: int = 0
    overdue: int = 0
    due_soon: int = 0
    finished_late: int = 0
    reported: int = 0
    """Reported done, awaiting the office's approval (review mode): counted as not done."""

    @property
    def percent_done(self) -> float:
        """Done as a share of the tasks still in force (dropped ones excluded), one decimal."""
        live = self.tasks - self.dropped
        return round(100.0 * self.done / live, 1) if live else 100.0

    def merge(self, other: Counts) -> None:
        for name in (
            "tasks", "done", "doing", "todo", "dropped", "overdue", "due_soon", "finished_late", "reported",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict[str, Any]:
        return {
            "tasks": self.tasks,
            "done": self.done,
            "doing": self.doing,
            "todo": self.todo,
            "reported": self.reported,
            "dropped": self.dropped,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "finished_late": self.finished_late,
            "percent_done": self.percent_done,
        }


@dataclass(slots=True)
class DepartmentProgress:
    id: str
    name: str
    counts: Counts = field(default_factory=Counts)


class Progress:
    """Where the work stands on ``as_of``: counts, departments most behind first, and the tasks.

    Counts come from each department file's counting interface (:class:`TaskFile`: in the store,
    a binary search in the file's index); task states are
    built on demand — ``briefs(...)`` for a screen, ``tasks`` for an export — by the same
    rule, :func:`lawgov_cli.periods.first_open_due`.
    """

    def __init__(
        self,
        as_of: date,
        due_soon_days: int,
        shards: Sequence[TaskFile],
        departments: dict[str, Department],
        *,
        end_of_day: bool = False,
    ) -> None:
        self.as_of = as_of
        self.end_of_day = end_of_day
        self.cutoff = as_of + timedelta(days=1) if end_of_day else as_of
        """The first day a not-done task due before it counts as overdue."""
        self.window_end = as_of + timedelta(days=due_soon_days)
        self.due_soon_days = due_soon_days
        self._shards = list(shards)
        self.totals = Counts()
        by_dept: list[DepartmentProgress] = []
        for shard in shards:
            if not len(shard):
                continue
            counts = Counts(
                tasks=len(shard),
                done=shard.count("done"),
                doing=shard.count("doing"),
                todo=shard.count("todo"),
                dropped=shard.count("dropped"),
                overdue=shard.overdue_count(self.cutoff),
                due_soon=shard.due_soon_count(self.cutoff, self.window_end),
                finished_late=shard.late,
                reported=shard.count("reported"),
            )
            department = departments.get(shard.dept)
            by_dept.append(
                DepartmentProgress(shard.dept, department.name if department else shard.dept, counts)
            )
            self.totals.merge(counts)
        self.departments = sorted(
            by_dept, key=lambda d: (-d.counts.overdue, d.counts.percent_done, -d.counts.due_soon, d.id)
        )
        """Most behind first: most overdue, then lowest completion, then most due soon."""
        self._tasks: list[TaskState] | None = None

    def _states(self, positions: list[tuple[int, int, int]]) -> list[TaskState]:
        return [self.state_of(self._shards[s].tasks[i]) for _, s, i in positions]

    def state_of(self, task: Task) -> TaskState:
        """One task's state by this view's rule (the task as of ``as_of``)."""
        return task_state(task, self.as_of, self.due_soon_days, end_of_day=self.end_of_day)

    def _positions(self, overdue: bool) -> list[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []
        for number, shard in enumerate(self._shards):
            picked = (
                shard.overdue_positions(self.cutoff)
                if overdue
                else shard.due_soon_positions(self.cutoff, self.window_end)
            )
            found.extend((due, number, index) for due, index in picked)
        return found

    def briefs(self, overdue: bool, limit: int | None = None) -> list[Brief]:
        """Overdue (longest first) or due-soon (soonest first) tasks, from the index alone:
        id, title, owner, due and days — no task is built, so this scales to any count."""
        positions = self._positions(overdue)

        def key(p: tuple[int, int, int]) -> tuple[int, tuple[int, str, tuple[int, ...]]]:
            return (p[0], task_sort_key(self._shards[p[1]].ids[p[2]]))  # S2.2 before S2.10

        chosen = (
            heapq.nsmallest(limit, positions, key=key) if limit is not None else sorted(positions, key=key)
        )
        cutoff = self.cutoff.toordinal()
        out = []
        for due, s, i in chosen:
            shard = self._shards[s]
            missed = shard.missed_periods(i, self.cutoff) if cutoff > due else ()
            # Overdue: days since the due date; due soon: minus the days left from as_of.
            days = cutoff - due if cutoff > due else self.as_of.toordinal() - due
            out.append(Brief(shard.ids[i], shard.titles[i], shard.dept, date.fromordinal(due), days, missed))
        return out

    def pending(self) -> list[PendingItem]:
        """Everything awaiting the office, oldest first; builds only the tasks concerned."""
        items = [
            item
            for shard in self._shards
            for index in shard.pending
            for item in pending_items(shard.tasks[index])
            if item.since <= self.as_of  # a past day's view: only what had been filed by then
        ]
        items.sort(key=lambda p: (p.since, task_sort_key(p.id), p.kind != "report"))
        return items

    @property
    def overdue(self) -> list[TaskState]:
        """Overdue tasks, longest overdue first."""
        return sorted(
            self._states(self._positions(True)), key=lambda s: (-s.days_overdue, task_sort_key(s.task.id))
        )

    @property
    def due_soon(self) -> list[TaskState]:
        """Due-soon tasks, soonest first."""
        return sorted(
            self._states(self._positions(False)),
            key=lambda s: (s.next_due or date.max, task_sort_key(s.task.id)),
        )

    @property
    def tasks(self) -> list[TaskState]:
        """Every task's state, in id order (builds every task: for exports, not for status)."""
        if self._tasks is None:
            states = [self.state_of(t) for shard in self._shards for t in shard.tasks]
            states.sort(key=lambda s: task_sort_key(s.task.id))
            self._tasks = states
        return self._tasks


def task_state(task: Task, as_of: date, due_soon_days: int, *, end_of_day: bool = False) -> TaskState:
    """The state of ``task`` (as it stood on ``as_of``) by the rule of
    :func:`lawgov_cli.periods.first_open_due`; ``end_of_day``: taken at the end of ``as_of``."""
    due = first_open_due(task)
    if due is None:
        return TaskState(task, None, 0, False, finished_late=finished_late(task))
    cutoff = as_of + timedelta(days=1) if end_of_day else as_of
    days = max(0, (cutoff - due).days)
    missed: tuple[str, ...] = ()
    if days:
        missed = tuple(p.key for p in task_periods(task) if p.key not in task.periods and p.due < cutoff)
    soon = not days and due <= as_of + timedelta(days=due_soon_days)
    return TaskState(task, due, days, soon, missed)


def evaluate(
    workspace: Workspace,
    as_of: date,
    *,
    dept: str | None = None,
    section: str | None = None,
    end_of_day: bool = False,
) -> Progress:
    """Progress of the workspace (or one department, or sections containing ``section``) on ``as_of``:
    the state replayed to ``as_of`` from the history; ``end_of_day`` counts what fell due on
    ``as_of`` and is not done as overdue (a month's bulletin, a year's report)."""
    window = workspace.settings.due_soon_days
    files = workspace.at(as_of).shards
    if dept is not None:
        files = [f for f in files if f.dept == dept]
    if section:
        wanted = section

        def in_section(task: Task) -> bool:
            return wanted in task.section or task.id.startswith(wanted)

        files = [chosen for f in files if (chosen := f.select(in_section)) is not None]
    return Progress(as_of, window, files, workspace.departments, end_of_day=end_of_day)


def progress_json(progress: Progress, *, lists: bool = True) -> dict[str, Any]:
    """The ``status --format json`` document (schema 1); without ``lists``, its ``overdue`` and
    ``due_soon`` lists left out (the JSON export does not repeat them: it has every task)."""
    document = {
        "schema": 1,
        "as_of": progress.as_of.isoformat(),
        "end_of_day": progress.end_of_day,
        "due_soon_days": progress.due_soon_days,
        "totals": progress.totals.to_json(),
        "departments": [
            {
                "id": d.id,
                "name": d.name,
                "tasks": d.counts.tasks,
                "done": d.counts.done,
                "doing": d.counts.doing,
                "reported": d.counts.reported,
                "dropped": d.counts.dropped,
                "overdue": d.counts.overdue,
                "due_soon": d.counts.due_soon,
                "finished_late": d.counts.finished_late,
                "percent_done": d.counts.percent_done,
            }
            for d in progress.departments
        ],
        "overdue": [
            {
                "id": b.id,
                "title": b.title,
                "owner": b.owner,
                "due": b.due.isoformat(),
                "days_overdue": b.days_overdue,
                **({"missed_periods": list(b.missed_periods)} if b.missed_periods else {}),
            }
            for b in (progress.briefs(overdue=True) if lists else ())
        ],
        "due_soon": [
            {
                "id": b.id,
                "title": b.title,
                "owner": b.owner,
                "due": b.due.isoformat(),
                "days_left": b.days_left,
            }
            for b in (progress.briefs(overdue=False) if lists else ())
        ],
        "pending": [item.to_json() for item in progress.pending()],
    }
    if not lists:
        del document["overdue"], document["due_soon"]
    return document
