"""The supervision loop (督办闭环): what each of the office's actions does to a task.

Pure, like :mod:`lawgov_cli.tracking`: each function takes a task as loaded and returns a
:class:`~lawgov_cli.tracking.TaskEdit` (field changes + history entries), or raises
``LawgovError`` when the action makes no sense.  The command wiring (locking, loading, writing
several files all or nothing) lives elsewhere, so these functions can be called by any use case.

- ``complete``: ``lawgov done``.  In review mode (``[workflow] review = true``) a one-off task
  becomes ``reported`` (已报送，待审核) with a ``report`` marker; recurring tasks tick their periods
  as before (each period's report is routine and is its own evidence).
- ``approve`` / ``reject``: the office's decision on what is pending.  A task can have both a
  completion report and an extension request pending: ``approve ID`` / ``reject ID`` decide the
  report; ``--extension`` decides the extension request.  A task with only an extension pending
  needs no flag.  Approving a report closes a pending extension request as moot.
- ``extend``: an extension request (申请延期); ``due`` moves only when the office approves it.
- ``new_task``: a task handed down during the year (交办, ids ``J1``, ``J2``…).
- ``assign``: the moved task for ``lawgov assign`` (the store moves it between files).
- ``set_target``: a metric's target value.
"""

from __future__ import annotations

import re
from datetime import date

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import (
    REPEATS,
    Kind,
    Metric,
    Pending,
    Repeat,
    Task,
    open_extension,
    open_report,
)
from lawgov_cli.periods import task_periods
from lawgov_cli.toml_records import metric_to_toml, pending_to_toml
from lawgov_cli.tracking import Actor, TaskEdit, done, find_metric, parse_number

ID_SERIES: dict[str, str] = {"assigned": "J"}
"""Id prefix of tasks added by hand: 交办 ``J1``, ``J2``…; other kinds ``X1``, ``X2``…"""
OTHER_SERIES = "X"


def _require_reason(task_id: str, reason: str | None) -> str:
    if reason is None or not reason.strip():
        raise LawgovError("err.reason_missing", id=task_id)
    return reason.strip()


def complete(
    task: Task,
    actor: Actor,
    on: date,
    *,
    review: bool,
    note: str | None = None,
    evidence: str | None = None,
    period: str | None = None,
) -> TaskEdit:
    """``lawgov done``: close the task, or in review mode report it done for the office to verify."""
    if task.status == "reported":
        if review:
            raise LawgovError(
                "err.already_reported", id=task.id, since=str(task.report.since if task.report else "?")
            )
        # Review mode was switched off while this report was pending: ticking closes it.
        edit = done(task, actor, on, note=note, evidence=evidence, period=period)
        edit.set(("report",), None)
        return edit
    if not review or task_periods(task):
        return done(task, actor, on, note=note, evidence=evidence, period=period)
    if task.status == "dropped":
        raise LawgovError("err.task_dropped", id=task.id)
    if task.status == "done":
        raise LawgovError("err.already_done", id=task.id, on=str(task.done_on or "?"))
    if period:
        raise LawgovError("err.not_recurring", id=task.id)
    edit = TaskEdit(task)
    edit.set(("status",), "reported")
    edit.set(("report",), pending_to_toml(Pending(since=on, by=actor.by)))
    if note:
        edit.set(("notes",), [*task.notes, note])
    if evidence:
        edit.set(("evidence",), [*task.evidence, evidence])
    edit.record(actor, "report", task.status, "reported", note or "")
    if evidence:
        edit.record(actor, "evidence", "", evidence)
    return edit


def _which(task: Task, extension: bool, on: date) -> str:
    """``report`` or ``extension``: what an approve/reject of ``task`` on ``on`` decides."""
    report, request = open_report(task), open_extension(task)
    if extension:
        if request is None:
            raise LawgovError("err.no_extension_pending", id=task.id)
        chosen, marker = "extension", request
    elif report is not None:
        chosen, marker = "report", report
    elif request is not None:
        chosen, marker = "extension", request
    else:
        raise LawgovError("err.nothing_pending", id=task.id, status=f"status.{task.status}")
    if on < marker.since:  # a decision cannot count from before what it decides was filed
        raise LawgovError(
            "err.decided_before_filed", id=task.id, on=on.isoformat(), since=marker.since.isoformat()
        )
    return chosen


