"""``lawgov status`` for people: a rich dashboard on a terminal, aligned plain text otherwise.

Both renderings show the same :class:`~lawgov_cli.progress.Progress`: the overall bar, one row
per department (most behind first), then the overdue (红灯) and due-soon (黄灯) tasks.  Long
lists are cut to the most urgent ``limit`` with a count of the rest, so the screen stays
readable when a city workspace has thousands overdue.
"""

from __future__ import annotations

from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Brief, Progress
from lawgov_cli.render.plain import cell_width, plain_table, printable
from lawgov_cli.render.text import heading, summary, when_text

LIST_LIMIT = 15
BAR_WIDTH = 20


def text_bar(percent: float, width: int = BAR_WIDTH) -> str:
    filled = round(width * percent / 100)
    return "█" * filled + "░" * (width - filled)


def _owner(workspace: Workspace, dept_id: str) -> str:
    dept = workspace.departments.get(dept_id)
    return dept.name if dept else dept_id


def _dept_rows(progress: Progress) -> list[list[str]]:
    return [
        [
            d.name,
            str(d.counts.tasks),
            str(d.counts.done),
            str(d.counts.doing),
            str(d.counts.overdue),
            str(d.counts.due_soon),
            f"{d.counts.percent_done:.1f}%",
        ]
        for d in progress.departments
    ]


def _dept_headers(lang: Lang) -> list[str]:
    return [
        t(f"label.{k}", lang)
        for k in ("department", "tasks", "done", "doing", "overdue", "due_soon", "percent")
    ]


def _list_headers(lang: Lang, overdue: bool) -> list[str]:
    last = "label.days_overdue" if overdue else "label.days_left"
    return [
        t("label.id", lang),
        t("label.owner", lang),
        t("label.due", lang),
        t(last, lang),
        t("label.title", lang),
    ]


def _rows_for(workspace: Workspace, briefs: list[Brief], lang: Lang, overdue: bool) -> list[list[str]]:
    rows = []
    for b in briefs:
        when = when_text(
            lang,
            days_overdue=b.days_overdue,
            missed_periods=len(b.missed_periods),
            days_left=None if overdue else b.days_left,
        )
        rows.append([b.id, _owner(workspace, b.owner), b.due.isoformat(), when, printable(b.title)])
    return rows


def _pending_headers(lang: Lang) -> list[str]:
    return [
        t(k, lang)
        for k in (
            "label.id",
            "label.owner",
            "label.pending_kind",
            "label.since",
            "label.by",
            "label.request",
            "label.title",
        )
    ]


def _pending_rows(
    workspace: Workspace, progress: Progress, lang: Lang, limit: int
) -> tuple[list[list[str]], int]:
    """Rows of what awaits the office (oldest first, at most ``limit``) and how many there are."""
    items = progress.pending()
    rows = []
    for item in items[:limit]:
        request = ""
        if item.kind == "extension" and item.to is not None:
            request = f"{item.due.isoformat()} → {item.to.isoformat()}"
            if item.late:
                request += f" ({t('msg.late_mark', lang)})"
        rows.append(
            [
                item.id,
                _owner(workspace, item.owner),
                t(f"pending.{item.kind}", lang),
                item.since.isoformat(),
                printable(item.by),
                request,
                printable(item.title),
            ]
        )
    return rows, len(items)


def render_plain(workspace: Workspace, progress: Progress, lang: Lang, limit: int = LIST_LIMIT) -> str:
    """Colourless text for pipes, cron mail and NO_COLOR."""
    c = progress.totals
    out = [
        heading(workspace, progress, lang),
        f"{t('label.progress', lang)}: {text_bar(c.percent_done)} {c.percent_done:.1f}%  {summary(progress, lang)}",
        "",
        plain_table(_dept_headers(lang), _dept_rows(progress), last_free=True),
    ]
    for overdue, states, label in (
        (True, progress.briefs(overdue=True, limit=limit), "label.overdue_tasks"),
        (False, progress.briefs(overdue=False, limit=limit), "label.due_soon_tasks"),
    ):
        if not states:
            continue
        total = progress.totals.overdue if overdue else progress.totals.due_soon
        out += ["", f"{t(label, lang, days=progress.due_soon_days)} ({total})"]
        out.append(plain_table(_list_headers(lang, overdue), _rows_for(workspace, states, lang, overdue)))
        if total > limit:
            out.append(t("msg.more", lang, n=total - limit))
    rows, total = _pending_rows(workspace, progress, lang, limit)
    if rows:
        out += ["", f"{t('label.pending', lang)} ({total})", plain_table(_pending_headers(lang), rows)]
        if total > limit:
            out.append(t("msg.more", lang, n=total - limit))
    if not progress.totals.overdue and not progress.totals.due_soon:
        out += ["", t("msg.all_clear", lang)]
    return "\n".join(out)


