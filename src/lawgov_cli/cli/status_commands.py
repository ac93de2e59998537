"""``lawgov status``, ``check``, ``show`` and ``log``: reading where the work stands."""

from __future__ import annotations

from typing import Annotated

import typer

from lawgov_cli.cli import daily
from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.choices import FailOn, TextOrJson
from lawgov_cli.cli.output import echo, print_json
from lawgov_cli.i18n import t


@command("status")
def status(
    ctx: typer.Context,
    dept: Annotated[
        str | None, typer.Option("--dept", help="Only this department (id, name or alias).")
    ] = None,
    section: Annotated[
        str | None,
        typer.Option(
            "--section", help="Only tasks whose section contains this text (or id prefix, e.g. M4)."
        ),
    ] = None,
    format: Annotated[
        TextOrJson, typer.Option("--format", "-f", case_sensitive=False, help="text or json (schema 1).")
    ] = "text",
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=1, help="Show at most this many overdue and due-soon tasks."),
    ] = 15,
    all_departments: Annotated[
        bool,
        typer.Option(
            "--all",
            help="On a terminal, list every department (default: the 15 most behind, the others "
            "summed on one row). Piped output always lists every department.",
        ),
    ] = False,
) -> None:
    """Progress at a glance: overall bar, departments most behind first, overdue (red) and due-soon (yellow) tasks.

    Example: lawgov status --as-of 2024-07-01
    """
    code = daily.status(state_of(ctx), dept, section, format, limit, all_departments)
    if code:
        raise typer.Exit(code)


@command("check")
def check(
    ctx: typer.Context,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", case_sensitive=False, help="overdue (default) or due-soon.")
    ] = "overdue",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing unless the exit code is not 0.")
    ] = False,
) -> None:
    """Validate every file, then exit 1 if anything is overdue (or due soon with --fail-on due-soon).

    For cron and CI: exit 0 nothing needs attention, 1 something does, 2 a file is invalid.

    Example: lawgov check --quiet || mail -s "法治政府建设任务逾期提醒" office@example.gov.cn
    """
    code = daily.check(state_of(ctx), fail_on, quiet)
    if code:
        raise typer.Exit(code)


@command("show")
def show(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task id.")],
    format: Annotated[
        TextOrJson, typer.Option("--format", "-f", case_sensitive=False, help="text or json.")
    ] = "text",
) -> None:
    """Everything about one task: source sentence, metrics (baseline → target → actual), periods, notes, evidence, history.

    Example: lawgov show M6.3
    """
    from lawgov_cli.progress import task_state
    from lawgov_cli.render.task import render_task

    state = state_of(ctx)
    workspace = state.load()
    lang = state.language(workspace)
    task = workspace.task(task_id)
    today = state.today(workspace)
    # The history as known on the view date: entries effective later are not shown.
    history = [h for h in workspace.history_of(task) if h.day <= today]
    history.reverse()
    task_now = task_state(task, today, workspace.settings.due_soon_days)
    if format == "json":
        from lawgov_cli.contracts import show_document

        document = show_document(task, workspace, task_now, history)
        print_json(document)
        return
    echo(render_task(workspace, task, task_now, history, lang))


@command("log")
def log(
    ctx: typer.Context,
    task_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="Only this task.")] = None,
    dept: Annotated[str | None, typer.Option("--dept", help="Only this department.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many entries.")] = 50,
    format: Annotated[
        TextOrJson, typer.Option("--format", "-f", case_sensitive=False, help="text or json.")
    ] = "text",
) -> None:
    """History of changes, newest first: when, who, task, old → new, note.

    Example: lawgov log M6.3
    """
    from lawgov_cli.cli.output import plain_table
    from lawgov_cli.render.text import change_text
    from lawgov_cli.usecases.views import history_log

    state = state_of(ctx)
    workspace = state.load()
    lang = state.language(workspace)
    entries = history_log(workspace, state.today(workspace), task_id=task_id, dept=dept, limit=limit)
    if format == "json":
        from lawgov_cli.contracts import log_document

        print_json(log_document(entries))
        return
    if not entries:
        echo(t("msg.no_history", lang))
        return
    headers = [t(f"label.{k}", lang) for k in ("effective", "when", "by", "id", "action", "change", "note")]
    rows = [
        [
            e.day.isoformat(),
            e.at.replace("T", " ")[:16],
            e.by,
            e.task,
            t(f"action.{e.action}", lang),
            change_text(e.old, e.new, lang),
            e.note,
        ]
        for e in entries
    ]
    echo(plain_table(headers, rows))
