"""The XML of a workbook's large sheets, written straight (:mod:`lawgov_cli.export.xlsx_export`).

openpyxl keeps every cell as an object and its writer works cell by cell: a city's 1.9 million
cells took over a minute and a gigabyte.  Here a sheet's ``<row>`` elements are written as text,
exactly as openpyxl's writer (lxml) writes them — inline strings, dates as serial numbers, every
cell styled — into a temporary file while the column widths are measured; the workbook openpyxl
saved (its sheets holding their header rows, with every style, width, filter and print setting)
then gets them spliced into those sheets' ``<sheetData>``.
"""

from __future__ import annotations

import io
import itertools
import math
import operator
from collections.abc import Sequence
from datetime import date
from typing import Any

from lawgov_cli.export.common import FORMULA_TRIGGERS, cell_width, neutralise, strip_control


def _text(value: str) -> str:
    return neutralise(strip_control(value))


class SheetRows:
    """A sheet's ``<row>`` elements, written as openpyxl writes them (inline strings, dates as
    serial numbers, every cell styled) into a temporary file while the widths are measured: a
    city's 1.9 million cells never become openpyxl ``Cell`` objects (~60 s and ~1 GB)."""

    def __init__(self, keys: tuple[str, ...], caps: dict[str, float]) -> None:
        import tempfile

        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by to_xlsx
        self.letters = [get_column_letter(n) for n in range(1, len(keys) + 1)]
        self.caps = [caps[key] for key in keys]
        self.widest = [0] * len(keys)
        """Per column: the widest line seen (display cells), measured until it reaches the cap."""
        self.count = 0
        self._parts: list[str] = []
        self._size = 0

    def measure(self, column: int, text: str) -> None:
        if self.widest[column] + 2 >= self.caps[column]:
            return  # already as wide as the column may be
        for line in text.splitlines():
            size = len(line) if line.isascii() else cell_width(line)
            if size > self.widest[column]:
                self.widest[column] = size

    def width(self, column: int) -> float:
        """As :func:`_width`: the widest line + 2, at least 6, at most the column's cap."""
        return float(min(self.caps[column], max(6, self.widest[column] + 2)))

    def add_rows(self, text: str, count: int) -> None:
        """``count`` whole ``<row>`` elements (numbered from ``self.count + 2``)."""
        self.count += count
        self._parts.append(text)
        self._size += len(text)
        if self._size >= 1 << 20:
            self.flush()

    def measure_all(self, column: int, values: Sequence[Any], seen: set[Any]) -> None:
        """:meth:`measure` each value of ``values`` not seen yet (None is not measured)."""
        if self.widest[column] + 2 >= self.caps[column]:
            return
        new = set(values) - seen
        seen |= new
        for value in new:
            if value is not None:
                self.measure(column, value if type(value) is str else str(value))

    def add(self, cells: list[str]) -> None:
        self.count += 1
        number = self.count + 1
        self._parts.append(f'<row r="{number}">' + "".join(cells) + "</row>")
        if len(self._parts) >= 2000:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self.file.write("".join(self._parts).encode("utf-8"))
            self._parts = []
            self._size = 0


NONE, EMPTY, TEXT, SPACED, NUMBER, DATE = range(6)
"""What a cell holds, for :func:`row_template`."""

_FIRST = operator.itemgetter(slice(0, 1))
_LAST = operator.itemgetter(slice(-1, None))
_EMPTY_OR_TEXT = {"": EMPTY}


def row_template(shape: tuple[Any, ...], letters: Sequence[str], tails: Sequence[dict[tuple[str, bool], str]]) -> str:
    """A ``<row>`` as :func:`cell_xml` writes its cells, for values of the kinds in ``shape`` (the
    look first): ``%s`` for the row number, then for each cell its row number and its value
    (empty for a cell holding nothing); ``tails[column][look, dated]`` is the style attribute."""
    light, kinds = shape[0], shape[1:]
    cells = ['<row r="%s">']
    for letter, tail, kind in zip(letters, tails, kinds, strict=True):
        reference = f'<c r="{letter}%s{tail[light, kind == DATE]}'
        if kind == NONE:
            cells.append(f'{reference} t="n">%s</c>')
        elif kind == EMPTY:
            cells.append(f'{reference} t="inlineStr">%s</c>')
        elif kind in (TEXT, SPACED):
            space = ' xml:space="preserve"' if kind == SPACED else ""
            cells.append(f'{reference} t="inlineStr"><is><t{space}>%s</t></is></c>')
        else:
            cells.append(f'{reference} t="n"><v>%s</v></c>')
    cells.append("</row>")
    return "".join(cells).replace("%s", "\0").replace("%", "%%").replace("\0", "%s")


