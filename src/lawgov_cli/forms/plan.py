"""What a set of filled-in forms changes in the workspace: pure, no I/O.

:func:`plan_import` checks each form against the workspace (its workspace id, plan year and
department; every id and metric still there and owned by that department) and turns the cells
the department changed into :class:`~lawgov_cli.tracking.TaskEdit` s through the same pure
functions as the commands (``done``, ``start``, ``reopen``, ``note``, ``evidence``,
``record``).  Every problem raises before anything is returned, so the caller can write all or
nothing.  A cell counts as changed only when it differs from the snapshot the form was exported
with *and* from the task as it is now — so a second import of the same form changes nothing,
and a form that was not touched never undoes what the office did in the meantime.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lawgov_cli import tracking
from lawgov_cli.errors import LawgovError
from lawgov_cli.forms import STATUS_LABELS, split_evidence, workspace_id
from lawgov_cli.forms.export import text as cell_text
from lawgov_cli.forms.read import Form, MetricInput, TaskInput
from lawgov_cli.model import Task, Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.tracking import Actor, TaskEdit
from lawgov_cli.workflow import complete


@dataclass(slots=True)
class PlannedTask:
    """All changes to one task, in order, with the date they took effect."""

    task: Task
    """The task as loaded (the edit's changes apply to it)."""
    on: date
    """When it happened: the form's 完成日期, else the import's date."""
    edit: TaskEdit
    source: Path
    """The form the changes come from."""
    cell: str
    """Where in it (the row's 完成状态 cell, or the metric's row), for messages."""
    hand: int = 0
    """How many entries at the start of ``edit.history`` record earlier hand edits of the file
    (the use case adds them, as every change does); they are not the form's."""


@dataclass(slots=True)
class ImportPlan:
    tasks: list[PlannedTask] = field(default_factory=list)

    @property
    def edits(self) -> list[TaskEdit]:
        return [planned.edit for planned in self.tasks]

    def __bool__(self) -> bool:
        return bool(self.tasks)


def _advance(task: Task, edit: TaskEdit) -> Task:
    """``task`` after ``edit``, in memory, so that the next change of the same row sees it."""
    after = copy.deepcopy(task)
    for change in edit.changes:
        head = change.path[0]
        if head == "periods":
            key = str(change.path[1])
            if change.value is None:
                after.periods.pop(key, None)
            else:
                after.periods[key] = change.value
        elif head == "metrics":
            index = change.path[1]
            assert isinstance(index, int)
            after.metrics[index].actual = change.value
        else:
            setattr(after, str(head), copy.copy(change.value))
    return after


class _Builder:
    """The changes of one task, chained: each step starts from the task as the last one left it."""

    def __init__(self, task: Task) -> None:
        self.original = task
        self.current = task
        self.edit = TaskEdit(task)

    def add(self, edit: TaskEdit) -> None:
        self.edit.changes.extend(edit.changes)
        self.edit.history.extend(edit.history)
        self.current = _advance(self.current, edit)


def _check_identity(form: Form, workspace: Workspace) -> None:
    settings = workspace.settings
    if form.plan_year != str(settings.plan_year):
        raise LawgovError(
            "err.form_other_year", path=form.path, found=form.plan_year or "—", expected=settings.plan_year
        )
    if form.workspace != cell_text(workspace_id(settings)):
        raise LawgovError(
            "err.form_other_workspace",
            path=form.path,
            found=form.workspace or "—",
            expected=workspace_id(settings),
        )
    if form.department not in workspace.departments:
        raise LawgovError("err.form_unknown_department", path=form.path, dept=form.department or "—")


def _period_on(task: Task, on: date) -> str | None:
    for period in task_periods(task):
        if period.start <= on <= period.due:
            return period.key
    return None


def _status_steps(
    builder: _Builder,
    row: TaskInput,
    target: str,
    on: date | None,
    today: date,
    actor: Actor,
    form: Form,
    review: bool,
) -> None:
    """The steps from the task's status to the form's; in review mode a one-off task's 已完成 is
    reported (已报送，待审核) for the office to approve, as ``lawgov done`` does.  已报送 typed for a
    task not reported yet is the department saying it is done: taken as 已完成 (reported in review
    mode, done otherwise), never dropped silently."""
    task = builder.current
    if target == "reported":
        if task.status == "reported":
            return  # shown for a task awaiting the office's check; only the office decides it
        target = "done"
    if target == "dropped" and task.status != "dropped":
        raise LawgovError("err.form_cannot_drop", path=form.path, cell=row.status_cell, id=task.id)
    if task.status == "dropped":
        if target != "dropped":
            raise LawgovError("err.form_task_dropped", path=form.path, cell=row.status_cell, id=task.id)
        return
    recurring = bool(task_periods(task))
    if target == "done":
        if task.status == "done" or (review and task.status == "reported"):
            return
        if recurring:
            if on is None:
                # Like `lawgov done`: the earliest open period that has begun — unless a period was
                # ticked since the form was exported (by this form's first import, or by hand).
                exported = {key for key in form.task_snapshot[task.id].periods.split(",") if key}
                if set(task.periods) != exported:
                    return
                builder.add(tracking.done(task, actor, today))
                return
            key = _period_on(task, on)
            if key is not None and key in task.periods:
                return  # the period of that date is ticked already
            builder.add(tracking.done(task, actor, on, period=key))
        else:
            builder.add(complete(task, actor, on or today, review=review))
        return
    if target == "doing":
        if task.status == "todo":
            builder.add(tracking.start(task, actor))
        elif task.status == "done" and not recurring:
            builder.add(tracking.reopen(task, actor))
            if builder.current.status == "todo":
                builder.add(tracking.start(builder.current, actor))
        return
    # target todo
    if task.status == "todo":
        return
    if task.status == "done" and not recurring:
        builder.add(tracking.reopen(task, actor))
        return
    raise LawgovError(
        "err.form_status_back",
        path=form.path,
        cell=row.status_cell,
        id=task.id,
        status=f"status.{task.status}",
    )


def form_year(form: Form) -> int | None:
    return int(form.plan_year) if form.plan_year.isdigit() else None


def _norm(text: str) -> str:
    """Text as a cell gives it back: line ends unified, outer blanks gone."""
    return text.replace("\r\n", "\n").strip()


def _plan_row(
    builder: _Builder, row: TaskInput, form: Form, actor: Actor, today: date, review: bool = False
) -> None:
    snapshot = form.task_snapshot[row.id]
    if row.done_on is not None and row.done_on > today:
        raise LawgovError(
            "err.form_future_date",
            path=form.path,
            cell=row.date_cell,
            value=row.done_on.isoformat(),
            today=today,
        )
    year = form_year(form)
    if row.done_on is not None and year is not None and not year - 1 <= row.done_on.year <= year + 1:
        raise LawgovError(
            "err.form_outside_plan_year",
            path=form.path,
            cell=row.date_cell,
            value=row.done_on.isoformat(),
            year=year,
        )
    new_date = row.done_on is not None and row.done_on.isoformat() != snapshot.done_on
    if row.status is not None and (row.status != snapshot.status or (row.status == "done" and new_date)):
        try:
            _status_steps(builder, row, row.status, row.done_on, today, actor, form, review)
        except LawgovError as error:
            if error.path is not None:
                raise
            # A change the task cannot take (ticking a period not begun…): the file and cell first.
            where = f"{form.path}: {row.status_cell}"
            raise LawgovError(error.key, path=where, **error.params) from None
    task = builder.current
    latest = _norm(cell_text(task.notes[-1])) if task.notes else ""
    if row.note and row.note != _norm(snapshot.note) and row.note != latest:
        builder.add(tracking.note(builder.current, actor, row.note))
    if row.evidence != _norm(snapshot.evidence):
        evidence = builder.current.evidence
        existing = {_norm(e) for e in evidence} | {_norm(cell_text(e)) for e in evidence}
        for item in split_evidence(row.evidence):
            if item not in existing:
                builder.add(tracking.evidence(builder.current, actor, item))
                existing.add(item)


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _plan_metric(builders: dict[str, _Builder], row: MetricInput, form: Form, actor: Actor) -> None:
    if row.actual is None:
        return
    snapshot = form.metric_snapshot[(row.id, row.name)]
    if snapshot.actual and abs(float(snapshot.actual) - row.actual) <= 1e-9 * max(1.0, abs(row.actual)):
        return
    builder = builders[row.id]
    task = builder.current
    names = [m.name for m in task.metrics]
    index = next((i for i, m in enumerate(task.metrics) if row.name in (m.name, cell_text(m.name))), None)
    if index is None:
        raise LawgovError("err.form_unknown_id", path=form.path, cell=row.cell, id=f"{row.id} {row.name}")
    current = task.metrics[index].actual
    if current is not None and abs(current - row.actual) <= 1e-9 * max(1.0, abs(row.actual)):
        return
    builder.add(tracking.record(task, actor, names[index], _number_text(row.actual)))


def plan_import(workspace: Workspace, forms: list[Form], by: str, at: str, today: date) -> ImportPlan:
    """The changes ``forms`` make, in form order; raises ``LawgovError`` before returning any.

    ``by`` and ``at`` (when it is written) go into every history entry; each row's changes count
    from its 完成日期, else from ``today`` (the session's as-of date), as do metric actuals.
    """
    builders: dict[str, _Builder] = {}
    dates: dict[str, date] = {}
    sources: dict[str, tuple[Path, str]] = {}
    order: list[str] = []
    for form in forms:
        _check_identity(form, workspace)
        dept = form.department
        owned = {task.id: task for shard in workspace.shards if shard.dept == dept for task in shard.tasks}
        form_builders: dict[str, _Builder] = {}
        for row in form.tasks:
            if row.id not in owned:
                try:
                    other = workspace.task(row.id)
                except LawgovError:
                    raise LawgovError(
                        "err.form_unknown_id", path=form.path, cell=row.cell, id=row.id
                    ) from None
                raise LawgovError(
                    "err.form_other_department",
                    path=form.path,
                    cell=row.cell,
                    id=row.id,
                    owner=other.owner,
                    dept=dept,
                )
            builder = builders.get(row.id)
            if builder is None:
                builder = builders[row.id] = _Builder(owned[row.id])
                order.append(row.id)
            form_builders[row.id] = builder
            before = len(builder.edit.history)
            on = row.done_on or today
            _plan_row(builder, row, form, Actor(by, at, on), today, workspace.settings.workflow.review)
            if len(builder.edit.history) > before:
                dates[row.id] = on
                sources[row.id] = (form.path, row.status_cell)
        for metric in form.metrics:
            if metric.id not in owned:
                raise LawgovError("err.form_unknown_id", path=form.path, cell=metric.cell, id=metric.id)
            if metric.id not in form_builders:
                builder = builders.get(metric.id)
                if builder is None:
                    builder = builders[metric.id] = _Builder(owned[metric.id])
                    order.append(metric.id)
                form_builders[metric.id] = builder
            before = len(builders[metric.id].edit.history)
            _plan_metric(form_builders, metric, form, Actor(by, at, today))
            if len(builders[metric.id].edit.history) > before:
                dates.setdefault(metric.id, today)
                sources.setdefault(metric.id, (form.path, metric.actual_cell))
    plan = ImportPlan()
    for task_id in order:
        builder = builders[task_id]
        if builder.edit.changes or builder.edit.history:
            path, cell = sources[task_id]
            plan.tasks.append(
                PlannedTask(builder.original, dates.get(task_id, today), builder.edit, path, cell)
            )
    return plan


__all__ = ["STATUS_LABELS", "ImportPlan", "PlannedTask", "plan_import"]
