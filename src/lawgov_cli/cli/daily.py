"""The commands run every day — ``status``, ``check``, ``done`` — as functions of the session's
:class:`State` and their option values, returning the exit code.

No typer here: the typer commands (``status_commands``, ``track_commands``) and the fast path
(:mod:`lawgov_cli.cli.fast`), which runs these three without importing typer at all, both call
these, so the two can only differ in how the command line was read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from lawgov_cli.cli.output import echo, print_json, print_screen, use_rich
from lawgov_cli.cli.state import State, parse_date
from lawgov_cli.errors import EXIT_ATTENTION
from lawgov_cli.i18n import Lang, t

if TYPE_CHECKING:
    from lawgov_cli.model import Task, Workspace
    from lawgov_cli.tracking import Actor, TaskEdit

__all__ = ["change", "check", "done", "report", "status"]


def status(
    state: State,
    dept: str | None = None,
    section: str | None = None,
    format: str = "text",
    limit: int = 15,
    all_departments: bool = False,
) -> int:
    """``lawgov status``: the progress view, as a screen, plain text or JSON."""
    from lawgov_cli.progress import evaluate, progress_json

    workspace = state.load(detail=False)
    lang = state.language(workspace)
    dept_id = workspace.department(dept).id if dept else None
    progress = evaluate(workspace, state.today(workspace), dept=dept_id, section=section)
    if format == "json":
        print_json(progress_json(progress))
        return 0
    from lawgov_cli.render.status import render_plain, terminal_lines

    _year_over_hint(state, workspace, lang)
    _removed_warning(workspace, lang)
    if use_rich():
        print_screen(
            lambda width: terminal_lines(workspace, progress, lang, width, limit, show_all=all_departments)
        )
    else:
        echo(render_plain(workspace, progress, lang, limit))
    return 0


def check(state: State, fail_on: str = "overdue", quiet: bool = False) -> int:
    """``lawgov check``: validate every file; 1 if anything is overdue (or due soon)."""
    from lawgov_cli.progress import evaluate
    from lawgov_cli.render.status import check_lines
    from lawgov_cli.usecases.views import removed_owner_error

    # Validates lawgov.toml (its time zone too, even when --as-of makes it unused) and the schema,
    # ids, owners, statuses and dates in every file.
    workspace = state.load(detail=False)
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
        return 0
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
    return EXIT_ATTENTION


def done(
    state: State,
    ids: list[str],
    note: str | None = None,
    evidence: str | None = None,
    on: str | None = None,
    period: str | None = None,
    force: bool = False,
    by: str | None = None,
) -> int:
    """``lawgov done``: tick tasks off (all ids or none); in review mode, report them done."""
    from lawgov_cli import workflow

    def build(task: Task, actor: Actor, workspace: Workspace) -> TaskEdit:
        review = workspace.settings.workflow.review
        return workflow.complete(
            task, actor, actor.on, review=review, note=note, evidence=evidence, period=period
        )

    edits = change(state, ids, by, on, force, build)
    report(edits, state.language(), "msg.changed")
    return 0


def change(
    state: State,
    ids: list[str],
    by: str | None,
    on: str | None,
    force: bool,
    build: Callable[[Task, Actor, Workspace], TaskEdit],
) -> list[TaskEdit]:
    """Parse ``--on`` and run the change use case (all ids, all files, or nothing)."""
    from lawgov_cli.usecases.tasks import change_tasks

    session = state.session(by)
    day = parse_date(on, "--on") if on else None
    return change_tasks(session, ids, build, on=day, force=force).edits


def report(edits: list[TaskEdit], lang: Lang, key: str) -> None:
    """One line per changed task: its id, title, new status and the period ticked."""
    for edit in edits:
        status = next((str(c.value) for c in edit.changes if c.path == ("status",)), edit.task.status)
        ticked = next((str(c.path[1]) for c in edit.changes if c.path[0] == "periods"), "")
        echo(t(key, lang, id=edit.task.id, title=edit.task.title, status=f"status.{status}", period=ticked))


def _removed_warning(workspace: Workspace, lang: Lang) -> None:
    """One line on stderr while a department deleted from the registry still owns tasks (their
    counts stay in the view; ``check`` fails until they are reassigned)."""
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