def rows_xml(first: int, templates: Sequence[str], columns: Sequence[Sequence[str]]) -> str:
    """Rows numbered from ``first``: each its template (:func:`row_template`) filled with its
    cells' texts, one ``%`` per row over the columns zipped (no Python call per cell)."""
    numbers = list(map(str, range(first, first + len(templates))))
    args = zip(numbers, *itertools.chain.from_iterable((numbers, column) for column in columns), strict=True)
    return "".join(map(str.__mod__, templates, args))


def text_cells(values: Sequence[str]) -> tuple[Sequence[int], Sequence[str]]:
    """A column of text as cell kinds and the XML text of each cell, cleaned and neutralised as
    :func:`cell_xml` does it: checked for the whole column first (most need nothing)."""
    distinct = set(values)
    checked = distinct if len(distinct) < len(values) // 2 else values  # labels: each text once
    joined = "".join(checked)
    starts, ends = set(map(_FIRST, checked)), set(map(_LAST, checked))
    plain = (
        strip_control(joined) == joined
        and "&" not in joined
        and "<" not in joined
        and ">" not in joined
        and starts.isdisjoint(FORMULA_TRIGGERS)
        and not any(c.isspace() for c in starts | ends)
    )
    if plain:
        return list(map(_EMPTY_OR_TEXT.get, values, itertools.repeat(TEXT))), values
    kinds, texts = [], []
    for value in values:
        if not value.isprintable() or value.startswith(FORMULA_TRIGGERS):
            value = _text(value)
        if not value:
            kinds.append(EMPTY)
            texts.append("")
            continue
        if "&" in value or "<" in value or ">" in value:
            value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        kinds.append(SPACED if value[0].isspace() or value[-1].isspace() else TEXT)
        texts.append(value)
    return kinds, texts


def any_cells(values: Sequence[Any], serials: dict[int, str] | None = None) -> tuple[Sequence[int], Sequence[str]]:
    """A column as cell kinds and XML texts: text as :func:`text_cells`, ints as numbers, dates
    as serial numbers (ordinals, with ``serials``: 0 for none), other numbers as openpyxl writes
    them, None as an empty cell."""
    if serials is not None:
        return [DATE if v else NONE for v in values], [serials[v] if v else "" for v in values]
    kinds = set(map(type, values))
    if kinds <= {str}:
        return text_cells(values)
    if kinds <= {int}:
        return [NUMBER] * len(values), list(map(str, values))
    if kinds <= _FLOATS:  # indicator values
        numbers = _NUMBERS
        return (
            [NONE if v is None else NUMBER for v in values],
            # a zero (0.0 or -0.0: equal as keys, written apart) or None written directly
            [numbers[v] if v else "" if v is None else f"{v:.16g}" for v in values],
        )
    from openpyxl.compat import safe_string  # type: ignore[import-untyped]

    out_kinds, texts = [], []
    for value in values:
        if value is None:
            out_kinds.append(NONE)
            texts.append("")
        elif type(value) is str:
            kind, text = text_cells([value])
            out_kinds.append(kind[0])
            texts.append(text[0])
        elif type(value) is date:
            out_kinds.append(DATE)
            texts.append(str(serial(value)))
        else:
            out_kinds.append(NUMBER)
            texts.append(str(value) if type(value) is int else safe_string(value))
    return out_kinds, texts


