"""Read a filled-in form back: plain values, checked as far as the form alone allows.

Everything here is about the file: a readable workbook made by lawgov, the header rows, no
formula anywhere a value is expected, locked cells equal to the snapshot the form was exported
with, statuses that are statuses, dates that are dates, numbers that are numbers.  Each problem
is a ``LawgovError`` naming the file and the cell (``任务!B5``).  Whether the form belongs to
this workspace, and what its values change, is :mod:`lawgov_cli.forms.plan`'s business.

Works for files saved by Excel, WPS and LibreOffice: dates may come back as ``datetime``, whole
numbers as floats, empty texts as empty cells — every comparison allows for that.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from lawgov_cli.errors import LawgovError
from lawgov_cli.forms import (
    FORM_SCHEMA,
    META_SHEET,
    METRIC_HEADER,
    METRIC_SHEET,
    STATUS_LABELS,
    TASK_HEADER,
    TASK_SHEET,
)
from lawgov_cli.model import meant_by

K = TypeVar("K", str, tuple[str, str])

MAX_FORM_BYTES = 20 * 1024 * 1024
"""A department's form is tens of KB; a 20 MB workbook is refused unread."""
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""What the workbook's parts may add up to once unzipped: a zip bomb is refused before parsing."""

_INJECTION = re.compile(r"^\s*(=|[+\-@].*[(|!])", re.DOTALL)
"""Text a spreadsheet would run: ``=…`` always, ``+ - @`` followed by a call, a pipe (DDE) or a
sheet reference.  lawgov's own cells start such text with ``'``, so they never match."""

_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass(frozen=True, slots=True)
class SnapshotTask:
    """A task row as it was exported (from the hidden sheet)."""

    id: str
    title: str
    due: str
    status: str
    done_on: str
    note: str
    evidence: str
    periods: str = ""
    """Recurring tasks: the periods ticked when the form was exported, comma-separated."""


@dataclass(frozen=True, slots=True)
class SnapshotMetric:
    id: str
    name: str
    unit: str
    baseline: str
    target: str
    actual: str


@dataclass(frozen=True, slots=True)
class TaskInput:
    """A task row as filled in.  ``status`` is a code (todo/doing/done/dropped) or None when blank."""

    cell: str
    """Where the row is, for messages: ``任务!A5``."""
    id: str
    status: str | None
    status_cell: str
    done_on: date | None
    date_cell: str
    note: str
    evidence: str


@dataclass(frozen=True, slots=True)
class MetricInput:
    cell: str
    id: str
    name: str
    actual: float | None
    actual_cell: str


@dataclass(slots=True)
class Form:
    path: Path
    workspace: str
    department: str
    plan_year: str
    exported: str
    tasks: list[TaskInput] = field(default_factory=list)
    metrics: list[MetricInput] = field(default_factory=list)
    task_snapshot: dict[str, SnapshotTask] = field(default_factory=dict)
    metric_snapshot: dict[tuple[str, str], SnapshotMetric] = field(default_factory=dict)


def _unreadable(path: Path, reason: str) -> LawgovError:
    return LawgovError("err.form_unreadable", path=path, reason=reason)


def _open(path: Path) -> Any:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    from lawgov_cli.fileio import megabytes, read_error

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise read_error(path, exc) from None
    if size > MAX_FORM_BYTES:
        raise _unreadable(path, f"{megabytes(size)} MB")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise _unreadable(path, f"{megabytes(unpacked)} MB unpacked")
        return load_workbook(path, data_only=False)
    except LawgovError:
        raise
    except zipfile.BadZipFile:  # not a zip at all: an .xls, a WPS .et or a CSV renamed, most often
        raise LawgovError("err.form_not_xlsx", path=path) from None
    except Exception as exc:  # any damage a zip/XML reader can meet: one line, never a traceback
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _unreadable(path, reason[:200]) from None


def _is_formula(cell: Any) -> bool:
    value = cell.value
    if cell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        return True
    return isinstance(value, str) and bool(_INJECTION.match(value))


def _where(sheet: str, cell: Any) -> str:
    return f"{sheet}!{cell.coordinate}"


def _text(value: Any) -> str:
    """A cell's value as text: None -> "", 12.0 -> "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _same_text(cell_value: Any, snapshot: str) -> bool:
    return _text(cell_value).replace("\r\n", "\n").strip() == snapshot.replace("\r\n", "\n").strip()


def _same_number(cell_value: Any, snapshot: str) -> bool:
    if cell_value is None or cell_value == "":
        return snapshot == ""
    if snapshot == "":
        return False
    try:
        return abs(float(cell_value) - float(snapshot)) <= 1e-9 * max(1.0, abs(float(snapshot)))
    except (TypeError, ValueError):
        return False


def _date_of(value: Any) -> date | None:
    """A date from a date cell, or from text like 2024-05-31, 2024/5/31, 2024年5月31日; else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _DATE_TEXT.match(value)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


