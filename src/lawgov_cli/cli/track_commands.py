"""Commands that change tasks: start, done, reopen, drop, note, record; and show, log."""

from __future__ import annotations

import getpass
import os
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from lawgov_cli.cli.app import command, state_of
from lawgov_cli.cli.output import echo
from lawgov_cli.cli.state import State, parse_date
from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Task, Workspace
from lawgov_cli.tracking import Actor, TaskEdit

ByOption = Annotated[
    str | None, typer.Option("--by", help="Who made the change (default: git user.name, then login name).")
]
IdsArgument = Annotated[
    list[str], typer.Argument(metavar="ID", help="Task ids, e.g. M4.2 P1.3.", show_default=False)
]


def who(explicit: str | None) -> str:
    if explicit and explicit.strip():
        return explicit.strip()
    try:
        name = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=2, check=False
        ).stdout.strip()
        if name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return os.environ.get("USER", "unknown")


def _actor(workspace: Workspace, by: str | None) -> Actor:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(workspace.settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):  # a typo in lawgov.toml: one line, not a traceback
        raise LawgovError(
            "err.bad_timezone", path=workspace.root / "lawgov.toml", tz=workspace.settings.timezone
        ) from None
    now = datetime.now(zone)
    return Actor(by=who(by), at=now.isoformat(timespec="seconds"))


def apply_edits(
    state: State, ids: list[str], by: str | None, build: Callable[[Task, Actor, Workspace], TaskEdit]
) -> list[TaskEdit]:
    """Under the workspace lock: load, build every edit (any error aborts before writing), write.

    Edits of several files are written one file at a time, each atomically.
    """
    from lawgov_cli.store.edit import apply_changes, ensure_in_tasks_dir
    from lawgov_cli.store.load import env_dir, find_workspace
    from lawgov_cli.store.lock import workspace_lock

    root = find_workspace(state.dir or env_dir())
    with workspace_lock(root):
        state.workspace = None
        state.dir = root
        workspace = state.load(save_cache=False)  # the edit makes the cache stale anyway
        actor = _actor(workspace, by)
        edits: list[TaskEdit] = []
        seen: set[str] = set()
        for raw_id in ids:
            task = workspace.task(raw_id)
            if task.id in seen:
                continue
            seen.add(task.id)
            edits.append(build(task, actor, workspace))
        by_file: dict[Path, list[TaskEdit]] = {}
        for edit in edits:
            by_file.setdefault(workspace.files[edit.task.owner], []).append(edit)
        for path in by_file:  # every file checked before the first is written: all or nothing
            ensure_in_tasks_dir(root, path)
        for path, group in by_file.items():
            apply_changes(
                path,
                [change for edit in group for change in edit.changes],
                [entry for edit in group for entry in edit.history],
            )
    return edits


def _report(edits: list[TaskEdit], lang: Lang, key: str) -> None:
    for edit in edits:
        status = next((str(c.value) for c in edit.changes if c.path == ("status",)), edit.task.status)
        ticked = next((str(c.path[1]) for c in edit.changes if c.path[0] == "periods"), "")
        echo(t(key, lang, id=edit.task.id, title=edit.task.title, status=f"status.{status}", period=ticked))


@command("start")
def start_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    note: Annotated[str | None, typer.Option("--note", help="A note to add.")] = None,
    by: ByOption = None,
) -> None:
    """Mark tasks as in progress (todo → doing).

    Example: lawgov start M6.3 --note "已部署专项工作"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = apply_edits(state, ids, by, lambda task, actor, _: tracking.start(task, actor, note=note))
    _report(edits, state.language(), "msg.changed")


@command("done")
def done_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    note: Annotated[str | None, typer.Option("--note", help="What was done.")] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="Where the proof is: a document number, file or link.")
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date it was done (default: today).")] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Recurring tasks: the period to tick, e.g. 2024-03 or 2024-Q2."),
    ] = None,
    by: ByOption = None,
) -> None:
    """Tick tasks off (销号). A recurring task ticks its earliest open period that has begun.

    Several ids are applied all or nothing.

    Example: lawgov done M4.2 --note "专项行动已完成" --evidence "南开公安〔2024〕12号"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)

    def build(task: Task, actor: Actor, workspace: Workspace) -> TaskEdit:
        when = parse_date(on, "--on") if on else state.today(workspace)
        return tracking.done(task, actor, when, note=note, evidence=evidence, period=period)

    edits = apply_edits(state, ids, by, build)
    _report(edits, state.language(), "msg.changed")


@command("reopen")
def reopen_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    period: Annotated[
        str | None, typer.Option("--period", help="Recurring tasks: untick this period only.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why it is reopened.")] = None,
    by: ByOption = None,
) -> None:
    """Reopen done or dropped tasks (or untick one period of a recurring task).

    Example: lawgov reopen M6.3 --note "复核发现材料不全"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = apply_edits(
        state, ids, by, lambda task, actor, _: tracking.reopen(task, actor, period=period, note=note)
    )
    _report(edits, state.language(), "msg.changed")


@command("drop")
def drop_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why the task no longer applies (required).")],
    by: ByOption = None,
) -> None:
    """Drop tasks that no longer apply; they stay in the file, out of the completion rate.

    Example: lawgov drop P2.2 --reason "并入P2.1统一推进"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = apply_edits(state, ids, by, lambda task, actor, _: tracking.drop(task, actor, reason))
    _report(edits, state.language(), "msg.changed")


@command("note")
def note_cmd(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task id.")],
    text: Annotated[str, typer.Argument(help="The note.")],
    by: ByOption = None,
) -> None:
    """Add a note to a task.

    Example: lawgov note M5.1 "已完成队伍摸底，待区政府审定"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = apply_edits(state, [task_id], by, lambda task, actor, _: tracking.note(task, actor, text))
    _report(edits, state.language(), "msg.noted")


@command("record")
def record_cmd(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task id.")],
    metric: Annotated[str, typer.Argument(help="Metric name: exact, or a unique part of it.")],
    value: Annotated[str, typer.Argument(help="This year's value (a number; 98.5 or 98.5%).")],
    note: Annotated[str | None, typer.Option("--note", help="Source of the figure.")] = None,
    by: ByOption = None,
) -> None:
    """Record this year's actual value of a task's metric (baseline → actual).

    Example: lawgov record M6.3 出庭应诉率 98.5
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = apply_edits(
        state, [task_id], by, lambda task, actor, _: tracking.record(task, actor, metric, value, note=note)
    )
    lang = state.language()
    for edit in edits:
        for entry in edit.history:
            echo(
                t(
                    "msg.recorded",
                    lang,
                    id=edit.task.id,
                    metric=entry.note,
                    old=entry.old or "—",
                    new=entry.new,
                )
            )
