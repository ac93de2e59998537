"""Sentences every view of progress shares (terminal, HTML, Markdown…), so they read the same everywhere."""

from __future__ import annotations

from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Progress


def heading(workspace: Workspace, progress: Progress, lang: Lang) -> str:
    """``南开区…报告 — 2024年度任务清单（截至2024-07-15）``, as ``status`` prints it."""
    title = workspace.settings.title or workspace.settings.region
    return t(
        "msg.status_heading",
        lang,
        title=title,
        year=workspace.settings.plan_year,
        as_of=progress.as_of.isoformat(),
    )


def summary(progress: Progress, lang: Lang) -> str:
    """The one-line count sentence of ``status``."""
    c = progress.totals
    return t(
        "msg.status_summary",
        lang,
        tasks=c.tasks,
        done=c.done,
        doing=c.doing,
        todo=c.todo,
        dropped=c.dropped,
        overdue=c.overdue,
        due_soon=c.due_soon,
        days=progress.due_soon_days,
    )
