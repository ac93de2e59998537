"""Commands that change tasks: start, done, reopen, drop, note, record; and show, log."""

from __future__ import annotations

from typing import Annotated

import typer

from lawgov_cli.cli import daily
from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.daily import change, report
from lawgov_cli.cli.output import echo
from lawgov_cli.i18n import t
from lawgov_cli.session import who

__all__ = ["change", "who"]

ByOption = Annotated[
    str | None, typer.Option("--by", help="Who made the change (default: git user.name, then login name).")
]
IdsArgument = Annotated[
    list[str],
    typer.Argument(metavar="ID...", help="One or more task ids, e.g. M4.2 P1.3.", show_default=False),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="YYYY-MM-DD",
        help="The day the change counts from (default: the --as-of date, else today).",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Accept an --on date outside the plan year ± 1.")]


@command("start")
def start_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    note: Annotated[str | None, typer.Option("--note", help="A note to add.")] = None,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Mark tasks as in progress (todo → doing).

    Example: lawgov start M6.3 --note "已部署专项工作"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = change(state, ids, by, on, force, lambda task, actor, _: tracking.start(task, actor, note=note))
    report(edits, state.language(), "msg.changed")


@command("done")
def done_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    note: Annotated[str | None, typer.Option("--note", help="What was done.")] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="Where the proof is: a document number, file or link.")
    ] = None,
    on: OnOption = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Recurring tasks: the period to tick, e.g. 2024-03 or 2024-Q2."),
    ] = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Tick tasks off (销号). A recurring task ticks its earliest open period that has begun.

    Several ids are applied all or nothing.  In review mode ([workflow] review = true) a one-off
    task is reported done (已报送，待审核) and closed when the office runs `lawgov approve`.

    Example: lawgov done M4.2 --note "专项行动已完成" --evidence "南开公安〔2024〕12号"
    """
    code = daily.done(state_of(ctx), ids, note, evidence, on, period, force, by)
    if code:
        raise typer.Exit(code)


@command("reopen")
def reopen_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    period: Annotated[
        str | None, typer.Option("--period", help="Recurring tasks: untick this period only.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why it is reopened.")] = None,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Reopen done or dropped tasks (or untick one period of a recurring task).

    Example: lawgov reopen M6.3 --note "复核发现材料不全"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = change(
        state,
        ids,
        by,
        on,
        force,
        lambda task, actor, _: tracking.reopen(task, actor, period=period, note=note),
    )
    report(edits, state.language(), "msg.changed")


@command("drop")
def drop_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why the task no longer applies (required).")],
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Drop tasks that no longer apply; they stay in the file, out of the completion rate.

    Example: lawgov drop P2.2 --reason "并入P2.1统一推进"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = change(state, ids, by, on, force, lambda task, actor, _: tracking.drop(task, actor, reason))
    report(edits, state.language(), "msg.changed")


@command("note")
def note_cmd(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task id.")],
    text: Annotated[str, typer.Argument(help="The note.")],
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Add a note to a task.

    Example: lawgov note M5.1 "已完成队伍摸底，待区政府审定"
    """
    from lawgov_cli import tracking

    state = state_of(ctx)
    edits = change(state, [task_id], by, on, force, lambda task, actor, _: tracking.note(task, actor, text))
    report(edits, state.language(), "msg.noted")


# A value such as -5 is a number, not an option: unknown "options" become arguments (no `--` needed).
@command("record", context_settings={"ignore_unknown_options": True})
def record_cmd(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task id.")],
    metric: Annotated[str, typer.Argument(help="Metric name: exact, or a unique part of it.")],
    value: Annotated[str, typer.Argument(help="This year's value (a number; 98.5 or 98.5%).")],
    note: Annotated[str | None, typer.Option("--note", help="Source of the figure.")] = None,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Record this year's actual value of a task's metric (baseline → actual).

    Example: lawgov record M6.3 实质化解率 91.5 --on 2024-06-30
    """
    from lawgov_cli import tracking
    from lawgov_cli.usecases.tasks import HAND_EDIT_BY

    state = state_of(ctx)
    edits = change(
        state,
        [task_id],
        by,
        on,
        force,
        lambda task, actor, _: tracking.record(task, actor, metric, value, note=note, force=force),
    )
    lang = state.language()
    for edit in edits:
        for entry in (e for e in edit.history if e.action == "record" and e.by != HAND_EDIT_BY):
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