def _status_of(value: Any) -> str | None:
    """The status code a 完成状态 cell names (the Chinese label, or the code itself)."""
    wanted = _text(value).strip()
    for code, label in STATUS_LABELS.items():
        if wanted in (label, code):
            return code
    return meant_by("status", wanted)  # 完成, 进行中 …: what a person types over the list


def _check_header(path: Path, ws: Any, sheet: str, expected: tuple[str, ...]) -> None:
    for column, label in enumerate(expected, start=1):
        cell = ws.cell(row=1, column=column)
        if _text(cell.value).strip() != label:
            raise LawgovError("err.form_locked_changed", path=path, cell=_where(sheet, cell), expected=label)


MAX_ROWS = 50_000
"""A department has tens of tasks; a sheet claiming more rows than this is refused, not walked."""


def _rows(ws: Any, width: int) -> list[tuple[Any, ...]]:
    """Rows 2.. as tuples of ``width`` cells, blank rows left out."""
    if (ws.max_row or 0) > MAX_ROWS:
        raise LawgovError("err.form_too_many_rows", sheet=ws.title, rows=ws.max_row, limit=MAX_ROWS)
    out = []
    for row in ws.iter_rows(min_row=2, max_col=width):
        cells = tuple(row) + tuple(ws.cell(row=row[0].row, column=c) for c in range(len(row) + 1, width + 1))
        if any(c.value not in (None, "") for c in cells):
            out.append(cells)
    return out


def _no_formulas(path: Path, sheet: str, cells: tuple[Any, ...]) -> None:
    for cell in cells:
        if _is_formula(cell):
            raise LawgovError("err.form_formula", path=path, cell=_where(sheet, cell))


def _meta(path: Path, workbook: Any) -> Form:
    if META_SHEET not in workbook.sheetnames:
        raise LawgovError("err.form_not_lawgov", path=path)
    ws = workbook[META_SHEET]
    head: dict[str, str] = {}
    for number in range(1, 6):
        head[_text(ws.cell(row=number, column=1).value)] = _text(ws.cell(row=number, column=2).value)
    if head.get("lawgov_form") != str(FORM_SCHEMA):
        raise LawgovError("err.form_not_lawgov", path=path)
    form = Form(
        path=path,
        workspace=head.get("workspace", ""),
        department=head.get("department", ""),
        plan_year=head.get("plan_year", ""),
        exported=head.get("exported", ""),
    )
    for row in ws.iter_rows(min_row=7, max_col=9, values_only=True):
        values = [_text(v) for v in row] + [""] * (9 - len(row))
        if values[0] == "task":
            form.task_snapshot[values[1]] = SnapshotTask(*values[1:9])
        elif values[0] == "metric":
            form.metric_snapshot[(values[1], values[2])] = SnapshotMetric(*values[1:7])
    return form


def _sheet_rows(
    path: Path,
    workbook: Any,
    sheet: str,
    header: tuple[str, ...],
    snapshots: Mapping[K, Any],
    key_of: Callable[[tuple[Any, ...]], K],
    *,
    unknown_at: Callable[[tuple[Any, ...], K], Any] = lambda cells, key: cells[0],
    optional: bool = False,
) -> Iterator[tuple[tuple[Any, ...], K, Any]]:
    """The filled-in rows of ``sheet`` as (cells, key, the row's snapshot), each checked the same
    way on every sheet: the header intact, no formula, a key (task id; task id and metric name) the
    form was exported with (else the error names the cell ``unknown_at`` picks), and no key twice.
    ``optional``: a sheet missing is no rows."""
    if sheet not in workbook.sheetnames:
        if optional:
            return
        raise LawgovError("err.form_sheet_missing", path=path, sheet=sheet)
    ws = workbook[sheet]
    _check_header(path, ws, sheet, header)
    seen: dict[K, str] = {}
    for cells in _rows(ws, len(header)):
        _no_formulas(path, sheet, cells)
        key = key_of(cells)
        snapshot = snapshots.get(key)
        if snapshot is None:
            parts = key if isinstance(key, tuple) else (key,)
            raise LawgovError(
                "err.form_unknown_id",
                path=path,
                cell=_where(sheet, unknown_at(cells, key)),
                id=" ".join(str(part) for part in parts).strip() or "—",
            )
        if key in seen:
            raise LawgovError("err.form_duplicate_row", path=path, cell=_where(sheet, cells[0]), other=seen[key])
        seen[key] = _where(sheet, cells[0])
        yield cells, key, snapshot