def render_rich(workspace: Workspace, progress: Progress, lang: Lang, limit: int = LIST_LIMIT) -> None:
    """The terminal dashboard: coloured bars, 红/黄 lists."""
    from rich.console import Group
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    from lawgov_cli.cli.output import console

    c = progress.totals
    con = console()
    con.print(Text(heading(workspace, progress, lang), style="bold"))
    overall = Table.grid(padding=(0, 1))
    overall.add_row(
        Text(t("label.progress", lang)),
        ProgressBar(
            total=100, completed=c.percent_done, width=40, complete_style="green", finished_style="green"
        ),
        Text(f"{c.percent_done:.1f}%", style="bold"),
    )
    con.print(overall)
    summary_line = Text(summary(progress, lang))
    con.print(summary_line, style="dim")

    table = Table(*_dept_headers(lang), t("label.bar", lang), header_style="bold", title_justify="left")
    for column in table.columns[1:7]:
        column.justify = "right"
    for dept, row in zip(progress.departments, _dept_rows(progress), strict=True):
        counts = dept.counts
        style = "red" if counts.overdue else "yellow" if counts.due_soon else "green"
        cells: list[object] = [Text(cell) for cell in row]
        cells[4] = Text(row[4], style="bold red" if counts.overdue else "dim")
        cells[5] = Text(row[5], style="yellow" if counts.due_soon else "dim")
        cells[0] = Text(row[0], style=style)
        cells.append(
            ProgressBar(
                total=100,
                completed=counts.percent_done,
                width=BAR_WIDTH,
                complete_style=style,
                finished_style="green",
            )
        )
        table.add_row(*cells)  # type: ignore[arg-type]
    con.print(table)

    for overdue, states, label, style in (
        (True, progress.briefs(overdue=True, limit=limit), "label.overdue_tasks", "red"),
        (False, progress.briefs(overdue=False, limit=limit), "label.due_soon_tasks", "yellow"),
    ):
        if not states:
            continue
        total = progress.totals.overdue if overdue else progress.totals.due_soon
        listing = Table(
            *_list_headers(lang, overdue),
            header_style=f"bold {style}",
            border_style=style,
            title=Text(f"{t(label, lang, days=progress.due_soon_days)} ({total})", style=f"bold {style}"),
            title_justify="left",
        )
        for row in _rows_for(workspace, states, lang, overdue):
            listing.add_row(*row, style=style)
        parts: list[object] = [listing]
        if total > limit:
            parts.append(Text(t("msg.more", lang, n=total - limit), style="dim"))
        con.print(Group(*parts))  # type: ignore[arg-type]
    rows, total = _pending_rows(workspace, progress, lang, limit)
    if rows:
        pending = Table(
            *_pending_headers(lang),
            header_style="bold cyan",
            border_style="cyan",
            title=Text(f"{t('label.pending', lang)} ({total})", style="bold cyan"),
            title_justify="left",
        )
        for row in rows:
            pending.add_row(*row)
        con.print(pending)
        if total > limit:
            con.print(Text(t("msg.more", lang, n=total - limit), style="dim"))
    if not progress.totals.overdue and not progress.totals.due_soon:
        con.print(Text(t("msg.all_clear", lang), style="green"))


CHECK_LIMIT = 50


def check_lines(
    workspace: Workspace, progress: Progress, lang: Lang, *, include_due_soon: bool, limit: int = CHECK_LIMIT
) -> list[str]:
    """``lawgov check``: one plain line per task needing attention (the most urgent ``limit`` of
    each kind, then a count of the rest), built from the index so it stays fast at any size."""
    lines = []
    kinds = [(True, "msg.check_overdue", progress.totals.overdue)]
    if include_due_soon:
        kinds.append((False, "msg.check_due_soon", progress.totals.due_soon))
    for overdue, key, total in kinds:
        for brief in progress.briefs(overdue=overdue, limit=limit):
            lines.append(
                t(
                    key,
                    lang,
                    id=brief.id,
                    owner=_owner(workspace, brief.owner),
                    due=brief.due.isoformat(),
                    days=brief.days_overdue if overdue else brief.days_left,
                    title=printable(brief.title),
                )
            )
        if total > limit:
            lines.append(t("msg.more", lang, n=total - limit))
    return lines


__all__ = ["cell_width", "check_lines", "render_plain", "render_rich", "text_bar"]
