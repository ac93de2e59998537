"""The 台账 workbook (openpyxl, imported only here).

Sheets:

1. summary (汇总) — heading, the count sentence, then one row per department (most behind first)
   with tasks, done, doing, todo, dropped, overdue, due soon and % done, and a totals row.  Plain
   numbers, never formulas, so the file shows the same figures as ``status`` in any viewer.
2. tasks (任务清单) — one row per task, frozen header, autofilter; overdue rows red, due-soon rows
   yellow; dates are real Excel dates (``yyyy-mm-dd``), column widths fit CJK text.
3. metrics (指标) — one row per indicator with baseline, target and actual as numbers.

Every text cell passes :func:`~lawgov_cli.export.common.neutralise`: a title starting with ``=``
``+`` ``-`` ``@`` is stored as text with a leading ``'``, so no cell is ever a formula.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from typing import Any

from lawgov_cli.export.common import (
    COLUMNS,
    DATE_COLUMNS,
    cell_width,
    headers,
    heading,
    neutralise,
    owner_name,
    strip_control,
    summary,
    task_rows,
)
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Counts, Progress

RED_FILL = "FFC7CE"  # Excel's "light red fill"
RED_FONT = "9C0006"
YELLOW_FILL = "FFEB9C"  # Excel's "yellow fill"
YELLOW_FONT = "9C5700"
HEADER_FILL = "DDE4EE"
DATE_FORMAT = "yyyy-mm-dd"

_MAX_WIDTH = {"title": 48, "section": 30, "metrics": 48, "notes": 36, "evidence": 30, "co_owners": 20}
_WRAP = frozenset({"title", "section", "metrics", "notes", "evidence"})


def _text(value: str) -> str:
    return neutralise(strip_control(value))


def _width(values: list[str], cap: int) -> float:
    """Column width in Excel character units: East Asian wide characters count as 2."""
    widest = 0
    for value in values:
        for line in value.splitlines() or [""]:
            widest = max(widest, cell_width(line))
    return float(min(cap, max(6, widest + 2)))


def _clean(value: Any) -> Any:
    """A cell value: text neutralised and cleaned; dates, numbers and None as they are."""
    return _text(value) if isinstance(value, str) else value


class _Cells:
    """Write-only cells, one per (column, look), made once and reused row after row.

    openpyxl's write-only mode streams each row to the file as it is appended, so a cell object
    can take the next row's value as soon as its row is written; its style (font, fill,
    alignment, number format) is registered with the workbook once, not once per cell — the
    cost that made a city's workbook take a minute and a gigabyte in the normal mode.
    """

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.made: dict[tuple[Any, ...], Any] = {}

    def get(self, look: tuple[Any, ...], value: Any, **style: Any) -> Any:
        """A cell of ``look`` (a key naming its style) holding ``value``; ``style`` is applied
        the first time (font, fill, alignment, border, number_format)."""
        from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

        cell = self.made.get(look)
        if cell is None:
            cell = self.made[look] = WriteOnlyCell(self.ws)
            for name, setting in style.items():
                setattr(cell, name, setting)
        cell.value = _clean(value)
        return cell


def _stream_cells(ws: Any) -> None:
    """Let ``ws.append`` take rows of write-only cells directly.

    openpyxl's write-only ``append`` first tries each item as a plain value and, for a cell,
    catches the ValueError (with the cell's repr formatted into its message) before using it —
    more than the writing itself costs.  Rows made only of cells skip that; any other row goes
    the usual way.
    """
    from openpyxl.cell import WriteOnlyCell

    usual = getattr(ws, "_values_to_row", None)
    if usual is None:  # pragma: no cover - another openpyxl: append works, only slower
        return
    cell_type = type(WriteOnlyCell(ws))

    def values_to_row(values: Any, row_idx: int) -> Any:
        if not values or not all(type(value) is cell_type for value in values):
            return usual(values, row_idx)
        return _placed(values, row_idx)

    ws._values_to_row = values_to_row


def _placed(cells: list[Any], row_idx: int) -> Any:
    for col_idx, cell in enumerate(cells, 1):
        cell.column = col_idx
        cell.row = row_idx
        yield cell


def _summary_sheet(ws: Any, workspace: Workspace, progress: Progress, lang: Lang) -> None:
    from openpyxl.formatting.rule import DataBarRule  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    keys = ("tasks", "done", "doing", "todo", "reported", "dropped", "overdue", "due_soon", "finished_late")
    labels = [t("label.department", lang), *(t(f"label.{k}", lang) for k in keys), t("label.percent", lang)]
    first = 4
    # Write-only: sheet properties, panes and column widths go out with the first row.
    names = [d.name for d in progress.departments] + [labels[0], t("label.totals", lang)]
    ws.column_dimensions["A"].width = _width(names, 40)
    for column in range(2, len(labels) + 1):
        ws.column_dimensions[get_column_letter(column)].width = _width([labels[column - 1]], 14)
    ws.freeze_panes = f"A{first + 1}"
    _stream_cells(ws)
    cells = _Cells(ws)
    ws.append([cells.get(("heading",), heading(workspace, progress, lang), font=Font(bold=True, size=14))])
    ws.append([cells.get(("summary",), summary(progress, lang), font=Font(color="555555"))])
    ws.append([])
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append(
        [
            cells.get(("header", column), label, font=Font(bold=True), fill=header_fill, alignment=center)
            for column, label in enumerate(labels)
        ]
    )
    red = {"font": Font(bold=True, color=RED_FONT), "fill": PatternFill("solid", fgColor=RED_FILL)}
    top = Side(style="thin", color="333333")

    def counts_row(name: str, counts: Counts, bold: bool = False) -> list[Any]:
        border = {"border": Border(top=top)} if bold else {}
        row = [cells.get(("name", bold), name, font=Font(bold=bold), **border)]
        for column, key in enumerate(keys, start=2):
            value = getattr(counts, key)
            if key == "overdue" and counts.overdue:
                row.append(cells.get(("red", column, bold), value, **red, **border))
            elif key == "due_soon" and counts.due_soon:
                yellow = {
                    "font": Font(bold=bold, color=YELLOW_FONT),
                    "fill": PatternFill("solid", fgColor=YELLOW_FILL),
                }
                row.append(cells.get(("yellow", column, bold), value, **yellow, **border))
            elif bold:
                row.append(cells.get(("bold", column), value, font=Font(bold=True), **border))
            else:
                row.append(cells.get(("plain", column), value))
        row.append(
            cells.get(
                ("percent", bold),
                counts.percent_done / 100,
                number_format="0.0%",
                font=Font(bold=bold),
                **border,
            )
        )
        return row

    for dept in progress.departments:
        ws.append(counts_row(dept.name, dept.counts))
    ws.append(counts_row(t("label.totals", lang), progress.totals, bold=True))
    last = first + len(progress.departments) + 1
    if progress.departments:
        percent_column = get_column_letter(len(labels))
        ws.conditional_formatting.add(
            f"{percent_column}{first + 1}:{percent_column}{last - 1}",
            DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1, color="63BE7B"),
        )


def _task_sheet(ws: Any, workspace: Workspace, progress: Progress, lang: Lang) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    labels = headers(lang)
    rows = task_rows(workspace, progress, lang)
    # Widths first: a write-only sheet writes its columns before its rows.
    for column, key in enumerate(COLUMNS, start=1):
        cap = _MAX_WIDTH.get(key, 24)
        if key in DATE_COLUMNS:
            width = 12.0
        else:
            texts = [labels[column - 1]]
            texts += [str(value) for row in rows if (value := row.values[key]) is not None]
            width = _width(texts, cap)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "C2"  # header row, and id + owner stay in view when scrolling right
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    _stream_cells(ws)
    cells = _Cells(ws)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_align = Alignment(vertical="center", wrap_text=True)
    ws.append(
        [
            cells.get(
                ("header", column), label, font=Font(bold=True), fill=header_fill, alignment=header_align
            )
            for column, label in enumerate(labels)
        ]
    )
    looks: dict[str, dict[str, Any]] = {
        "red": {"fill": PatternFill("solid", fgColor=RED_FILL), "font": Font(color=RED_FONT)},
        "yellow": {"fill": PatternFill("solid", fgColor=YELLOW_FILL), "font": Font(color=YELLOW_FONT)},
    }
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    aligned = [(key, wrap if key in _WRAP else top) for key in COLUMNS]
    for row in rows:
        light = row.light if row.light in looks else ""
        look = looks.get(light, {})
        out = []
        for column, (key, alignment) in enumerate(aligned):
            value = row.values[key]
            if isinstance(value, date):
                out.append(
                    cells.get(
                        (light, column, "date"), value, alignment=alignment, number_format=DATE_FORMAT, **look
                    )
                )
            else:
                out.append(cells.get((light, column), value, alignment=alignment, **look))
        ws.append(out)


def _metrics_sheet(ws: Any, workspace: Workspace, progress: Progress, lang: Lang) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    keys = ("id", "owner", "title", "name", "unit", "baseline", "target", "actual")
    labels = [t(f"label.{k}", lang) for k in keys]
    rows: list[list[Any]] = []
    for state in progress.tasks:
        task = state.task
        for metric in task.metrics:
            rows.append(
                [
                    task.id,
                    owner_name(workspace, task.owner),
                    task.title,
                    metric.name,
                    metric.unit,
                    metric.baseline,
                    metric.target,
                    metric.actual,
                ]
            )
    for column, label in enumerate(labels):
        texts = [label] + [row[column] for row in rows if isinstance(row[column], str)]
        cap = 40 if keys[column] in ("title", "name") else 16
        ws.column_dimensions[get_column_letter(column + 1)].width = _width(texts, cap)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(len(rows) + 1, 1)}"
    cells = _Cells(ws)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    ws.append(
        [
            cells.get(("header", column), label, font=Font(bold=True), fill=header_fill)
            for column, label in enumerate(labels)
        ]
    )
    for row in rows:
        ws.append([_clean(value) for value in row])


def to_xlsx(workspace: Workspace, progress: Progress, lang: Lang) -> bytes:
    """The workbook as ``.xlsx`` bytes, built in openpyxl's write-only mode (rows streamed).

    Write-only sheets take their properties, panes and column widths before the first row is
    appended; print settings (page setup, print titles, fit to width) and auto-filters are
    written after the rows, so they may be set at any time before the save.
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook(write_only=True)
    stamp = datetime.combine(progress.as_of, time())
    workbook.properties.creator = "lawgov"
    workbook.properties.title = _text(heading(workspace, progress, lang))
    workbook.properties.created = stamp  # as of the data, so the same input gives the same properties
    workbook.properties.modified = stamp
    _summary_sheet(workbook.create_sheet(t("label.sheet_summary", lang)), workspace, progress, lang)
    _task_sheet(workbook.create_sheet(t("label.sheet_tasks", lang)), workspace, progress, lang)
    _metrics_sheet(workbook.create_sheet(t("label.sheet_metrics", lang)), workspace, progress, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = ["DATE_FORMAT", "RED_FILL", "YELLOW_FILL", "to_xlsx"]
