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
import itertools
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from lawgov_cli.export.common import (
    COLUMNS,
    DATE_COLUMNS,
    cell_width,
    headers,
    heading,
    neutralise,
    strip_control,
    summary,
)
from lawgov_cli.export.xlsx_rows import Serials, SheetRows, any_cells, row_template, rows_xml, spliced
from lawgov_cli.fields import COUNT_COLUMNS
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Counts, Progress

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

RED_FILL = "FFC7CE"  # Excel's "light red fill"
RED_FONT = "9C0006"
YELLOW_FILL = "FFEB9C"  # Excel's "yellow fill"
YELLOW_FONT = "9C5700"
HEADER_FILL = "DDE4EE"
DATE_FORMAT = "yyyy-mm-dd"
FONT_NAME = "等线"
"""Every cell names its face (the default of Chinese Excel and WPS since 2016), so coloured rows
never fall back to a different face; 11 pt as Excel's default."""
FONT_SIZE = 11


def _font(**style: Any) -> Any:
    """A named font: ``_font(bold=True, color=RED_FONT)`` (one object per style: a workbook's
    cells share it, as openpyxl keeps each distinct font once anyway)."""
    key = tuple(sorted(style.items()))
    font = _FONTS.get(key)
    if font is None:
        from openpyxl.styles import Font  # type: ignore[import-untyped]

        style.setdefault("size", FONT_SIZE)
        font = _FONTS[key] = Font(name=FONT_NAME, **style)
    return font


_FONTS: dict[tuple[Any, ...], Any] = {}


def _print_setup(ws: Worksheet, title_rows: str, *, one_page: bool = False) -> None:
    """A4 landscape, one page wide (and one page tall for ``one_page``), ``title_rows`` repeated
    at the top of every printed page, centred horizontally."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "&P / &N"


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


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Set a cell: text neutralised and cleaned, dates as dates with ``yyyy-mm-dd``."""
    cell = ws.cell(row=row, column=column)
    cell.font = _font()
    if isinstance(value, str):
        cell.value = _text(value)
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
    return cell


