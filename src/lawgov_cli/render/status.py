"""``lawgov status`` for people: a coloured dashboard on a terminal, aligned plain text otherwise.

Both renderings show the same :class:`~lawgov_cli.progress.Progress`: the overall bar, one row
per department (most behind first), then the overdue (红灯) and due-soon (黄灯) tasks.  Long
lists are cut to the most urgent ``limit`` with a count of the rest, so the screen stays
readable when a city workspace has thousands overdue.
"""

from __future__ import annotations

from lawgov_cli.fields import owner_name
from lawgov_cli.i18n import Lang, t, t_plural
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Brief, Progress
from lawgov_cli.render.plain import cell_width, plain_table, printable
from lawgov_cli.render.styled import Cell, Line, styled_table, wrap_cells
from lawgov_cli.render.text import heading, summary, when_text

LIST_LIMIT = 15
BAR_WIDTH = 20


def text_bar(percent: float, width: int = BAR_WIDTH) -> str:
    filled = round(width * percent / 100)
    return "█" * filled + "░" * (width - filled)


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
        rows.append([b.id, owner_name(workspace, b.owner), b.due.isoformat(), when, printable(b.title)])
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
                owner_name(workspace, item.owner),
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
        out += ["", f"{t_plural(label, progress.due_soon_days, lang, days=progress.due_soon_days)} ({total})"]
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


DEPT_LIMIT = 15
"""Departments shown on a terminal (most behind first); the rest are summed on one row."""
TERM_BAR_WIDTH = 10


def _bar(percent: float, style: str, width: int = TERM_BAR_WIDTH) -> list[Cell]:
    filled = round(width * percent / 100)
    return [("█" * filled, style), ("░" * (width - filled), "dim")]


def _text(text: str, style: str, width: int) -> list[Line]:
    """Free text in one style, wrapped to ``width``."""
    return [[(line, style)] for line in wrap_cells(text, width)]


def terminal_lines(
    workspace: Workspace,
    progress: Progress,
    lang: Lang,
    width: int,
    limit: int = LIST_LIMIT,
    *,
    show_all: bool = False,
) -> list[Line]:
    """The terminal dashboard as styled lines fitted to ``width`` columns (80 on most screens):
    the overall bar, the ``DEPT_LIMIT`` departments most behind (the others summed on one row;
    ``show_all``: every department), then the 红/黄 lists with titles cut to the width."""
    from lawgov_cli.progress import Counts

    c = progress.totals
    out: list[Line] = _text(heading(workspace, progress, lang), "bold", width)
    line: Line = [(f"{t('label.progress', lang)} ", "")]
    line += _bar(c.percent_done, "green", BAR_WIDTH * 2)
    line.append((f" {c.percent_done:.1f}%", "bold"))
    out.append(line)
    out += _text(summary(progress, lang), "dim", width)
    out.append([])

    def dept_row(name: str, counts: Counts, style: str, dim: bool = False) -> list[Cell | list[Cell]]:
        plain = "dim" if dim else ""
        return [
            (printable(name), style),
            (str(counts.tasks), plain),
            (str(counts.done), plain),
            (str(counts.doing), plain),
            (str(counts.overdue), plain or ("bold red" if counts.overdue else "dim")),
            (str(counts.due_soon), plain or ("yellow" if counts.due_soon else "dim")),
            (f"{counts.percent_done:.1f}%", plain),
            _bar(counts.percent_done, style),
        ]

    departments = progress.departments
    shown = departments if show_all or len(departments) <= DEPT_LIMIT + 1 else departments[:DEPT_LIMIT]
    rows = []
    for dept in shown:
        counts = dept.counts
        style = "red" if counts.overdue else "yellow" if counts.due_soon else "green"
        rows.append(dept_row(dept.name, counts, style))
    rest = departments[len(shown) :]
    if rest:
        summed = Counts()
        for dept in rest:
            summed.merge(dept.counts)
        rows.append(dept_row(t_plural("status.rest_departments", len(rest), lang), summed, "dim", dim=True))
    headers = [*_dept_headers(lang), t("label.bar", lang)]
    table = styled_table(headers, rows, width=width, right=frozenset(range(1, 7)), shrink=(0,))
    if max(cell_width("".join(part for part, _ in line)) for line in table) > width:
        # A narrow screen: the bars go (the percentages say the same) before anything wraps.
        table = styled_table(
            headers[:-1], [row[:-1] for row in rows], width=width, right=frozenset(range(1, 7)), shrink=(0,)
        )
    out += table
    if rest:
        out += _text(t("status.all_hint", lang, shown=len(shown), total=len(departments)), "dim", width)

    for overdue, states, label, style in (
        (True, progress.briefs(overdue=True, limit=limit), "label.overdue_tasks", "red"),
        (False, progress.briefs(overdue=False, limit=limit), "label.due_soon_tasks", "yellow"),
    ):
        if not states:
            continue
        total = progress.totals.overdue if overdue else progress.totals.due_soon
        out.append([])
        title = f"{t_plural(label, progress.due_soon_days, lang, days=progress.due_soon_days)} ({total})"
        out += _text(title, f"bold {style}", width)
        listing: list[list[Cell | list[Cell]]] = [
            [(cell, style) for cell in row] for row in _rows_for(workspace, states, lang, overdue)
        ]
        out += styled_table(
            _list_headers(lang, overdue), listing, width=width, shrink=(4, 1, 3), header_style=f"bold {style}"
        )
        if total > limit:
            out += _text(t("msg.more", lang, n=total - limit), "dim", width)
    rows_pending, total = _pending_rows(workspace, progress, lang, limit)
    if rows_pending:
        out.append([])
        out += _text(f"{t('label.pending', lang)} ({total})", "bold cyan", width)
        cells: list[list[Cell | list[Cell]]] = [[(cell, "") for cell in row] for row in rows_pending]
        out += styled_table(
            _pending_headers(lang), cells, width=width, shrink=(6, 1, 5), header_style="bold cyan"
        )
        if total > limit:
            out += _text(t("msg.more", lang, n=total - limit), "dim", width)
    if not progress.totals.overdue and not progress.totals.due_soon:
        out.append([])
        out += _text(t("msg.all_clear", lang), "green", width)
    return out


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
            days = brief.days_overdue if overdue else brief.days_left
            lines.append(
                t_plural(
                    key,
                    days,
                    lang,
                    id=brief.id,
                    owner=owner_name(workspace, brief.owner),
                    due=brief.due.isoformat(),
                    days=days,
                    title=printable(brief.title),
                )
            )
        if total > limit:
            lines.append(t("msg.more", lang, n=total - limit))
    return lines


__all__ = ["cell_width", "check_lines", "render_plain", "terminal_lines", "text_bar"]
