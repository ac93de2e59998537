"""序时进度: each department's progress judged against the time-proportional schedule.

Completion rate alone ranks a department whose only task is due next March last at 0%; a
bulletin judges instead what *should* be done by the month's end against what *is* done:

- expected share: of a department's tasks in force (dropped ones left out), the share due by
  ``as_of`` — a one-off task counts 1 once its due date has come, a recurring task counts the
  share of its periods (months, quarters) that have ended;
- done share: tasks done count 1, a recurring task not yet closed counts the share of its
  periods already ticked;
- class: 已完成 (every task in force done), 欠进度 (done share below the expected one),
  超进度 (done share above it), else 达进度.  Overdue (red) items are reported beside the class,
  not folded into it: a department far ahead overall that has one item late reads "超进度, 逾期1项"
  rather than a 欠进度 contradicted by its own shares.

The counts (tasks, done, overdue) are those of :func:`lawgov_cli.progress.evaluate`; this
module only adds the two shares and the class.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Counts, Progress, TaskState

Pace = Literal["done", "ahead", "on", "behind"]
PACES: tuple[Pace, ...] = ("ahead", "on", "behind", "done")
"""Display order of the classes: 超进度, 达进度, 欠进度, 已完成."""

_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    id: str
    name: str
    counts: Counts
    expected: float
    """Tasks (in units, see the module doc) that should be done by ``as_of``."""
    achieved: float
    """Tasks (in units) done by ``as_of``."""
    pace: Pace

    @property
    def live(self) -> int:
        return self.counts.tasks - self.counts.dropped

    @property
    def expected_share(self) -> float:
        return 100.0 * self.expected / self.live if self.live else 100.0

    @property
    def achieved_share(self) -> float:
        return 100.0 * self.achieved / self.live if self.live else 100.0


def expected_units(state: TaskState, as_of: date) -> float:
    """How much of one task should be done by ``as_of`` (0..1); dropped tasks 0."""
    task = state.task
    if task.status == "dropped":
        return 0.0
    periods = task_periods(task)
    if periods:
        return sum(1 for p in periods if p.due <= as_of) / len(periods)
    return 1.0 if task.due <= as_of else 0.0


def achieved_units(state: TaskState, as_of: date) -> float:
    """How much of one task is done (0..1): done 1, a recurring task its ticked share."""
    task = state.task
    if task.status == "done":
        return 1.0
    if task.status == "dropped":
        return 0.0
    periods = task_periods(task)
    if periods:
        return sum(1 for p in periods if p.key in task.periods and task.periods[p.key] <= as_of) / len(
            periods
        )
    return 0.0


def classify(counts: Counts, expected: float, achieved: float) -> Pace:
    live = counts.tasks - counts.dropped
    if live and counts.done == live:
        return "done"
    if achieved < expected - _EPSILON:
        return "behind"
    if achieved > expected + _EPSILON:
        return "ahead"
    return "on"


def schedule(progress: Progress) -> tuple[list[ScheduleRow], ScheduleRow]:
    """Per department (in ``progress.departments`` order) and overall, on ``progress.as_of``."""
    as_of = progress.as_of
    expected: dict[str, float] = {}
    achieved: dict[str, float] = {}
    for state in progress.tasks:
        owner = state.task.owner
        expected[owner] = expected.get(owner, 0.0) + expected_units(state, as_of)
        achieved[owner] = achieved.get(owner, 0.0) + achieved_units(state, as_of)
    return schedule_of(progress, expected, achieved)


def schedule_of(
    progress: Progress, expected: dict[str, float], achieved: dict[str, float]
) -> tuple[list[ScheduleRow], ScheduleRow]:
    """:func:`schedule` from each department's units, summed over its tasks in id order (what a
    bulletin adds up while it walks the tasks once)."""
    rows = []
    for dept in progress.departments:
        e, a = expected.get(dept.id, 0.0), achieved.get(dept.id, 0.0)
        rows.append(ScheduleRow(dept.id, dept.name, dept.counts, e, a, classify(dept.counts, e, a)))
    e, a = sum(expected.values()), sum(achieved.values())
    overall = ScheduleRow("", "", progress.totals, e, a, classify(progress.totals, e, a))
    return rows, overall


def ranked(rows: list[ScheduleRow]) -> list[tuple[int, bool, ScheduleRow]]:
    """``rows`` in the bulletin's order (class, then done share, then id) with their rank and
    whether it is shared: departments of the same class and the same done share are tied (并列)
    and share the better rank; the next one's rank counts every department before it (1, 1, 3).

    >>> from lawgov_cli.progress import Counts
    >>> row = lambda id, achieved: ScheduleRow(id, id, Counts(tasks=2), 1.0, achieved, "on")
    >>> [(rank, tied, r.id) for rank, tied, r in ranked([row("b", 1.0), row("a", 1.0), row("c", 0.0)])]
    [(1, True, 'a'), (1, True, 'b'), (3, False, 'c')]
    """
    order = sorted(rows, key=lambda r: (PACES.index(r.pace), -r.achieved_share, r.id))

    def key(row: ScheduleRow) -> tuple[str, float]:
        return (row.pace, round(row.achieved_share, 9))

    ranks: list[int] = []
    for n, row in enumerate(order):
        ranks.append(ranks[-1] if n and key(order[n - 1]) == key(row) else n + 1)
    counts = {rank: ranks.count(rank) for rank in ranks}
    return [(rank, counts[rank] > 1, row) for rank, row in zip(ranks, order, strict=True)]
