"""The supervision loop's commands: approve, reject, extend, add, assign, target, notice.

Wiring only: parse options, call a use case — :func:`lawgov_cli.usecases.tasks.change_tasks` with
a builder of :mod:`lawgov_cli.workflow` (what each action does to a task), or one of
:mod:`lawgov_cli.usecases.workflow` — and render.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.choices import KindChoice, NoticeFormat, RepeatChoice
from lawgov_cli.cli.output import echo
from lawgov_cli.cli.state import State, parse_date
from lawgov_cli.cli.track_commands import ByOption, ForceOption, IdsArgument, OnOption, change
from lawgov_cli.errors import LawgovError
from lawgov_cli.fields import owner_name, owner_names
from lawgov_cli.i18n import t
from lawgov_cli.model import Task, Workspace
from lawgov_cli.tracking import Actor, TaskEdit

ExtensionOption = Annotated[
    bool,
    typer.Option("--extension", help="Decide the pending extension request (when a report is pending too)."),
]


def _on(on: str | None) -> date | None:
    return parse_date(on, "--on") if on else None


def _split(text: str | None) -> list[str] | None:
    """``--co D2,D3`` (also 、 or ，) -> the department references; None when not given."""
    if text is None:
        return None
    return [p.strip() for p in text.replace("、", ",").replace("，", ",").split(",") if p.strip()]


@command("approve")
def approve_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    note: Annotated[str | None, typer.Option("--note", help="The office's remark.")] = None,
    extension: ExtensionOption = False,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """The office approves what is pending: a completion report (销号, → done) or an extension request
    (the due date moves). A task with both pending: the report, or the extension with --extension.

    Example: lawgov approve M4.4 --note "材料齐全，准予销号" --by 依法治区办
    """
    from lawgov_cli import workflow

    state = state_of(ctx)

    def build(task: Task, actor: Actor, _: Workspace) -> TaskEdit:
        return workflow.approve(task, actor, actor.on, note=note, extension=extension)

    _decided(change(state, ids, by, on, force, build), state)


@command("reject")
def reject_cmd(
    ctx: typer.Context,
    ids: IdsArgument,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (required; kept in notes and history).")
    ] = None,
    extension: ExtensionOption = False,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """The office sends a completion report back (退回重办, → doing) or refuses an extension request.

    Example: lawgov reject M4.4 --reason "缺少季度分析报告，请补充后重新报送"
    """
    from lawgov_cli import workflow

    state = state_of(ctx)

    def build(task: Task, actor: Actor, _: Workspace) -> TaskEdit:
        return workflow.reject(task, actor, actor.on, reason=reason, extension=extension)

    _decided(change(state, ids, by, on, force, build), state)


def _decided(edits: list[TaskEdit], state: State) -> None:
    lang = state.language()
    for edit in edits:
        for entry in edit.history:
            if entry.action in ("approve", "reject", "due", "extend-reject"):
                echo(
                    t(
                        f"msg.{entry.action}",
                        lang,
                        id=edit.task.id,
                        old=entry.old,
                        new=entry.new,
                        status=f"status.{entry.new}",
                        title=edit.task.title,
                    )
                )


@command("extend")
def extend_cmd(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task id.")],
    to: Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="The due date asked for (YYYY-MM-DD).")] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why more time is needed (required).")
    ] = None,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Ask for an extension (申请延期); the due date moves only when the office approves it.

    A request filed after the due date is accepted and marked late.

    Example: lawgov extend M5.1 --to 2024-09-30 --reason "待区政府常务会审议" --by 区司法局
    """
    from lawgov_cli import workflow

    if not to:
        raise LawgovError("err.option_required", option="--to")
    wanted = parse_date(to, "--to")
    state = state_of(ctx)

    def build(task: Task, actor: Actor, _: Workspace) -> TaskEdit:
        return workflow.extend(task, actor, actor.on, to=wanted, reason=reason)

    edits = change(state, [task_id], by, on, force, build)
    lang = state.language()
    for edit in edits:
        late = any(c.path == ("extension",) and c.value.get("late") for c in edit.changes)
        echo(
            t(
                "msg.extend_requested",
                lang,
                id=edit.task.id,
                old=edit.task.due.isoformat(),
                new=wanted.isoformat(),
                late=t("msg.late_request", lang) if late else "",
            )
        )


