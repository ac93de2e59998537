"""CSV for Excel on Chinese Windows: UTF-8 with BOM, RFC 4180 quoting, CRLF, formulas neutralised.

Without the byte-order mark Excel reads UTF-8 as GBK and shows 乱码; with it, a double-click opens
the file correctly.  One row per task, headings in the workspace (or ``--lang``) language.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from lawgov_cli.export.common import headers, neutralise, task_rows
from lawgov_cli.fields import export_columns
from lawgov_cli.i18n import Lang
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Progress


def _cell(value: str | date | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def to_csv(workspace: Workspace, progress: Progress, lang: Lang) -> bytes:
    """The task table as CSV bytes (BOM + UTF-8, CRLF line ends, minimal RFC 4180 quoting)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in headers(lang)])
    keys = [f.name for f in export_columns()]
    for row in task_rows(workspace, progress, lang):
        writer.writerow([_cell(row.values[key]) for key in keys])
    return buffer.getvalue().encode("utf-8-sig")


__all__ = ["to_csv"]