def _summary_sheet(ws: Worksheet, workspace: Workspace, progress: Progress, lang: Lang) -> None:
    from openpyxl.formatting.rule import DataBarRule  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    ws.title = t("label.sheet_summary", lang)
    _put(ws, 1, 1, heading(workspace, progress, lang)).font = _font(bold=True, size=14)
    _put(ws, 2, 1, summary(progress, lang)).font = _font(color="555555")
    keys = COUNT_COLUMNS
    labels = [t("label.department", lang), *(t(f"label.{k}", lang) for k in keys), t("label.percent", lang)]
    first = 4
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    red_fill = PatternFill("solid", fgColor=RED_FILL)
    yellow_fill = PatternFill("solid", fgColor=YELLOW_FILL)
    for column, label in enumerate(labels, start=1):
        cell = _put(ws, first, column, label)
        cell.font = _font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def write_counts(row: int, name: str, counts: Counts, bold: bool = False) -> None:
        _put(ws, row, 1, name).font = _font(bold=bold)
        for column, key in enumerate(keys, start=2):
            cell = _put(ws, row, column, getattr(counts, key))
            if key == "overdue" and counts.overdue:
                cell.font = _font(bold=True, color=RED_FONT)
                cell.fill = red_fill
            elif key == "due_soon" and counts.due_soon:
                cell.font = _font(bold=bold, color=YELLOW_FONT)
                cell.fill = yellow_fill
            elif bold:
                cell.font = _font(bold=True)
        percent = _put(ws, row, len(keys) + 2, counts.percent_done / 100)
        percent.number_format = "0.0%"
        percent.font = _font(bold=bold)

    row = first
    for dept in progress.departments:
        row += 1
        write_counts(row, dept.name, dept.counts)
    row += 1
    write_counts(row, t("label.totals", lang), progress.totals, bold=True)
    top = Side(style="thin", color="333333")
    for column in range(1, len(labels) + 1):
        ws.cell(row=row, column=column).border = Border(top=top)
    if progress.departments:
        percent_column = ws.cell(row=first, column=len(labels)).column_letter
        ws.conditional_formatting.add(
            f"{percent_column}{first + 1}:{percent_column}{row - 1}",
            DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1, color="63BE7B"),
        )
    names = [d.name for d in progress.departments] + [labels[0], t("label.totals", lang)]
    ws.column_dimensions["A"].width = _width(names, 40)
    for column in range(2, len(labels) + 1):
        letter = ws.cell(row=first, column=column).column_letter
        ws.column_dimensions[letter].width = _width([labels[column - 1]], 14)
    ws.freeze_panes = ws.cell(row=first + 1, column=1)
    # The heading and the count sentence wrap within the table's width, so the printed page is
    # the table's width and nothing is cut off at its right edge.
    for line, height in ((1, 24), (2, 48)):
        ws.merge_cells(start_row=line, end_row=line, start_column=1, end_column=len(labels))
        ws.cell(row=line, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[line].height = height
    _print_setup(ws, f"{first}:{first}", one_page=True)


def _style_id(ws: Worksheet, **style: Any) -> int:
    """The workbook's index of a cell style (font, fill, alignment, number format): set on a
    scratch cell, registered, and the cell removed again."""
    cell = ws.cell(row=ws.max_row + 1, column=1)
    for name, value in style.items():
        setattr(cell, name, value)
    index = int(cell.style_id)
    del ws._cells[(cell.row, cell.column)]
    return index


def _task_sheet(ws: Worksheet, workspace: Workspace, progress: Progress, lang: Lang) -> tuple[SheetRows, SheetRows]:
    """The task sheet's header, widths and print settings (its rows in the returned file), and the
    rows of the metrics sheet gathered on the way."""
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    from lawgov_cli.export.cells import DATES, ColumnMaker
    from lawgov_cli.fields import export_columns
    from lawgov_cli.walk import runs_in_id_order, task_files

    ws.title = t("label.sheet_tasks", lang)
    labels = headers(lang)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for column, label in enumerate(labels, start=1):
        cell = _put(ws, 1, column, label)
        cell.font = _font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    looks = {
        "": {},
        "red": {"fill": PatternFill("solid", fgColor=RED_FILL), "font": _font(color=RED_FONT)},
        "yellow": {"fill": PatternFill("solid", fgColor=YELLOW_FILL), "font": _font(color=YELLOW_FONT)},
    }
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    # The style of every (column, look, date or not) cell, as _put and the loop below set them.
    styles: dict[tuple[int, str, bool], int] = {}
    for column, key in enumerate(COLUMNS):
        for light, look in looks.items():
            for dated in (False, True) if key in DATE_COLUMNS else (False,):
                style: dict[str, Any] = {"font": _font(), "alignment": wrap if key in _WRAP else top}
                if dated:
                    style["number_format"] = DATE_FORMAT
                style.update(look)
                styles[column, light, dated] = _style_id(ws, **style)
    caps = {key: 12.0 if key in DATE_COLUMNS else float(_MAX_WIDTH.get(key, 24)) for key in COLUMNS}
    rows = SheetRows(COLUMNS, caps)
    for column, label in enumerate(labels):
        rows.measure(column, label)
    metric_keys = ("id", "owner", "title", "name", "unit", "baseline", "target", "actual")
    metric_labels = [t(f"label.{k}", lang) for k in metric_keys]
    metrics = SheetRows(metric_keys, {k: 40.0 if k in ("title", "name") else 16.0 for k in metric_keys})
    for column, label in enumerate(metric_labels):
        metrics.measure(column, label)
    metric_style = _style_id(ws, font=_font())
    # Per column: whether its width is measured (and the values already measured), and the
    # cell's attributes after the row number for each look (and for a date value).
    tails = [
        {
            (light, dated): f'" s="{styles[column, light, dated]}"'
            for light in looks
            for dated in ((False, True) if key in DATE_COLUMNS else (False,))
        }
        for column, key in enumerate(COLUMNS)
    ]
    measured = [(column, set[Any]()) for column, key in enumerate(COLUMNS) if key not in DATE_COLUMNS]
    metric_seen = [set[Any]() for _ in metric_keys]
    metric_tails = [{("", False): f'" s="{metric_style}"', ("", True): f'" s="{metric_style}"'}] * len(metric_keys)
    templates = _Templates(rows.letters, tails)
    metric_templates = _Templates(metrics.letters, metric_tails)
    serials = Serials()
    make = ColumnMaker(workspace, progress, lang)
    names = [f.name for f in export_columns()]
    shards = task_files(progress)
    remaining = [len(shard) for shard in shards]
    files: dict[int, tuple[list[str], list[Sequence[str]], list[Any]]] = {}
    for s, start, stop in runs_in_id_order(shards):
        prepared = files.get(s)
        if prepared is None:
            columns, lights, summaries, details = make.file_columns(shards[s])
            for column, seen in measured:
                rows.measure_all(column, columns[column], seen)
            cells = [
                any_cells(values, serials if name in DATES else None) for name, values in zip(names, columns, strict=True)
            ]
            shapes = zip(map(_LOOK.__getitem__, lights), *(kinds for kinds, _ in cells), strict=True)
            metric_rows = [
                [(row[0], make.names[row[3]], row[1], *metric[:5]) for metric in detail[4]]
                for row, detail in zip(summaries, details, strict=True)
            ]
            prepared = files[s] = (list(map(templates.__getitem__, shapes)), [texts for _, texts in cells], metric_rows)
        row_templates, texts, metric_rows = prepared
        whole = start == 0 and stop == len(row_templates)
        rows.add_rows(
            rows_xml(
                rows.count + 2,
                row_templates if whole else row_templates[start:stop],
                texts if whole else [column[start:stop] for column in texts],
            ),
            stop - start,
        )
        chosen = [metric for task in metric_rows[start:stop] for metric in task]
        if chosen:
            metric_columns = list(zip(*chosen, strict=True))
            for column, values in enumerate(metric_columns[:5]):
                metrics.measure_all(column, values, metric_seen[column])
            metric_cells = [any_cells(values) for values in metric_columns]
            metric_shapes = zip(itertools.repeat(""), *(kinds for kinds, _ in metric_cells), strict=False)
            metrics.add_rows(
                rows_xml(
                    metrics.count + 2,
                    list(map(metric_templates.__getitem__, metric_shapes)),
                    [column_texts for _, column_texts in metric_cells],
                ),
                len(chosen),
            )
        remaining[s] -= stop - start
        if not remaining[s]:
            del files[s]
    rows.flush()
    metrics.flush()
    last = get_column_letter(len(COLUMNS))
    ws.auto_filter.ref = f"A1:{last}{rows.count + 1}"
    ws.freeze_panes = "C2"  # header row, and id + owner stay in view when scrolling right
    _print_setup(ws, "1:1")
    for column, key in enumerate(COLUMNS):
        width = 12.0 if key in DATE_COLUMNS else rows.width(column)
        ws.column_dimensions[get_column_letter(column + 1)].width = width
    return rows, metrics


_LOOK = {"red": "red", "yellow": "yellow", "green": ""}
"""A task's light -> the look of its row ("": plain)."""


class _Templates(dict[tuple[Any, ...], str]):
    """Row shape (look, then each cell's kind) -> its :func:`row_template`, each made once."""

    def __init__(self, letters: list[str], tails: list[dict[tuple[str, bool], str]]) -> None:
        super().__init__()
        self.letters, self.tails = letters, tails

    def __missing__(self, shape: tuple[Any, ...]) -> str:
        template = self[shape] = row_template(shape, self.letters, self.tails)
        return template


def _metrics_sheet(ws: Worksheet, metrics: SheetRows, lang: Lang) -> None:
    """The metrics sheet's header, widths and print settings (its rows gathered by _task_sheet)."""
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    ws.title = t("label.sheet_metrics", lang)
    keys = ("id", "owner", "title", "name", "unit", "baseline", "target", "actual")
    labels = [t(f"label.{k}", lang) for k in keys]
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for column, label in enumerate(labels, start=1):
        cell = _put(ws, 1, column, label)
        cell.font = _font(bold=True)
        cell.fill = header_fill
    ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{metrics.count + 1}"
    ws.freeze_panes = "A2"
    _print_setup(ws, "1:1")
    for column in range(len(keys)):
        ws.column_dimensions[get_column_letter(column + 1)].width = metrics.width(column)


def to_xlsx(workspace: Workspace, progress: Progress, lang: Lang) -> bytes:
    """The workbook as ``.xlsx`` bytes.

    openpyxl writes the workbook with the task and metrics sheets holding their header rows
    only (their styles, widths, filters and print settings all set); their data rows, streamed
    to temporary files as openpyxl would have written them, are then put into those sheets'
    ``<sheetData>`` while the package is copied entry by entry."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    stamp = datetime.combine(progress.as_of, time())
    workbook.properties.creator = "lawgov"
    workbook.properties.title = _text(heading(workspace, progress, lang))
    workbook.properties.created = stamp  # as of the data, so the same input gives the same properties
    workbook.properties.modified = stamp
    _summary_sheet(workbook.active, workspace, progress, lang)
    task_ws = workbook.create_sheet()
    metrics_ws = workbook.create_sheet()
    rows, metrics = _task_sheet(task_ws, workspace, progress, lang)
    try:
        _metrics_sheet(metrics_ws, metrics, lang)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return spliced(buffer.getvalue(), {2: rows, 3: metrics})
    finally:
        rows.file.close()
        metrics.file.close()


__all__ = ["DATE_FORMAT", "RED_FILL", "YELLOW_FILL", "to_xlsx"]
