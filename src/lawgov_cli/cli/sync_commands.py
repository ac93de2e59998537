"""``lawgov sync``: re-import a revised report into the workspace, keeping recorded progress."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.output import echo
from lawgov_cli.fields import owner_name
from lawgov_cli.i18n import Lang, t


def _describe(plan, workspace, lang: Lang) -> list[str]:  # type: ignore[no-untyped-def]
    lines = [
        t(
            "sync.summary",
            lang,
            added=len(plan.added),
            changed=len(plan.changed),
            dropped=len(plan.dropped),
            noted=len(plan.noted),
            unchanged=plan.unchanged,
        )
    ]
    for dept in plan.departments():
        lines.append(f"{owner_name(workspace, dept)} ({dept}):")
        for task in (t_ for t_ in plan.added if t_.owner == dept):
            lines.append(f"  + {task.id}  {task.title}")
        for update in (u for u in plan.changed if u.task.owner == dept):
            fields = "、".join(t(f"sync.field.{name}", lang) for name in update.fields)
            similar = f" ~{update.similarity:.0%} {t('label.review', lang)}" if update.similarity < 1 else ""
            lines.append(f"  ~ {update.task.id}  {update.task.title}  [{fields}]{similar}")
        for task in (t_ for t_ in plan.dropped if t_.owner == dept):
            lines.append(f"  - {task.id}  {task.title}  [{t('sync.dropped', lang)}]")
        for task in (t_ for t_ in plan.noted if t_.owner == dept):
            lines.append(f"  ! {task.id}  {task.title}  [{t('sync.noted', lang)}]")
    if plan.kept:
        lines.append(t("sync.kept_summary", lang, count=len(plan.kept)))
        for task in plan.kept:
            lines.append(
                f"  = {task.id}  {task.title}  ({owner_name(workspace, task.owner)}) [{t('sync.kept', lang)}]"
            )
    return lines


@command("sync")
def sync(
    ctx: typer.Context,
    report: Annotated[Path, typer.Argument(help="The revised report (UTF-8, UTF-8 with BOM or GB18030).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; write nothing.")] = False,
    by: Annotated[str | None, typer.Option("--by", help="Who runs the sync (for the history).")] = None,
) -> None:
    """Re-import a revised report: match tasks by their source text, keep all recorded progress,
    add new items with fresh ids, mark items no longer in the report as dropped (never deleted).

    A task matched only by similarity is flagged for review (待确认).

    Example: lawgov sync 修订稿.txt --dry-run
    """
    from lawgov_cli.usecases.sync import sync_report

    state = state_of(ctx)
    session = state.session(by)
    lang = state.language()
    outcome = sync_report(session, report, dry_run=dry_run)
    for line in _describe(outcome.plan, outcome.workspace, lang):
        echo(line)
    if dry_run:
        echo(t("sync.dry_run", lang))
    elif outcome.written:
        echo(t("sync.done", lang))
