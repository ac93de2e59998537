"""``lawgov import``: apply filled-in fill-in forms (填报表); the form export is ``export --form``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.output import echo
from lawgov_cli.cli.track_commands import ByOption
from lawgov_cli.i18n import Lang, t
from lawgov_cli.render.plain import printable

if TYPE_CHECKING:
    from lawgov_cli.forms.plan import ImportPlan
    from lawgov_cli.tracking import TaskEdit


def _describe(edit: TaskEdit, on: date, lang: Lang, skip: int = 0) -> list[str]:
    lines = []
    for entry in edit.history[skip:]:
        if entry.action in ("start", "done", "reopen", "status"):
            lines.append(
                t("msg.import_status", lang, old=f"status.{entry.old}", new=f"status.{entry.new}", on=on)
            )
        elif entry.action == "tick":
            lines.append(t("msg.import_tick", lang, period=entry.new, on=on))
        elif entry.action == "note":
            lines.append(t("msg.import_note", lang, text=printable(entry.new)))
        elif entry.action == "evidence":
            lines.append(t("msg.import_evidence", lang, text=printable(entry.new)))
        elif entry.action == "record":
            lines.append(
                t(
                    "msg.import_metric",
                    lang,
                    metric=printable(entry.note),
                    old=entry.old or "—",
                    new=entry.new,
                )
            )
    return lines


def print_plan(plan: ImportPlan, lang: Lang) -> None:
    for planned in plan.tasks:
        echo(
            t(
                "msg.import_task",
                lang,
                id=planned.task.id,
                title=printable(planned.task.title),
                form=printable(planned.source.name),
            )
        )
        for line in _describe(planned.edit, planned.on, lang, planned.hand):
            echo("  " + line)


@command("import")
def import_cmd(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE.xlsx", help="Filled-in forms (填报表).", show_default=False)
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the changes per task; write nothing.")
    ] = False,
    by: ByOption = None,
) -> None:
    """Apply filled-in forms (填报表) exported with `lawgov export --form`: statuses, dates,
    progress notes, evidence and metric actuals, as history entries.

    Every form is checked first (workspace, department, plan year, ids, statuses, dates, locked
    cells, formulas); any problem: one line, exit 2, nothing written.  All forms or none.
    Importing the same form again changes nothing.

    Example: lawgov import 回收/*.xlsx --dry-run
    """
    from lawgov_cli.forms.read import read_form
    from lawgov_cli.usecases.forms import import_forms

    state = state_of(ctx)
    session = state.session(by)
    lang = state.language()  # from the workspace's settings: every error below in its language
    forms = [read_form(path) for path in files]  # outside the lock: parsing XLSX is the slow part
    plan = import_forms(session, forms, dry_run=dry_run)
    print_plan(plan, lang)
    if not plan:
        echo(t("msg.import_nothing", lang))
    elif dry_run:
        echo(t("msg.import_dry_run", lang, tasks=len(plan.tasks), files=len(forms)))
    else:
        echo(t("msg.import_done", lang, tasks=len(plan.tasks), files=len(forms)))
