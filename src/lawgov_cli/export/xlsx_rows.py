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

    def add_row(self, text: str) -> None:
        """A whole ``<row>`` (numbered ``self.count + 2``)."""
        self.count += 1
        self._parts.append(text)
        if len(self._parts) >= 2000:
            self.flush()

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


NONE, EMPTY, TEXT, SPACED, NUMBER, DATE = range(6)
"""What a cell holds, for :func:`row_template`."""


def row_template(shape: tuple[Any, ...], plan: list[Any]) -> str:
    """A ``<row>`` as :func:`cell_xml` writes its cells, for values of the kinds in ``shape``
    (the look first): ``%s`` where each value goes, ``\\0`` where the row number goes."""
    light, kinds = shape[0], shape[1:]
    cells = ['<row r="\0">']
    for (_column, _key, letter, _measured, _seen, tails), kind in zip(plan, kinds, strict=True):
        reference = f'<c r="{letter}\0{tails[light, kind == DATE]}'
        if kind == NONE:
            cells.append(f'{reference} t="n"></c>')
        elif kind == EMPTY:
            cells.append(f'{reference} t="inlineStr"></c>')
        elif kind in (TEXT, SPACED):
            space = ' xml:space="preserve"' if kind == SPACED else ""
            cells.append(f'{reference} t="inlineStr"><is><t{space}>%s</t></is></c>')
        else:
            cells.append(f'{reference} t="n"><v>%s</v></c>')
    cells.append("</row>")
    return "".join(cells)


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
    from openpyxl.compat import safe_string  # type: ignore[import-untyped]

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


__all__ = ["DATE", "EMPTY", "NONE", "NUMBER", "SPACED", "TEXT", "SheetRows", "cell_xml", "row_template", "serial", "spliced"]
