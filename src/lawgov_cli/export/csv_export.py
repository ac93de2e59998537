"""CSV for Excel on Chinese Windows: UTF-8 with BOM, RFC 4180 quoting, CRLF, formulas neutralised.

Without the byte-order mark Excel reads UTF-8 as GBK and shows 乱码; with it, a double-click opens
the file correctly.  One row per task, headings in the workspace (or ``--lang``) language.

Streamed: the rows are made a department file at a time from its cached rows
(:class:`~lawgov_cli.export.cells.ColumnMaker`, no ``Task`` built but for tasks awaiting the
office), written in id order, and handed out in chunks with control characters stripped.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from lawgov_cli.export.cells import DATES, ColumnMaker
from lawgov_cli.export.common import FORMULA_TRIGGERS, headers, neutralise
from lawgov_cli.fields import export_columns
from lawgov_cli.i18n import Lang
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Progress

_CHUNK = 1 << 20
"""Characters gathered before a chunk is handed to the writer."""

_FIRST = operator.itemgetter(slice(0, 1))
"""A text's first character ('' for none)."""


def _cell(value: str | date | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def csv_chunks(workspace: Workspace, progress: Progress, lang: Lang) -> Iterator[bytes]:
    """The task table as CSV (BOM + UTF-8, CRLF line ends, minimal RFC 4180 quoting), in chunks,
    without control characters (a carriage return inside a cell stays: the cell is quoted)."""
    from lawgov_cli.fileio import strip_controls
    from lawgov_cli.walk import runs_in_id_order, task_files

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    buffer.write("\ufeff")
    writer.writerow([neutralise(h) for h in headers(lang)])
    names = [f.name for f in export_columns()]
    make = ColumnMaker(workspace, progress, lang)
    days = _Days()
    shards = task_files(progress)
    remaining = [len(shard) for shard in shards]
    rows: dict[int, list[tuple[str, ...]]] = {}
    for s, start, stop in runs_in_id_order(shards):
        table = rows.get(s)
        if table is None:
            columns = make.file_columns(shards[s])[0]
            table = rows[s] = list(zip(*(_texts(n, c, days) for n, c in zip(names, columns, strict=True)), strict=True))
        writer.writerows(table[start:stop] if start or stop < len(table) else table)
        remaining[s] -= stop - start
        if not remaining[s]:
            del rows[s]
        if buffer.tell() >= _CHUNK:
            yield strip_controls(buffer.getvalue(), keep_cr=True).encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield strip_controls(buffer.getvalue(), keep_cr=True).encode("utf-8")


class _Days(dict[int, str]):
    """Ordinal -> ISO date ("" for 0), each made once."""

    def __missing__(self, ordinal: int) -> str:
        text = self[ordinal] = date.fromordinal(ordinal).isoformat() if ordinal else ""
        return text


def _texts(name: str, values: Sequence[Any], days: _Days) -> Iterator[str] | Sequence[str]:
    """A column's cells as CSV text: dates ISO, numbers in digits, text neutralised."""
    if name in DATES:
        return map(days.__getitem__, values)
    kinds = set(map(type, values))
    if kinds <= {str}:
        starts = set(map(_FIRST, values))
        return values if starts.isdisjoint(FORMULA_TRIGGERS) else list(map(neutralise, values))
    if kinds <= {int}:
        return map(str, values)
    return map(_cell, values)


__all__ = ["csv_chunks"]
