"""A task as the cache stores it: two typed rows (what ``status`` may need, and the rest), so mypy
checks both directions and a command that needs summaries only does not decode the details.

Pure: :mod:`lawgov_cli.store.cache` reads and writes the files.
"""

from __future__ import annotations

import marshal
from datetime import date

from lawgov_cli.model import HistoryEntry, Kind, Metric, Pending, Repeat, Status, Task

PendingRow = tuple[int, str, int, str, bool]
"""A report or extension marker: since (ordinal), by, to (ordinal, 0: none), reason, late."""
SummaryRow = tuple[
    str,  # id
    str,  # title
    Kind,  # kind
    str,  # owner
    int,  # due (ordinal)
    str,  # section
    tuple[str, ...],  # co_owners
    Repeat,  # repeat
    Status,  # status
    int,  # done_on (ordinal, 0: none)
    tuple[tuple[str, int], ...],  # periods: (key, ticked ordinal)
    bool,  # needs_review
    bool,  # manual
    PendingRow | None,  # report
    PendingRow | None,  # extension
]
"""What ``status`` may need of a task (typed, so mypy checks both directions of the cache)."""
MetricRow = tuple[str, str, float | None, float | None, float | None, bool]
DetailRow = tuple[
    str,  # source
    str,  # due_rule
    tuple[str, ...],  # notes
    tuple[str, ...],  # evidence
    tuple[MetricRow, ...],  # metrics
    str,  # carried_from
]
"""The rest of a task (decoded only when a command needs the whole task)."""


def task_to_rows(task: Task) -> tuple[SummaryRow, DetailRow]:
    """(summary row, detail row): what ``status`` needs, and the rest.  Every field of
    :class:`~lawgov_cli.model.Task` is in one of them (``tests/test_cache.py`` checks)."""
    summary: SummaryRow = (
        task.id,
        task.title,
        task.kind,
        task.owner,
        task.due.toordinal(),
        task.section,
        tuple(task.co_owners),
        task.repeat,
        task.status,
        task.done_on.toordinal() if task.done_on else 0,
        tuple((k, v.toordinal()) for k, v in task.periods.items()),
        task.needs_review,
        task.manual,
        _pending_row(task.report),
        _pending_row(task.extension),
    )
    detail: DetailRow = (
        task.source,
        task.due_rule,
        tuple(task.notes),
        tuple(task.evidence),
        tuple((m.name, m.unit, m.baseline, m.target, m.actual, m.approx) for m in task.metrics),
        task.carried_from,
    )
    return summary, detail


def _pending_row(pending: Pending | None) -> PendingRow | None:
    if pending is None:
        return None
    to = pending.to.toordinal() if pending.to else 0
    return (pending.since.toordinal(), pending.by, to, pending.reason, pending.late)


def _pending(row: PendingRow | None) -> Pending | None:
    if row is None:
        return None
    since, by, to, reason, late = row
    return Pending(date.fromordinal(since), by, date.fromordinal(to) if to else None, reason, late)


def task_of_rows(summary: SummaryRow, detail: DetailRow) -> Task:
    """The task of a cache row (the inverse of :func:`task_to_rows`)."""
    fromordinal = date.fromordinal
    (
        task_id, title, kind, owner, due, section, co_owners, repeat, status, done_on, periods,
        needs_review, manual, report, extension,
    ) = summary  # fmt: skip
    source, due_rule, notes, evidence, metrics, carried_from = detail
    return Task(
        id=task_id,
        title=title,
        kind=kind,
        owner=owner,
        due=fromordinal(due),
        section=section,
        source=source,
        co_owners=list(co_owners),
        due_rule=due_rule,
        repeat=repeat,
        status=status,
        done_on=fromordinal(done_on) if done_on else None,
        notes=list(notes),
        evidence=list(evidence),
        metrics=[Metric(*m) for m in metrics],
        periods={k: fromordinal(v) for k, v in periods} if periods else {},
        needs_review=needs_review,
        manual=manual,
        carried_from=carried_from,
        report=_pending(report),
        extension=_pending(extension),
    )


def rows_blob(key: tuple[int, int, int, int], tasks: list[Task], history: list[HistoryEntry]) -> bytes:
    """A rows file's payload: the key, summary rows, and details and history as nested blobs (so a
    command that needs summaries only does not decode them)."""
    rows = [task_to_rows(t) for t in tasks]
    entries = tuple((e.at, e.by, e.task, e.action, e.old, e.new, e.note, e.on) for e in history)
    return marshal.dumps(
        (key, tuple(r[0] for r in rows), marshal.dumps(tuple(r[1] for r in rows)), marshal.dumps(entries))
    )
