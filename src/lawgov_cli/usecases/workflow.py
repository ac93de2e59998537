"""Use cases of the supervision loop that are not a change of existing tasks in place:
adding a task (交办), moving a task to another department (assign), issuing numbered notices.

Approve, reject, extend and target change tasks in place: they run through
:func:`lawgov_cli.usecases.tasks.change_tasks` with the builders of :mod:`lawgov_cli.workflow`.
Each function here takes the workspace lock, reads the files again, validates everything, then
writes as one change (:mod:`lawgov_cli.store.transaction`); nothing is written on an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from lawgov_cli import workflow
from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang
from lawgov_cli.model import KINDS, Department, HistoryEntry, Kind, Task, Workspace
from lawgov_cli.session import Session
from lawgov_cli.toml_records import task_to_toml
from lawgov_cli.tracking import Actor, TaskEdit
from lawgov_cli.usecases.tasks import check_effective_date

_ATTEMPTS = 5


def departments(workspace: Workspace, refs: Sequence[str] | None) -> list[str] | None:
    """Department ids for ``refs`` (ids, names or aliases); None when not given."""
    if refs is None:
        return None
    return list(dict.fromkeys(workspace.department(ref).id for ref in refs if ref.strip()))


def _kind(value: str) -> Kind:
    for kind in KINDS:
        if kind == value:
            return kind
    raise LawgovError("err.unknown_kind", kind=value)


def _new_file(workspace: Workspace, dept: Department, lang: Lang):  # type: ignore[no-untyped-def]
    from lawgov_cli.store.create import new_department_file

    def render(table: dict[str, Any], history: list[HistoryEntry]) -> bytes:
        return new_department_file(dept, [table], history, workspace.settings.title, lang)

    return render


@dataclass(frozen=True, slots=True)
class Added:
    task: Task
    owner: Department


def add_task(
    session: Session,
    *,
    owner: str,
    title: str,
    due: date,
    kind: str = "assigned",
    source: str = "",
    repeat: str = "",
    co: Sequence[str] | None = None,
    on: date | None = None,
    force: bool = False,
    lang: Lang = "zh",
) -> Added:
    """``lawgov add``: a task handed down during the year, with a fresh id of its series."""
    from lawgov_cli.store.edit import appended_bytes, ensure_in_tasks_dir
    from lawgov_cli.store.lock import workspace_lock
    from lawgov_cli.store.transaction import Changed, commit, roll_forward

    day = on or session.as_of
    check_effective_date(session, day, force=force)
    checked_kind = _kind(kind)
    with workspace_lock(session.root):
        roll_forward(session.root)
        for _attempt in range(_ATTEMPTS):
            workspace = session.workspace(save_cache=False, fresh=True, to_edit=True)
            dept = workspace.department(owner)
            co_ids = departments(workspace, co) or []
            actor = Actor(session.actor, session.now(), day)
            taken = [i for shard in workspace.shards for i in shard.ids]
            edit = workflow.new_task(
                workflow.next_id(checked_kind, taken),
                owner=dept.id,
                title=title,
                due=due,
                kind=checked_kind,
                source=source,
                repeat=repeat,
                co_owners=co_ids,
                actor=actor,
                on=day,
            )
            path = session.root / "tasks" / f"{dept.id}.toml"
            ensure_in_tasks_dir(session.root, path)
            table = task_to_toml(edit.task)
            if path.exists():
                before = path.read_bytes()
                after = appended_bytes(path, before, [table], edit.history)
            else:  # the department had no task yet
                before, after = b"", _new_file(workspace, dept, lang)(table, edit.history)
                path.parent.mkdir(parents=True, exist_ok=True)
            try:
                commit(session.root, {path: after}, {path: before})
            except Changed:
                continue
            return Added(edit.task, dept)
    raise LawgovError("err.workspace_busy", path=session.root, seconds=0)


@dataclass(frozen=True, slots=True)
class Assigned:
    task: Task
    """The task as it was before the move."""
    edit: TaskEdit
    owner: Department
    co_owners: list[str]


def assign_task(
    session: Session,
    task_id: str,
    *,
    owner: str,
    co: Sequence[str] | None = None,
    on: date | None = None,
    force: bool = False,
    lang: Lang = "zh",
) -> Assigned:
    """``lawgov assign``: move a task (with its history) to another owner's file, or change
    its co-departments; two files change as one."""
    from lawgov_cli.store.edit import edited_bytes, ensure_in_tasks_dir
    from lawgov_cli.store.lock import workspace_lock
    from lawgov_cli.store.move import move_writes
    from lawgov_cli.store.transaction import Changed, commit, roll_forward

    day = on or session.as_of
    check_effective_date(session, day, force=force)
    with workspace_lock(session.root):
        roll_forward(session.root)
        for _attempt in range(_ATTEMPTS):
            workspace = session.workspace(save_cache=False, fresh=True, to_edit=True)
            task = workspace.task(task_id)
            dept = workspace.department(owner)
            co_ids = departments(workspace, co)
            actor = Actor(session.actor, session.now(), day)
            edit = workflow.assign(task, actor, owner=dept.id, co_owners=co_ids)
            source = workspace.files[task.owner]
            ensure_in_tasks_dir(session.root, source)
            if dept.id == task.owner:  # only the co-departments change: one file
                before, after = edited_bytes(source, edit.changes, edit.history)
                writes, expect = {source: after}, {source: before}
            else:
                fields = {str(c.path[0]): c.value for c in edit.changes if len(c.path) == 1}
                writes, expect = move_writes(
                    session.root,
                    task.id,
                    source,
                    session.root / "tasks" / f"{dept.id}.toml",
                    fields,
                    edit.history,
                    _new_file(workspace, dept, lang),
                )
            try:
                commit(session.root, writes, expect)
            except Changed:
                continue
            final = co_ids if co_ids is not None else [c for c in task.co_owners if c != dept.id]
            return Assigned(task, edit, dept, final)
    raise LawgovError("err.workspace_busy", path=session.root, seconds=0)


@dataclass(frozen=True, slots=True)
class Notices:
    workspace: Workspace
    """The workspace as it stood on the notices' date."""
    as_of: date
    drafts: list[Any]
    """:class:`lawgov_cli.documents.notice.NoticeDraft` per department."""
    numbers: list[int]


def issue_notices(session: Session, dept: str | None = None) -> Notices:
    """``lawgov notice``: the drafts for the departments with red items on ``session.as_of``,
    numbered from the workspace register (the same department, level and day keeps its number)."""
    from lawgov_cli.documents.notice import draft_notices
    from lawgov_cli.progress import evaluate
    from lawgov_cli.store import notices
    from lawgov_cli.store.lock import workspace_lock
    from lawgov_cli.store.transaction import roll_forward

    with workspace_lock(session.root):
        roll_forward(session.root)
        workspace = session.workspace(fresh=True).at(session.as_of)
        dept_id = workspace.department(dept).id if dept else None
        drafts = draft_notices(workspace, evaluate(workspace, session.as_of), dept_id)
        requests = [(d.dept, d.level, session.as_of, tuple(s.task.id for s in d.items)) for d in drafts]
        issued = notices.issue(session.root, requests)
    return Notices(workspace, session.as_of, drafts, [record.number for record in issued])