class _Numbers(dict[float, str]):
    """A float -> as openpyxl writes it (``safe_string``: ``%.16g``, empty for NaN and infinity)."""

    def __missing__(self, value: float) -> str:
        text = f"{value:.16g}" if math.isfinite(value) else ""
        if value == value:  # NaN is never found again: not kept
            self[value] = text
        return text


_NUMBERS = _Numbers()
_FLOATS = frozenset((float, type(None)))


class Serials(dict[int, str]):
    """Ordinal -> Excel's serial number of that day, as text."""

    def __missing__(self, ordinal: int) -> str:
        text = self[ordinal] = str(serial(date.fromordinal(ordinal)))
        return text


def cell_xml(reference: str, tail: str, value: Any) -> str:
    """One ``<c>`` as openpyxl's writer (lxml) writes it for ``value`` (``tail``: the style
    attribute, ``'" s="5"'``); text is cleaned and neutralised here (printable text, the common
    case, without a regular expression)."""
    kind = type(value)
    if kind is str:
        if not value:
            return f'<c r="{reference}{tail} t="inlineStr"></c>'
        if not value.isprintable() or value.startswith(FORMULA_TRIGGERS):
            value = _text(value)
            if not value:
                return f'<c r="{reference}{tail} t="inlineStr"></c>'
        space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        if "&" in value or "<" in value or ">" in value:
            value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<c r="{reference}{tail} t="inlineStr"><is><t{space}>{value}</t></is></c>'
    if value is None:
        return f'<c r="{reference}{tail} t="n"></c>'
    if kind is int:
        return f'<c r="{reference}{tail} t="n"><v>{value}</v></c>'
    if kind is date:
        return f'<c r="{reference}{tail} t="n"><v>{serial(value)}</v></c>'
    from openpyxl.compat import safe_string

    return f'<c r="{reference}{tail} t="n"><v>{safe_string(value)}</v></c>'


_EPOCH = date(1899, 12, 30).toordinal()


def serial(day: date) -> int:
    """Excel's serial number of ``day`` (openpyxl's ``to_excel``, 1900 date system)."""
    days = day.toordinal() - _EPOCH
    return days - 1 if 0 < days <= 60 else days


def spliced(package: bytes, sheets: dict[int, SheetRows]) -> bytes:
    """``package`` with the rows of ``sheets`` (by sheet number) put at the end of each sheet's
    ``<sheetData>`` and its ``<dimension>`` widened to them; every other entry copied as is."""
    import re
    import shutil
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            number = _sheet_number(info.filename)
            rows = sheets.get(number) if number is not None else None
            if rows is None or not rows.count:
                target.writestr(info, data)
                continue
            text = data.decode("utf-8")
            end = text.index("</sheetData>")
            head, tail = text[:end], text[end:]
            last_row = rows.count + 1
            head = re.sub(r'<dimension ref="A1:([A-Z]+)1"/>', rf'<dimension ref="A1:\g<1>{last_row}"/>', head, count=1)
            # A city's sheet is a few hundred MB of XML: deflated at level 1 (about as small,
            # several times faster than the default level 6).
            with target.open(_copy_info(info, 1), "w", force_zip64=True) as stream:
                stream.write(head.encode("utf-8"))
                rows.file.seek(0)
                shutil.copyfileobj(rows.file, stream, 1 << 20)
                stream.write(tail.encode("utf-8"))
    return out.getvalue()


def _sheet_number(name: str) -> int | None:
    prefix, suffix = "xl/worksheets/sheet", ".xml"
    if name.startswith(prefix) and name.endswith(suffix) and name[len(prefix) : -len(suffix)].isdigit():
        return int(name[len(prefix) : -len(suffix)])
    return None


def _copy_info(info: Any, level: int) -> Any:
    import zipfile

    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = zipfile.ZIP_DEFLATED
    copy._compresslevel = level  # type: ignore[attr-defined]  # public as compress_level in 3.13
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    return copy


__all__ = [
    "DATE",
    "EMPTY",
    "NONE",
    "NUMBER",
    "SPACED",
    "TEXT",
    "Serials",
    "SheetRows",
    "any_cells",
    "cell_xml",
    "row_template",
    "rows_xml",
    "serial",
    "spliced",
    "text_cells",
]
