"""``lawgov list``: the task checklist, filtered."""

from __future__ import annotations

from typing import Annotated

import typer

from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.choices import KindChoice, StatusChoice, TableOrJson
from lawgov_cli.cli.output import echo, print_json, use_rich
from lawgov_cli.errors import LawgovError
from lawgov_cli.i18n import t
from lawgov_cli.model import KINDS, STATUSES, Task, Workspace, task_sort_key
from lawgov_cli.render.plain import printable


def filter_tasks(
    workspace: Workspace, *, dept: str | None = None, kind: str | None = None, status: str | None = None
) -> list[Task]:
    tasks = sorted(workspace.tasks, key=lambda task: task_sort_key(task.id))
    if dept:
        dept_id = workspace.department(dept).id
        tasks = [task for task in tasks if task.owner == dept_id]
    if kind:
        if kind not in KINDS:
            raise LawgovError("err.unknown_kind", kind=kind)
        tasks = [task for task in tasks if task.kind == kind]
    if status:
        if status not in STATUSES:
            raise LawgovError("err.unknown_status", status=status)
        tasks = [task for task in tasks if task.status == status]
    return tasks


@command("list")
def list_tasks(
    ctx: typer.Context,
    dept: Annotated[str | None, typer.Option("--dept", help="Department id, Chinese name or alias.")] = None,
    kind: Annotated[
        KindChoice | None,
        typer.Option("--kind", case_sensitive=False, help="measure, plan, rectify, duty, statutory or assigned."),
    ] = None,
    status: Annotated[
        StatusChoice | None,
        typer.Option("--status", case_sensitive=False, help="todo, doing, reported, done or dropped."),
    ] = None,
    format: Annotated[
        TableOrJson, typer.Option("--format", "-f", case_sensitive=False, help="table or json.")
    ] = "table",
) -> None:
    """List tasks: id, owner, due date, status and title.

    Example: lawgov list --dept 司法局 --status todo
    """
    state = state_of(ctx)
    workspace = state.load()
    lang = state.language(workspace)
    if format == "json":
        from lawgov_cli.contracts import list_document

        tasks = filter_tasks(workspace, dept=dept, kind=kind, status=status)
        print_json(list_document(tasks, workspace))
        return
    import sys

    from lawgov_cli.render.listing import HEADERS, list_rows, write_plain

    rows = list_rows(workspace, lang, dept=dept, kind=kind, status=status)
    if not rows:
        echo(t("msg.no_tasks", lang))
        return
    if not use_rich():
        write_plain(rows, lang, sys.stdout.write)
        return
    from rich.table import Table

    from lawgov_cli.cli.output import console

    table = Table(*(t(f"label.{name}", lang) for name in HEADERS), header_style="bold", show_lines=False)
    styles = {"done": "green", "dropped": "dim", "doing": "cyan", "todo": "", "reported": "magenta"}
    for row in rows:
        cells = (row.id, row.owner, row.due, row.status, row.title)
        table.add_row(*(printable(cell) for cell in cells), style=styles[row.status_code])
    out = console()
    out.print(table)
    out.print(t("msg.list_count", lang, shown=len(rows), total=workspace.task_count), style="dim")
