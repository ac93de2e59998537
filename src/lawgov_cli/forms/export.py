"""Write the fill-in form (填报表) of one department as XLSX bytes (openpyxl, imported here only).

Sheet 任务: 编号, 任务, 完成时限 (locked) and 完成状态 (a drop-down of the Chinese status
labels), 完成日期 (a real date cell), 进展情况, 佐证材料 (unlocked).  Sheet 指标: 编号, 指标,
单位, 基数, 目标 (locked) and 实际值 (unlocked).  Locking is Excel's sheet protection without a
password: it stops slips, not intent — the import compares every locked cell with the snapshot in
the hidden sheet and refuses a form where one changed.  Every text cell passes ``neutralise``.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from lawgov_cli.export.common import cell_width, neutralise, number_text, strip_control
from lawgov_cli.forms import (
    CHOOSABLE,
    FORM_SCHEMA,
    META_SHEET,
    METRIC_HEADER,
    METRIC_SHEET,
    STATUS_LABELS,
    TASK_HEADER,
    TASK_SHEET,
    workspace_id,
)
from lawgov_cli.model import Task, Workspace

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = "DDE4EE"
INPUT_FILL = "FFF9E5"  # the cells to fill in: a pale yellow, as paper forms shade them


def text(value: str) -> str:
    """A text cell as the form stores it: control characters dropped, formulas neutralised."""
    return neutralise(strip_control(value))


def number_cell(value: float | None) -> str:
    """A snapshot of a number (text, so no viewer turns 3.6 into 3.5999999)."""
    return "" if value is None else number_text(value)


def latest_note(task: Task) -> str:
    return task.notes[-1] if task.notes else ""


def shown_status(task: Task) -> str:
    return STATUS_LABELS[task.status]


def shown_done_on(task: Task) -> date | None:
    return task.done_on if task.status == "done" else None


def _width(values: list[str], low: int, cap: int) -> float:
    widest = max((cell_width(line) for v in values for line in (v.splitlines() or [""])), default=0)
    return float(min(cap, max(low, widest + 2)))


def _header(ws: Worksheet, labels: tuple[str, ...]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for column, label in enumerate(labels, start=1):
        cell = ws.cell(row=1, column=column, value=label)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")


def _protect(ws: Worksheet) -> None:
    # No password: a department that really needs to can still unprotect, and the import then
    # names the locked cell that changed.  Sorting and filtering stay allowed.
    ws.protection.sheet = True
    ws.protection.sort = False
    ws.protection.autoFilter = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _task_sheet(ws: Worksheet, tasks: list[Task], meta: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    ws.title = TASK_SHEET
    _header(ws, TASK_HEADER)
    unlocked = Protection(locked=False)
    input_fill = PatternFill("solid", fgColor=INPUT_FILL)
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    labels = ",".join(STATUS_LABELS[s] for s in CHOOSABLE)
    status_list = DataValidation(
        type="list",
        formula1=f'"{labels}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成状态",
        error=f"请从下拉列表中选择：{labels.replace(',', '、')}",
    )
    date_rule = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成日期",
        error="请填写日期，例如 2024-05-31",
    )
    ws.add_data_validation(status_list)
    ws.add_data_validation(date_rule)
    for row, task in enumerate(tasks, start=2):
        note, evidence = text(latest_note(task)), text("\n".join(task.evidence))
        values: list[Any] = [text(task.id), text(task.title), task.due, shown_status(task)]
        values += [shown_done_on(task), note, evidence]
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column, value=value)
            cell.alignment = wrap if column in (2, 6, 7) else top
            if column in (3, 5):
                cell.number_format = DATE_FORMAT
            if column >= 4:
                cell.protection = unlocked
                cell.fill = input_fill
        done_on = shown_done_on(task)
        meta.append(
            [
                "task",
                text(task.id),
                text(task.title),
                task.due.isoformat(),
                task.status,
                done_on.isoformat() if done_on else "",
                note,
                evidence,
                ",".join(sorted(task.periods)),
            ]
        )
    last = len(tasks) + 1
    if tasks:
        status_list.add(f"D2:D{last}")
        date_rule.add(f"E2:E{last}")
    ws.freeze_panes = "C2"
    widths = {
        "A": _width([t.id for t in tasks] + ["编号"], 8, 12),
        "B": _width([t.title for t in tasks], 20, 50),
        "C": 12.0,
        "D": 12.0,
        "E": 12.0,
        "F": 40.0,
        "G": 30.0,
    }
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    _protect(ws)


def _metric_sheet(ws: Worksheet, tasks: list[Task], meta: list[list[Any]]) -> None:
    from openpyxl.styles import PatternFill, Protection

    ws.title = METRIC_SHEET
    _header(ws, METRIC_HEADER)
    unlocked = Protection(locked=False)
    input_fill = PatternFill("solid", fgColor=INPUT_FILL)
    row = 1
    names: list[str] = []
    for task in tasks:
        for metric in task.metrics:
            row += 1
            values: list[Any] = [
                text(task.id),
                text(metric.name),
                text(metric.unit),
                metric.baseline,
                metric.target,
                metric.actual,
            ]
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=column, value=value)
                if column == 6:
                    cell.protection = unlocked
                    cell.fill = input_fill
            names.append(metric.name)
            meta.append(
                [
                    "metric",
                    text(task.id),
                    text(metric.name),
                    text(metric.unit),
                    number_cell(metric.baseline),
                    number_cell(metric.target),
                    number_cell(metric.actual),
                ]
            )
    ws.freeze_panes = "A2"
    ws.column_dimensions["B"].width = _width([*names, "指标"], 12, 40)
    for letter in ("D", "E", "F"):
        ws.column_dimensions[letter].width = 10.0
    _protect(ws)


def _meta_sheet(ws: Worksheet, workspace: Workspace, dept: str, as_of: date, rows: list[list[Any]]) -> None:
    head: list[list[Any]] = [
        ["lawgov_form", str(FORM_SCHEMA)],
        ["workspace", text(workspace_id(workspace.settings))],
        ["department", dept],
        ["plan_year", str(workspace.settings.plan_year)],
        ["exported", as_of.isoformat()],
        [],
    ]
    for number, values in enumerate(head + rows, start=1):
        for column, value in enumerate(values, start=1):
            ws.cell(row=number, column=column, value=value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def form_xlsx(workspace: Workspace, dept: str, as_of: date) -> bytes:
    """The fill-in form of department ``dept`` (its tasks in id order) as ``.xlsx`` bytes."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    from lawgov_cli.model import task_sort_key

    department = workspace.departments[dept]
    tasks = sorted(
        (task for shard in workspace.shards if shard.dept == dept for task in shard.tasks),
        key=lambda task: task_sort_key(task.id),
    )
    workbook = Workbook()
    stamp = datetime.combine(as_of, time())
    workbook.properties.creator = "lawgov"
    workbook.properties.title = text(f"{workspace.settings.plan_year}年度任务填报表 — {department.name}")
    workbook.properties.created = stamp  # the same input gives the same file
    workbook.properties.modified = stamp
    meta: list[list[Any]] = []
    _task_sheet(workbook.active, tasks, meta)
    _metric_sheet(workbook.create_sheet(), tasks, meta)
    _meta_sheet(workbook.create_sheet(META_SHEET), workspace, dept, as_of, meta)
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = ["DATE_FORMAT", "form_xlsx", "latest_note", "number_cell", "shown_done_on", "text"]
