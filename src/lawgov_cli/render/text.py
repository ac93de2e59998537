"""Sentences every view of progress shares (terminal, HTML, Markdown…), so they read the same everywhere."""

from __future__ import annotations

from datetime import date

from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Progress, TaskState


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
    reported = t("msg.status_reported", lang, n=c.reported) if c.reported else ""
    sentence = t_plural(
        "msg.status_summary",
        progress.due_soon_days,
        lang,
        tasks=c.tasks,
        done=c.done,
        doing=c.doing,
        todo=c.todo,
        dropped=c.dropped,
        overdue=c.overdue,
        due_soon=c.due_soon,
        days=progress.due_soon_days,
        late=t("msg.finished_late_part", lang, n=c.finished_late) if c.finished_late else "",
    )
    return sentence + reported  # "；待审核N项" only when something awaits review


def when_text(lang: Lang, *, days_overdue: int, missed_periods: int = 0, days_left: int | None = None) -> str:
    """ "166天 （6期未销号）" for an overdue task, "10天" / "今天" for one due soon, "" otherwise."""
    if days_overdue > 0:
        text = t_plural("msg.days_overdue", days_overdue, lang, days=days_overdue)
        if missed_periods:
            text += " " + t_plural("msg.missed_periods", missed_periods, lang)
        return text
    if days_left is None:
        return ""
    return t_plural("msg.days_left", days_left, lang, days=days_left) if days_left else t("msg.due_today", lang)


def state_when(state: TaskState, as_of: date, lang: Lang) -> str:
    """:func:`when_text` for a task state on ``as_of``."""
    left = (state.next_due - as_of).days if state.next_due is not None else None
    return when_text(
        lang, days_overdue=state.days_overdue, missed_periods=len(state.missed_periods), days_left=left
    )


def change_text(old: str, new: str, lang: Lang) -> str:
    """``old → new`` of a history entry, statuses in words (``未开始 → 已完成``)."""
    from lawgov_cli.model import STATUSES

    def word(value: str) -> str:
        return t(f"status.{value}", lang) if value in STATUSES else value

    if old and new:
        return f"{word(old)} → {word(new)}"
    return word(new) or (f"{word(old)} →" if old else "")