def approve(
    task: Task, actor: Actor, on: date, *, note: str | None = None, extension: bool = False
) -> TaskEdit:
    """The office approves: a completion report (销号, -> done on ``on``) or an extension (due moves)."""
    edit = TaskEdit(task)
    if _which(task, extension, on) == "report":
        edit.set(("status",), "done")
        edit.set(("done_on",), on)
        edit.set(("report",), None)
        if note:
            edit.set(("notes",), [*task.notes, note])
        edit.record(actor, "approve", "reported", "done", note or "")
        if task.extension is not None:  # done: the extension it asked for is moot
            edit.set(("extension",), None)
            edit.record(actor, "extend-moot", task.due.isoformat(), "", "")
        return edit
    request = task.extension
    assert request is not None and request.to is not None
    edit.set(("due",), request.to)
    edit.set(("due_rule",), f"延期：{actor.by}于{on.isoformat()}批准（原时限{task.due.isoformat()}）")
    edit.set(("extension",), None)
    # ``due`` is the ledger's action for a moved deadline: views before ``on`` keep the old date.
    edit.record(actor, "due", task.due.isoformat(), request.to.isoformat(), note or request.reason)
    return edit


def reject(task: Task, actor: Actor, on: date, *, reason: str | None, extension: bool = False) -> TaskEdit:
    """The office sends a report back (退回重办, -> doing) or refuses an extension; the reason is kept."""
    text = _require_reason(task.id, reason)
    edit = TaskEdit(task)
    if _which(task, extension, on) == "report":
        edit.set(("status",), "doing")
        edit.set(("report",), None)
        edit.set(("notes",), [*task.notes, f"退回重办：{text}"])
        edit.record(actor, "reject", "reported", "doing", f"退回重办：{text}")
        return edit
    request = task.extension
    assert request is not None and request.to is not None
    edit.set(("extension",), None)
    edit.set(("notes",), [*task.notes, f"延期申请未获批准：{text}"])
    edit.record(
        actor, "extend-reject", request.to.isoformat(), task.due.isoformat(), f"延期申请未获批准：{text}"
    )
    return edit


def extend(task: Task, actor: Actor, on: date, *, to: date, reason: str | None) -> TaskEdit:
    """File an extension request (申请延期) to ``to``; late when filed after the due date."""
    text = _require_reason(task.id, reason)
    if task.status in ("done", "dropped"):
        raise LawgovError("err.task_closed", id=task.id, status=f"status.{task.status}")
    if task_periods(task):
        raise LawgovError("err.extend_recurring", id=task.id)
    if task.extension is not None:
        raise LawgovError(
            "err.extension_pending", id=task.id, to=str(task.extension.to), since=str(task.extension.since)
        )
    if to <= task.due:
        raise LawgovError("err.extend_not_later", id=task.id, to=to.isoformat(), due=task.due.isoformat())
    late = on > task.due
    edit = TaskEdit(task)
    edit.set(("extension",), pending_to_toml(Pending(since=on, by=actor.by, to=to, reason=text, late=late)))
    edit.record(
        actor,
        "extend-request",
        task.due.isoformat(),
        to.isoformat(),
        ("[逾期后申请] " if late else "") + text,
    )
    return edit


