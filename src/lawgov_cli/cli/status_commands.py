"""``lawgov status``, ``check``, ``show`` and ``log``: reading where the work stands."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from lawgov_cli.cli.app import command, state_of
from lawgov_cli.cli.choices import FailOn, TextOrJson
from lawgov_cli.cli.output import echo, print_json, print_screen, use_rich
from lawgov_cli.cli.state import State
from lawgov_cli.errors import EXIT_ATTENTION
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Workspace


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
    from lawgov_cli.progress import evaluate, progress_json

    state = state_of(ctx)
    workspace = state.load(detail=False)
    lang = state.language(workspace)
    dept_id = workspace.department(dept).id if dept else None
    progress = evaluate(workspace, state.today(workspace), dept=dept_id, section=section)
    if format == "json":
        print_json(progress_json(progress))
        return
    from lawgov_cli.render.status import render_plain, terminal_lines

    _year_over_hint(state, workspace, lang)
    _removed_warning(workspace, lang)
    if use_rich():
        print_screen(lambda width: terminal_lines(workspace, progress, lang, width, limit, show_all=all_departments))
    else:
        echo(render_plain(workspace, progress, lang, limit))


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
    from lawgov_cli.progress import evaluate
    from lawgov_cli.render.status import check_lines

    state = state_of(ctx)
    # Validates lawgov.toml (its time zone too, even when --as-of makes it unused) and the schema,
    # ids, owners, statuses and dates in every file.
    workspace = state.load(detail=False)
    from lawgov_cli.usecases.views import removed_owner_error

    removed = removed_owner_error(workspace)
    if removed is not None:
        raise removed  # a department deleted while it owns tasks: they must be given to another
    lang = state.language(workspace)
    if any(shard.undated for shard in workspace.base.shards):
        _record_hand_edits(state, lang)
        workspace = state.load(detail=False)
    progress = evaluate(workspace, state.today(workspace))
    include_soon = fail_on == "due-soon"
    attention = progress.totals.overdue > 0 or (include_soon and progress.totals.due_soon > 0)
    if not attention:
        if not quiet:
            echo(
                t(
                    "msg.check_ok",
                    lang,
                    tasks=workspace.task_count,
                    files=len(workspace.files),
                    as_of=progress.as_of,
                )
            )
        return
    for line in check_lines(workspace, progress, lang, include_due_soon=include_soon):
        echo(line)
    echo(
        t(
            "msg.check_summary",
            lang,
            overdue=progress.totals.overdue,
            due_soon=progress.totals.due_soon,
            as_of=progress.as_of,
        )
    )
    raise typer.Exit(EXIT_ATTENTION)


def _removed_warning(workspace: Workspace, lang: Lang) -> None:
    """One line on stderr while a department deleted from the registry still owns tasks (their
    counts stay in the view; ``check`` fails until they are reassigned)."""
    import sys

    from lawgov_cli.usecases.views import removed_owner_error

    error = removed_owner_error(workspace)
    if error is not None:
        sys.stderr.write(f"lawgov: {error.render(lang)}\n")


def _year_over_hint(state: State, workspace: Workspace, lang: Lang) -> None:
    """Today is past the plan year and no date was asked for: every task of the year is red by
    now, which is true but not what anyone wants to see. Say so in one line, and what to do."""
    session = state.session()
    year = workspace.settings.plan_year
    if not session.as_of_given and session.as_of > date(year, 12, 31):
        echo(t("msg.plan_year_over", lang, year=year, end=f"{year}-12-31", next=year + 1))


def _record_hand_edits(state: State, lang: Lang) -> None:
    """Date what was changed by hand in the files: recorded in the history as of today (the
    daily ``check`` is where lawgov first sees most hand edits), one line each."""
    from lawgov_cli.usecases.tasks import record_hand_edits

    for task, entry in record_hand_edits(state.session()):
        change = f"{entry.old} → {entry.new}" if entry.old or entry.new else ""
        echo(
            t(
                "msg.hand_recorded",
                lang,
                id=task.id,
                action=t(f"action.{entry.action}", lang),
                change=change,
                on=entry.on,
            )
        )
    state.workspace = None


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
