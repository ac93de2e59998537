"""Markdown for a wiki or a git host: a department summary, the red and yellow lists, then one task
table per department (most behind first, as ``status`` orders them).

Cell text is escaped by :func:`lawgov_cli.documents.blocks.md_text`, the one Markdown escaper: a
``|`` cannot split a row and ``*``, ``_``, ``[``, ``<`` … cannot turn a title into markup, a tag or
a link; newlines become spaces.
"""

from __future__ import annotations

from collections.abc import Sequence

from lawgov_cli.documents.blocks import md_text as md_escape
from lawgov_cli.export.common import heading, owner_name, summary
from lawgov_cli.fields import COUNT_COLUMNS, View, column_label, md_columns
from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Counts, Progress, TaskState
from lawgov_cli.render.status import text_bar
from lawgov_cli.render.text import state_when


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |"]
    lines.append("|" + "|".join(" ---: " if i in right else " --- " for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(cell for cell in row) + " |" for row in rows]
    return lines


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
    dept_header = [t(f"label.{k}", lang) for k in ("department", *COUNT_COLUMNS, "percent")]

    def counts_row(name: str, counts: Counts) -> list[str]:
        return [name, *(str(getattr(counts, k)) for k in COUNT_COLUMNS), f"{counts.percent_done:.1f}%"]

    rows = [counts_row(md_escape(d.name), d.counts) for d in progress.departments]
    rows.append(counts_row(f"**{md_escape(t('label.totals', lang))}**", c))
    out += _table(dept_header, rows, right=range(1, len(dept_header)))

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
    columns = md_columns()
    task_header = [column_label(row, lang) for row, _ in columns]
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
            view = View(workspace, s, lang, progress.as_of)
            rows.append([md_escape(text(view) or "") for _, text in columns])
        out += _table(task_header, rows)
    return "\n".join(out) + "\n"


__all__ = ["md_escape", "to_markdown"]