def _locked(path: Path, sheet: str, cell: Any, same: bool, expected: str) -> None:
    """A locked cell must still hold what was exported."""
    if not same:
        raise LawgovError("err.form_locked_changed", path=path, cell=_where(sheet, cell), expected=expected)


def _read_tasks(path: Path, workbook: Any, form: Form) -> None:
    rows = _sheet_rows(
        path, workbook, TASK_SHEET, TASK_HEADER, form.task_snapshot, lambda cells: _text(cells[0].value).strip()
    )
    for cells, task_id, snapshot in rows:
        id_cell, title_cell, due_cell, status_cell, date_cell, note_cell, evidence_cell = cells
        _locked(path, TASK_SHEET, title_cell, _same_text(title_cell.value, snapshot.title), snapshot.title)
        due = _text(_date_of(due_cell.value) or due_cell.value)
        _locked(path, TASK_SHEET, due_cell, due == snapshot.due, snapshot.due)
        status: str | None = None
        if _text(status_cell.value).strip():
            status = _status_of(status_cell.value)
            if status is None:
                raise LawgovError(
                    "err.form_bad_status",
                    path=path,
                    cell=_where(TASK_SHEET, status_cell),
                    value=_text(status_cell.value),
                    expected="、".join(STATUS_LABELS[s] for s in ("todo", "doing", "done")),
                )
        done_on: date | None = None
        if date_cell.value not in (None, ""):
            done_on = _date_of(date_cell.value)
            if done_on is None:
                raise LawgovError(
                    "err.form_bad_date",
                    path=path,
                    cell=_where(TASK_SHEET, date_cell),
                    value=_text(date_cell.value),
                )
        form.tasks.append(
            TaskInput(
                cell=_where(TASK_SHEET, id_cell),
                id=task_id,
                status=status,
                status_cell=_where(TASK_SHEET, status_cell),
                done_on=done_on,
                date_cell=_where(TASK_SHEET, date_cell),
                note=_text(note_cell.value).replace("\r\n", "\n").strip(),
                evidence=_text(evidence_cell.value).replace("\r\n", "\n").strip(),
            )
        )


def _number_of(cell: Any, unit: str = "") -> float | None:
    value = cell.value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        # 98.5% typed into a cell is stored as 0.985 with a percent format: the metric means 98.5.
        if "%" in (cell.number_format or ""):
            number = round(number * 100, 10)
        return number
    if isinstance(value, str):
        from lawgov_cli.tracking import parse_number

        try:
            return parse_number(value, unit)
        except LawgovError:
            return None
    return None


def _read_metrics(path: Path, workbook: Any, form: Form) -> None:
    rows = _sheet_rows(
        path,
        workbook,
        METRIC_SHEET,
        METRIC_HEADER,
        form.metric_snapshot,
        lambda cells: (_text(cells[0].value).strip(), _text(cells[1].value).strip()),
        # A metric of an unknown task: the id cell; an unknown metric of a known task: its name.
        unknown_at=lambda cells, key: cells[0] if key[0] not in form.task_snapshot else cells[1],
        optional=not form.metric_snapshot,
    )
    for cells, key, snapshot in rows:
        id_cell, _name_cell, unit_cell, baseline_cell, target_cell, actual_cell = cells
        _locked(path, METRIC_SHEET, unit_cell, _same_text(unit_cell.value, snapshot.unit), snapshot.unit)
        for cell, expected in ((baseline_cell, snapshot.baseline), (target_cell, snapshot.target)):
            _locked(path, METRIC_SHEET, cell, _same_number(cell.value, expected), expected or "—")
        actual: float | None = None
        if actual_cell.value not in (None, ""):
            actual = _number_of(actual_cell, snapshot.unit)
            if actual is None:
                raise LawgovError(
                    "err.form_bad_number",
                    path=path,
                    cell=_where(METRIC_SHEET, actual_cell),
                    value=_text(actual_cell.value),
                )
        form.metrics.append(
            MetricInput(
                cell=_where(METRIC_SHEET, id_cell),
                id=key[0],
                name=key[1],
                actual=actual,
                actual_cell=_where(METRIC_SHEET, actual_cell),
            )
        )


def read_form(path: Path) -> Form:
    """The filled-in form at ``path``; raises ``LawgovError`` (file and cell) for any problem."""
    workbook = _open(path)
    try:
        form = _meta(path, workbook)
        _read_tasks(path, workbook, form)
        _read_metrics(path, workbook, form)
    except LawgovError as error:
        if error.path is None:
            raise LawgovError(error.key, path=path, **error.params) from None
        raise
    return form


__all__ = [
    "MAX_FORM_BYTES",
    "Form",
    "MetricInput",
    "SnapshotMetric",
    "SnapshotTask",
    "TaskInput",
    "read_form",
]
