"""CSV for Excel on Chinese Windows: UTF-8 with BOM, RFC 4180 quoting, CRLF, formulas neutralised.

Without the byte-order mark Excel reads UTF-8 as GBK and shows 乱码; with it, a double-click opens
the file correctly.  One row per task, headings in the workspace (or ``--lang``) language.

Streamed: the rows are made a department file at a time from its cached rows
(:class:`~lawgov_cli.export.cells.ColumnMaker`, no ``Task`` built but for tasks awaiting the
office), written in id order, and handed out in chunks with control characters stripped.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
from array import array
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from lawgov_cli.export.cells import DATES, ColumnMaker
from lawgov_cli.export.common import FORMULA_TRIGGERS, headers, neutralise
from lawgov_cli.export.controls import has_controls
from lawgov_cli.export.memo import Memo
from lawgov_cli.fields import export_columns
from lawgov_cli.i18n import Lang
from lawgov_cli.model import Workspace
from lawgov_cli.progress import Progress

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile

_CHUNK = 1 << 20
"""Characters gathered before a chunk is handed to the writer."""


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
    from lawgov_cli.export.pool import helpers_for, made_in_order
    from lawgov_cli.fileio import strip_controls
    from lawgov_cli.store.derived import lacking
    from lawgov_cli.walk import runs_in_id_order, task_files

    head = io.StringIO(newline="")
    csv.writer(head, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(
        [neutralise(h) for h in headers(lang)]
    )
    yield strip_controls("\ufeff" + head.getvalue(), keep_cr=True).encode("utf-8")
    make = _RowMaker(workspace, progress, lang)
    shards = task_files(progress)
    runs = runs_in_id_order(shards)
    order = list(dict.fromkeys(s for s, _, _ in runs))  # each file where its first row is written
    helpers = helpers_for([n for s in order if (n := lacking(shards[s], ".csv"))])
    made = made_in_order(order, lambda s: make.filled_rows(shards[s]), helpers)
    remaining = [len(shard) for shard in shards]
    files: dict[int, list[bytes]] = {}
    parts: list[bytes] = []
    size = 0
    for s, start, stop in runs:
        rows = files.get(s)
        if rows is None:
            rows = files[s] = next(made)
        part = b"".join(rows if start == 0 and stop == len(rows) else rows[start:stop])
        parts.append(part)
        size += len(part)
        remaining[s] -= stop - start
        if not remaining[s]:
            del files[s]
        if size >= _CHUNK:
            yield b"".join(parts)
            parts, size = [], 0
    with contextlib.suppress(StopIteration):  # the helpers are done: let them go
        next(made)
    yield b"".join(parts)


_HOLE = "\x01"
"""Where a row's day-dependent cells go while its template is made (a control character: the data
holding one gets no template)."""

_ROWS_VERSION = 1
"""Bumped whenever the way a row template is made changes (kept templates are then ignored)."""

_DAY_COLUMNS = ("next_due", "light", "overdue_days")
"""The cells of a row that depend on the day viewed (never quoted: a date, a label, a number)."""


class _RowMaker:
    """Each department file's CSV rows as templates (UTF-8, controls stripped, ``%`` doubled) with
    a ``%s`` for each cell that depends on the day, and those cells' values for this view.

    A template depends on the file, the language and the registry's names only, so a file whose
    rows come from the cache keeps its templates there (:mod:`lawgov_cli.store.derived`, keyed by
    the language and a fingerprint of the names and labels written): the next export of an
    unchanged file fills them in without reading its rows."""

    def __init__(self, workspace: Workspace, progress: Progress, lang: Lang) -> None:
        import hashlib

        from lawgov_cli import __version__
        from lawgov_cli.fields import MISSING
        from lawgov_cli.i18n import t
        from lawgov_cli.model import KINDS, REPEATS, STATUSES

        self.columns = ColumnMaker(workspace, progress, lang)
        self.names = [f.name for f in export_columns()]
        self.days = _Days()
        lights = {light: neutralise(t(f"light.{light}", lang)) for light in ("red", "yellow", "green")}
        self.lights = {light: label.encode("utf-8") for light, label in lights.items()}
        # Templates are made when every day-dependent column is where it is expected and no
        # label there would need quoting; else every row is made as it always was.
        self.holes = [self.names.index(name) for name in _DAY_COLUMNS if name in self.names]
        self.templated = len(self.holes) == len(_DAY_COLUMNS) and not any(
            c in label for label in lights.values() for c in ',"\r\n'
        )
        written = (
            __version__,
            sorted((d.id, d.name) for d in workspace.departments.values()),
            [
                t(f"{word}.{value}", lang)
                for word, values in (("kind", KINDS), ("repeat", REPEATS), ("status", STATUSES))
                for value in values
            ],
            [t(key, lang) for key in ("pending.report", "pending.extension", "msg.late_mark")],
            t("msg.periods_ticked", lang, done=1, total=2),
            MISSING,
        )
        self.version = (
            _ROWS_VERSION,
            lang,
            hashlib.blake2b(repr(written).encode("utf-8"), digest_size=16).digest(),
        )
        self.dynamic = Memo(self._dynamic)

    def filled_rows(self, shard: TaskFile) -> list[bytes]:
        """Each row of ``shard`` as written (UTF-8, controls stripped), in file order."""
        templates, values = self.file_rows(shard)
        return list(map(bytes.__mod__, templates, values))

    def file_rows(self, shard: TaskFile) -> tuple[list[bytes], list[bytes]]:
        """(each row's template, each row's day-dependent cells) of ``shard``, in file order."""
        from lawgov_cli.store.derived import keep_derived, read_derived

        if self.templated:
            kept = read_derived(shard, self.version, ".csv")
            if kept is not None:
                with contextlib.suppress(ValueError, TypeError, IndexError, KeyError):
                    return self._fill(kept)
        columns, _, summaries, _ = self.columns.file_columns(shard)
        if not summaries:
            return [], []
        if not self.templated:
            rows = self._rows(columns)
            return _plain(rows)
        rows = self._rows(columns, self.holes)
        text = "".join(rows)
        if text.count(_HOLE) != len(self.holes) * len(rows):  # the data holds the hole's character
            columns = self.columns.file_columns(shard)[0]
            rows = self._rows(columns)
            return _plain(rows)
        templates = _templates(rows, text)
        distinct: dict[Any, int] = {}
        key_index = array(
            "l", [distinct.setdefault((s[8], s[7], s[4], s[10]), len(distinct)) for s in summaries]
        )
        kept = (templates, tuple(distinct), key_index.tobytes())
        keep_derived(shard, self.version, kept, ".csv")
        return self._fill(kept)

    def _fill(self, kept: tuple[list[bytes], tuple[Any, ...], bytes]) -> tuple[list[bytes], list[Any]]:
        templates, keys, key_index = kept
        at = array("l")
        at.frombytes(key_index)
        cells = [self.dynamic[key] for key in keys]
        values = list(map(cells.__getitem__, at))
        if len(values) != len(templates):
            raise ValueError("a damaged template")
        return list(templates), values

    def _rows(self, columns: list[Sequence[Any]], holes: Sequence[int] = ()) -> list[str]:
        """The CSV text of each row (its line end included), controls not yet stripped; the
        cells of the columns ``holes`` left open (:data:`_HOLE`)."""
        cells: list[Any] = [_texts(n, c, self.days) for n, c in zip(self.names, columns, strict=True)]
        for index in holes:
            cells[index] = itertools.repeat(_HOLE, len(columns[0]))
        lines = _Lines()
        writer = csv.writer(lines, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerows(zip(*cells, strict=True))
        return lines

    def _dynamic(self, key: tuple[str, str, int, tuple[tuple[str, int], ...]]) -> tuple[bytes, bytes, bytes]:
        next_due, light, days = self.columns.state[key]
        return (self.days[next_due].encode("ascii"), self.lights[light], str(days).encode("ascii"))


def _templates(rows: list[str], text: str) -> list[bytes]:
    """Rows with their open cells (:data:`_HOLE`, found nowhere else) as ``%s`` as templates
    (controls stripped, ``%`` doubled): the whole file's ``text`` (the rows joined) at once when
    it holds no control character."""
    if has_controls(text.replace(_HOLE, ""), keep_cr=True):
        return [strip_row(row.replace("%", "%%").replace(_HOLE, "%s")).encode("utf-8") for row in rows]
    # No control in the text, so no NUL: it parts the rows.
    templates = "\0".join(rows).replace("%", "%%").replace(_HOLE, "%s").encode("utf-8").split(b"\0")
    if len(templates) != len(rows):  # pragma: no cover - a NUL is a control: it was found above
        raise AssertionError("a row held a NUL")
    return templates


def _plain(rows: list[str]) -> tuple[list[bytes], list[Any]]:
    """Rows as templates with no cell left open (controls stripped, ``%`` doubled)."""
    return [strip_row(row).replace("%", "%%").encode("utf-8") for row in rows], [()] * len(rows)


class _Lines(list[str]):
    """A list a ``csv.writer`` writes into: one item per row (the writer writes a row at once)."""

    def write(self, text: str) -> int:
        self.append(text)
        return len(text)


def strip_row(text: str) -> str:
    from lawgov_cli.fileio import strip_controls

    return strip_controls(text, keep_cr=True)


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
        # A trigger after a NUL: at the start of a cell (or after a NUL in the data, when
        # neutralise then leaves the cell as it is).
        joined = "\0" + "\0".join(values)
        triggered = any("\0" + trigger in joined for trigger in FORMULA_TRIGGERS)
        return list(map(neutralise, values)) if triggered else values
    if kinds <= {int}:
        return map(str, values)
    return map(_cell, values)


__all__ = ["csv_chunks"]
