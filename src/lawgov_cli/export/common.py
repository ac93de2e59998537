"""What every export shares: the task columns (from :mod:`lawgov_cli.fields`), their labels, and
formula neutralisation.

A task becomes one :class:`TaskRow` of typed values (dates stay dates, day counts stay ints);
each format then dresses the values its own way.  Text that a spreadsheet would run as a formula
is neutralised with :func:`neutralise` before it reaches a CSV or XLSX cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lawgov_cli.fields import (
    MISSING,
    cell_maker,
    cell_values,
    column_label,
    export_columns,
    metric_text,
    metrics_text,
    number_text,
    owner_name,
    pending_text,
    periods_text,
)
from lawgov_cli.i18n import Lang
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Progress, TaskState
from lawgov_cli.render.plain import cell_width
from lawgov_cli.render.text import heading, summary

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP)."""

COLUMNS: tuple[str, ...] = tuple(f.name for f in export_columns())
"""Task columns of the CSV and the XLSX task sheet, in order (from :data:`lawgov_cli.fields.FIELDS`)."""

DATE_COLUMNS = frozenset(f.name for f in export_columns() if f.kind == "date")
NUMBER_COLUMNS = frozenset(f.name for f in export_columns() if f.kind == "number")

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (OWASP CSV injection advice).

    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise("严格落实行政执法“三项制度”")
    '严格落实行政执法“三项制度”'
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def strip_control(text: str) -> str:
    """Drop control characters XML cannot hold (a TOML string may contain ``\\u0001``), DEL, C1
    controls and bidi overrides."""
    from lawgov_cli.fileio import strip_controls

    return strip_controls(_XML_ILLEGAL.sub("", text))


def headers(lang: Lang) -> list[str]:
    """Column headings of the export columns in ``lang``."""
    return [column_label(f, lang) for f in export_columns()]


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One task as export cells: text in ``lang``, dates as dates, day counts as ints."""

    state: TaskState
    values: dict[str, str | date | int | None]

    @property
    def light(self) -> str:
        return self.state.light


def task_row(workspace: Workspace, state: TaskState, lang: Lang) -> TaskRow:
    return TaskRow(state, cell_values(workspace, state, lang))


def task_rows(workspace: Workspace, progress: Progress, lang: Lang) -> list[TaskRow]:
    """Every task of ``progress``, in id order."""
    make = cell_maker(export_columns())
    return [TaskRow(state, make(workspace, state, lang)) for state in progress.tasks]


__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "FORMULA_TRIGGERS",
    "MISSING",
    "NUMBER_COLUMNS",
    "TaskRow",
    "cell_width",
    "headers",
    "heading",
    "metric_text",
    "metrics_text",
    "neutralise",
    "number_text",
    "owner_name",
    "pending_text",
    "periods_text",
    "strip_control",
    "summary",
    "task_row",
    "task_rows",
]
