"""Where the work stands on a given day: one computation of progress, rendered many ways.

``evaluate(workspace, as_of)`` is the single source of the numbers that ``status``, ``check``,
the exports and the bulletin show, so they always agree.  The 红/黄/绿 of 督查督办 practice:

- overdue (红灯): not done, not dropped, and its due date — for a recurring task, any period's
  due date — is before ``as_of``;
- due soon (黄灯): not overdue, and the next due date is within ``due_soon_days`` of ``as_of``;
- on track (绿灯): everything else that is open, and everything done.
Dropped tasks count in ``dropped`` but not in the completion rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from lawgov_cli.model import Task, Workspace, task_sort_key
from lawgov_cli.periods import task_periods


@dataclass(frozen=True, slots=True)
class TaskState:
    task: Task
    next_due: date | None
    """The date the next tick is due (recurring: the earliest open period); None when closed."""
    days_overdue: int
    """0 unless overdue: days since the earliest missed due date."""
    due_soon: bool
    missed_periods: tuple[str, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def light(self) -> str:
        """``red`` overdue, ``yellow`` due soon, ``green`` otherwise (done or on track)."""
        return "red" if self.overdue else "yellow" if self.due_soon else "green"


@dataclass(slots=True)
class Counts:
    tasks: int = 0
    done: int = 0
    doing: int = 0
    todo: int = 0
    dropped: int = 0
    overdue: int = 0
    due_soon: int = 0

    @property
    def percent_done(self) -> float:
        """Done as a share of the tasks still in force (dropped ones excluded), one decimal."""
        live = self.tasks - self.dropped
        return round(100.0 * self.done / live, 1) if live else 100.0

    def add(self, state: TaskState) -> None:
        self.tasks += 1
        setattr(self, state.task.status, getattr(self, state.task.status) + 1)
        self.overdue += state.overdue
        self.due_soon += state.due_soon

    def to_json(self) -> dict[str, Any]:
        return {
            "tasks": self.tasks,
            "done": self.done,
            "doing": self.doing,
            "todo": self.todo,
            "dropped": self.dropped,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "percent_done": self.percent_done,
        }


@dataclass(slots=True)
class DepartmentProgress:
    id: str
    name: str
    counts: Counts = field(default_factory=Counts)


@dataclass(slots=True)
class Progress:
    as_of: date
    due_soon_days: int
    totals: Counts
    departments: list[DepartmentProgress]
    """Most behind first: most overdue, then lowest completion, then most due soon."""
    tasks: list[TaskState]
    """Every task in id order."""

    @property
    def overdue(self) -> list[TaskState]:
        """Overdue tasks, longest overdue first."""
        return sorted(
            (s for s in self.tasks if s.overdue), key=lambda s: (-s.days_overdue, task_sort_key(s.task.id))
        )

    @property
    def due_soon(self) -> list[TaskState]:
        """Due-soon tasks, soonest first."""
        return sorted(
            (s for s in self.tasks if s.due_soon),
            key=lambda s: (s.next_due or date.max, task_sort_key(s.task.id)),
        )


def task_state(task: Task, as_of: date, due_soon_days: int) -> TaskState:
    """The state of one task on ``as_of``."""
    if task.status in ("done", "dropped"):
        return TaskState(task, None, 0, False)
    recurring = task_periods(task)
    if recurring:
        open_ = [p for p in recurring if p.key not in task.periods]
        missed = tuple(p.key for p in open_ if p.due < as_of)
        next_due = open_[0].due if open_ else None
        days = (as_of - open_[0].due).days if missed else 0
    else:
        missed = ()
        next_due = task.due
        days = max(0, (as_of - task.due).days)
    soon = not days and next_due is not None and next_due <= as_of + timedelta(days=due_soon_days)
    return TaskState(task, next_due, days, soon, missed)


def evaluate(
    workspace: Workspace,
    as_of: date,
    *,
    dept: str | None = None,
    section: str | None = None,
    tasks: list[Task] | None = None,
) -> Progress:
    """Progress of the workspace (or one department, or sections containing ``section``) on ``as_of``."""
    window = workspace.settings.due_soon_days
    selected = tasks if tasks is not None else workspace.tasks
    if dept is not None:
        selected = [t for t in selected if t.owner == dept]
    if section:
        selected = [t for t in selected if section in t.section or t.id.startswith(section)]
    states = [task_state(t, as_of, window) for t in sorted(selected, key=lambda t: task_sort_key(t.id))]
    totals = Counts()
    by_dept: dict[str, DepartmentProgress] = {}
    for state in states:
        totals.add(state)
        owner = state.task.owner
        if owner not in by_dept:
            department = workspace.departments.get(owner)
            by_dept[owner] = DepartmentProgress(owner, department.name if department else owner)
        by_dept[owner].counts.add(state)
    departments = sorted(
        by_dept.values(),
        key=lambda d: (-d.counts.overdue, d.counts.percent_done, -d.counts.due_soon, d.id),
    )
    return Progress(as_of, window, totals, departments, states)


def progress_json(progress: Progress) -> dict[str, Any]:
    """The ``status --format json`` document (schema 1)."""

    def brief(state: TaskState, with_days: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": state.task.id,
            "title": state.task.title,
            "owner": state.task.owner,
            "due": (state.next_due or state.task.due).isoformat(),
        }
        if with_days:
            out["days_overdue"] = state.days_overdue
            if state.missed_periods:
                out["missed_periods"] = list(state.missed_periods)
        else:
            out["days_left"] = ((state.next_due or state.task.due) - progress.as_of).days
        return out

    return {
        "schema": 1,
        "as_of": progress.as_of.isoformat(),
        "due_soon_days": progress.due_soon_days,
        "totals": progress.totals.to_json(),
        "departments": [
            {
                "id": d.id,
                "name": d.name,
                "tasks": d.counts.tasks,
                "done": d.counts.done,
                "doing": d.counts.doing,
                "dropped": d.counts.dropped,
                "overdue": d.counts.overdue,
                "due_soon": d.counts.due_soon,
                "percent_done": d.counts.percent_done,
            }
            for d in progress.departments
        ],
        "overdue": [brief(s, True) for s in progress.overdue],
        "due_soon": [brief(s, False) for s in progress.due_soon],
    }
