"""Markdown for a wiki or a git host: a department summary, the red and yellow lists, then one task
table per department (most behind first, as ``status`` orders them).

Cell text is escaped so that a ``|`` cannot split a row and ``*``, ``_``, ``[``, ``<`` … cannot turn
a title into markup or a link; newlines become spaces.
"""

from __future__ import annotations

from collections.abc import Sequence

from lawgov_cli.export.common import heading, metrics_text, owner_name, periods_text, summary
from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Counts, Progress, TaskState
from lawgov_cli.render.status import text_bar
from lawgov_cli.render.text import state_when

_SPECIAL = set("\\|`*_[]<>~")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell.

    >>> md_escape("a|b <i>*c*</i>")
    'a\\\\|b \\\\<i\\\\>\\\\*c\\\\*\\\\</i\\\\>'
    """
    flat = " ".join(text.split())
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in flat)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |"]
    lines.append("|" + "|".join(" ---: " if i in right else " --- " for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(cell for cell in row) + " |" for row in rows]
    return lines


_LIGHT_MARK = {"red": "🔴", "yellow": "🟡", "green": "🟢"}


def to_markdown(workspace: Workspace, progress: Progress, lang: Lang) -> str:
    """The whole export as one Markdown document."""
    c = progress.totals
    out = [
        f"# {md_escape(heading(workspace, progress, lang))}",
        "",
        f"**{md_escape(t('label.progress', lang))}** `{text_bar(c.percent_done)}` "
        f"**{c.percent_done:.1f}%** — {md_escape(summary(progress, lang))}",
        "",
        f"## {md_escape(t('label.by_department', lang))}",
        "",
    ]
    dept_header = [
        t(f"label.{k}", lang)
        for k in (
            "department",
            "tasks",
            "done",
            "doing",
            "todo",
            "reported",
            "dropped",
            "overdue",
            "due_soon",
            "finished_late",
            "percent",
        )
    ]

    def counts_row(name: str, counts: Counts) -> list[str]:
        keys = (
            "tasks",
            "done",
            "doing",
            "todo",
            "reported",
            "dropped",
            "overdue",
            "due_soon",
            "finished_late",
        )
        return [name, *(str(getattr(counts, k)) for k in keys), f"{counts.percent_done:.1f}%"]

    rows = [counts_row(md_escape(d.name), d.counts) for d in progress.departments]
    rows.append(counts_row(f"**{md_escape(t('label.totals', lang))}**", c))
    out += _table(dept_header, rows, right=range(1, 11))

    for states, label in (
        (progress.overdue, t("label.overdue_tasks", lang)),
        (progress.due_soon, t_plural("label.due_soon_tasks", progress.due_soon_days, lang, days=progress.due_soon_days)),
    ):
        out += ["", f"## {md_escape(label)} ({len(states)})", ""]
        if not states:
            out.append(md_escape(t("msg.none", lang)))
            continue
        header = [t(f"label.{k}", lang) for k in ("id", "owner", "due", "timing", "title")]
        out += _table(
            header,
            [
                [
                    md_escape(s.task.id),
                    md_escape(owner_name(workspace, s.task.owner)),
                    (s.next_due or s.task.due).isoformat(),
                    md_escape(state_when(s, progress.as_of, lang)),
                    md_escape(s.task.title),
                ]
                for s in states
            ],
        )

    by_owner: dict[str, list[TaskState]] = {}
    for state in progress.tasks:
        by_owner.setdefault(state.task.owner, []).append(state)
    task_header = [
        t(f"label.{k}", lang)
        for k in ("light", "id", "title", "kind", "due", "status", "timing", "metrics", "notes")
    ]
    for dept in progress.departments:
        counts = dept.counts
        out += [
            "",
            f"## {md_escape(dept.name)} — {counts.done}/{counts.tasks - counts.dropped} "
            f"({counts.percent_done:.1f}%)",
            "",
        ]
        rows = []
        for s in by_owner.get(dept.id, []):
            task = s.task
            status = t(f"status.{task.status}", lang)
            if task.done_on:
                status += f" {task.done_on.isoformat()}"
            ticked = periods_text(s, lang)
            if ticked:
                status += f" ({ticked})"
            rows.append(
                [
                    f"{_LIGHT_MARK[s.light]} {md_escape(t(f'light.{s.light}', lang))}",
                    md_escape(task.id),
                    md_escape(task.title),
                    md_escape(t(f"kind.{task.kind}", lang)),
                    (s.next_due or task.due).isoformat(),
                    md_escape(status),
                    md_escape(state_when(s, progress.as_of, lang)) if s.light != "green" else "",
                    md_escape(metrics_text(task.metrics)),
                    md_escape("; ".join(task.notes)),
                ]
            )
        out += _table(task_header, rows)
    return "\n".join(out) + "\n"


__all__ = ["md_escape", "to_markdown"]