@command("target")
def target_cmd(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task id.")],
    metric: Annotated[str, typer.Argument(help="Metric name: exact, or a unique part of it.")],
    value: Annotated[str, typer.Argument(help="The target value (a number; 100 or 100%).")],
    add: Annotated[
        bool, typer.Option("--add", help="Declare a new metric with this name (assigned tasks have none).")
    ] = False,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit of a new metric (with --add).")] = None,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Set a metric's target; show, exports and the report draft compare the actual with it.

    Example: lawgov target M6.3 出庭应诉率 100
    """
    from lawgov_cli import workflow

    state = state_of(ctx)
    if unit is not None and not add:
        raise LawgovError("err.bad_option", option="--unit", problem="problem.only_with_add")

    def build(task: Task, actor: Actor, _: Workspace) -> TaskEdit:
        return workflow.set_target(task, actor, metric, value, unit=unit, add=add)

    edits = change(state, [task_id], by, on, force, build)
    lang = state.language()
    for edit in edits:
        entry = edit.history[-1]
        echo(
            t("msg.target_set", lang, id=edit.task.id, metric=entry.note, old=entry.old or "—", new=entry.new)
        )


@command("add")
def add_cmd(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Option("--owner", help="Lead department (id, name or alias).")] = None,
    title: Annotated[str | None, typer.Option("--title", help="What is to be done.")] = None,
    due: Annotated[str | None, typer.Option("--due", metavar="YYYY-MM-DD", help="Due date (YYYY-MM-DD).")] = None,
    kind: Annotated[
        KindChoice,
        typer.Option("--kind", case_sensitive=False, help="assigned (交办, ids J1, J2…) or another kind."),
    ] = "assigned",
    source: Annotated[
        str | None, typer.Option("--source", help="Where it comes from: 领导批示, a document number…")
    ] = None,
    repeat: Annotated[
        RepeatChoice,
        typer.Option("--repeat", case_sensitive=False, help='"" (once), monthly, quarterly or yearly.'),
    ] = "",
    co: Annotated[str | None, typer.Option("--co", help="Co-departments, comma separated.")] = None,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Add a task handed down during the year (交办事项) to its owner's file; sync never touches it.

    Example: lawgov add --owner 区司法局 --title "开展行政复议案件专项评查" --due 2024-10-31 --source "区长批示〔2024〕7号"
    """
    from lawgov_cli.usecases.workflow import add_task

    for option, value in (("--owner", owner), ("--title", title), ("--due", due)):
        if not value or not value.strip():
            raise LawgovError("err.option_required", option=option)
    assert owner and title and due
    due_date = parse_date(due, "--due")
    state = state_of(ctx)
    session = state.session(by)
    lang = state.language()
    added = add_task(
        session,
        owner=owner,
        title=title,
        due=due_date,
        kind=kind,
        source=source or "",
        repeat=repeat,
        co=_split(co),
        on=_on(on),
        force=force,
        lang=lang,
    )
    echo(
        t(
            "msg.added",
            lang,
            id=added.task.id,
            owner=added.owner.name,
            due=due_date.isoformat(),
            title=added.task.title,
        )
    )


@command("assign")
def assign_cmd(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task id.")],
    owner: Annotated[str | None, typer.Option("--owner", help="The new lead department.")] = None,
    co: Annotated[
        str | None, typer.Option("--co", help="Co-departments, comma separated (replaces).")
    ] = None,
    on: OnOption = None,
    force: ForceOption = False,
    by: ByOption = None,
) -> None:
    """Reassign a task: it moves, with its history, into the new owner's file (all or nothing).

    Example: lawgov assign J1 --owner 区市场监管局 --co 区司法局
    """
    from lawgov_cli.usecases.workflow import assign_task

    if not owner or not owner.strip():
        raise LawgovError("err.option_required", option="--owner")
    state = state_of(ctx)
    session = state.session(by)
    lang = state.language()
    done = assign_task(session, task_id, owner=owner, co=_split(co), on=_on(on), force=force, lang=lang)
    workspace = session.workspace()
    echo(
        t(
            "msg.assigned",
            lang,
            id=done.task.id,
            old=owner_name(workspace, done.task.owner),
            new=done.owner.name,
            co=owner_names(workspace, done.co_owners) or "—",
        )
    )


@command("notice")
def notice_cmd(
    ctx: typer.Context,
    dept: Annotated[str | None, typer.Option("--dept", help="Only this department.")] = None,
    format: Annotated[
        NoticeFormat | None,
        typer.Option("--format", "-f", case_sensitive=False, help="md or text (default: by the -o suffix, else md)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Numbered 催办单 / 督办通知单 for each department with overdue (red) items, as of --as-of.

    催办 within [workflow] grace_days of the due date, 督办 beyond; numbers per level and year are
    kept in notices.toml, and the same department's notice of the same day keeps its number.

    Example: lawgov notice --as-of 2024-07-15 -o 督办通知单-2024-07-15.md
    """
    from lawgov_cli.cli.document_commands import _emit, document_format
    from lawgov_cli.documents.blocks import to_markdown, to_text
    from lawgov_cli.documents.notice import build_notice
    from lawgov_cli.usecases.workflow import issue_notices

    chosen = document_format(format, output, ("md", "text"))
    state = state_of(ctx)
    session = state.session()
    lang = state.language()
    issued = issue_notices(session, dept)
    if not issued.drafts:
        echo(t("msg.no_notices", lang, as_of=issued.as_of.isoformat()))
        return
    render = to_markdown if chosen == "md" else to_text
    separator = "\n---\n\n" if chosen == "md" else "\n" + "—" * 30 + "\n\n"
    text = separator.join(
        render(build_notice(issued.workspace, draft, number, issued.as_of, lang))
        for draft, number in zip(issued.drafts, issued.numbers, strict=True)
    )
    _emit(text, output, lang, session.root)