def next_id(kind: str, taken: set[str] | list[str]) -> str:
    """The next free id of the series of ``kind``: ``J1``, ``J2``… for assigned tasks.

    >>> next_id("assigned", {"M1.1", "J1", "J3"})
    'J4'
    """
    prefix = ID_SERIES.get(kind, OTHER_SERIES)
    pattern = re.compile(re.escape(prefix) + r"(\d+)")
    numbers = [int(found.group(1)) for i in taken if (found := pattern.fullmatch(i))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def new_task(
    task_id: str,
    *,
    owner: str,
    title: str,
    due: date,
    kind: Kind = "assigned",
    source: str = "",
    repeat: str = "",
    co_owners: list[str] | None = None,
    actor: Actor,
    on: date,
) -> TaskEdit:
    """A task handed down during the year (交办): ``manual`` so ``sync`` never touches it."""
    if not title.strip():
        raise LawgovError("err.empty_title")
    if repeat not in REPEATS:
        raise LawgovError("err.unknown_repeat", repeat=repeat)
    co = [c for c in (co_owners or []) if c != owner]
    task = Task(
        id=task_id,
        title=title.strip(),
        kind=kind,
        owner=owner,
        due=due,
        section="交办事项" if kind == "assigned" else "",
        source=source.strip(),
        co_owners=list(dict.fromkeys(co)),
        due_rule=f"交办：{actor.by}于{on.isoformat()}交办"
        if kind == "assigned"
        else f"{actor.by}于{on.isoformat()}增补",
        repeat=_repeat(repeat),
        manual=True,
    )
    edit = TaskEdit(task)
    edit.record(actor, "add", "", owner, task.title)
    return edit


def _repeat(value: str) -> Repeat:
    for repeat in REPEATS:
        if repeat == value:
            return repeat
    raise LawgovError("err.unknown_repeat", repeat=value)


def assign(task: Task, actor: Actor, *, owner: str, co_owners: list[str] | None) -> TaskEdit:
    """The task as it will read in ``owner``'s file; the store moves it (with its history)."""
    if owner == task.owner and co_owners is None:
        raise LawgovError("err.same_owner", id=task.id, owner=owner)
    co = list(task.co_owners) if co_owners is None else list(co_owners)
    co = list(dict.fromkeys(c for c in co if c != owner))
    edit = TaskEdit(task)
    if owner != task.owner:
        edit.set(("owner",), owner)
        edit.record(actor, "assign", task.owner, owner, "")
    if co != task.co_owners:
        edit.set(("co_owners",), co)
        edit.record(actor, "co-owners", "、".join(task.co_owners), "、".join(co), "")
    if not edit.changes:
        raise LawgovError("err.same_owner", id=task.id, owner=owner)
    return edit


def set_target(
    task: Task, actor: Actor, metric_name: str, value_text: str, *, unit: str | None = None, add: bool = False
) -> TaskEdit:
    """Set the target of a metric (an exact name or a unique part of it); ``add`` declares a new one."""
    value = parse_number(value_text)
    stored: int | float = int(value) if value.is_integer() and "." not in value_text else value
    edit = TaskEdit(task)
    if add:
        name = metric_name.strip()
        if not name:
            raise LawgovError("err.empty_metric")
        if any(m.name == name for m in task.metrics):
            raise LawgovError("err.metric_exists", id=task.id, metric=name)
        metrics = [metric_to_toml(m) for m in task.metrics]
        metrics.append(metric_to_toml(Metric(name=name, unit=(unit or "").strip(), target=float(stored))))
        metrics[-1]["target"] = stored
        edit.set(("metrics",), metrics)
        edit.record(actor, "target", "", f"{stored:g}", name)
        return edit
    index = find_metric(task, metric_name)
    metric = task.metrics[index]
    edit.set(("metrics", index, "target"), stored)
    old = "" if metric.target is None else f"{metric.target:g}"
    edit.record(actor, "target", old, f"{stored:g}", metric.name)
    return edit


def target_reached(metric: Metric) -> bool | None:
    """Whether the actual value reached the target (None when either is missing).

    Targets are "at least" values (rates, counts); a target below the baseline is read as "at most"
    (e.g. a complaint count to bring down).
    """
    if metric.target is None or metric.actual is None:
        return None
    if metric.baseline is not None and metric.target < metric.baseline:
        return metric.actual <= metric.target
    return metric.actual >= metric.target
