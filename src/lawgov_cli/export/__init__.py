"""``lawgov export``: the same :class:`~lawgov_cli.progress.Progress` as ``status``, as files.

Every format is rendered from one ``progress.evaluate(...)`` result, so the numbers in a CSV, a
workbook, a web page and ``status --format json`` always agree for the same ``--as-of``.

Each format lives in its own module and imports its third-party library (openpyxl, Jinja2,
icalendar) only when called, so ``lawgov status`` never pays for them.

>>> format_for("台账.xlsx")
'xlsx'
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lawgov_cli.i18n import Lang
    from lawgov_cli.model import Workspace
    from lawgov_cli.progress import Progress

FORMATS: tuple[str, ...] = ("csv", "xlsx", "md", "json", "html", "ics")
"""The formats ``lawgov export --format`` accepts."""

BINARY_FORMATS: frozenset[str] = frozenset({"xlsx"})
"""Formats that are never written to stdout (a terminal would show garbage)."""

_SUFFIXES = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".ics": "ics",
}


def format_for(path: str | Path) -> str | None:
    """The format a file name asks for by its suffix (``台账.xlsx`` -> ``xlsx``), or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def render(fmt: str, workspace: Workspace, progress: Progress, lang: Lang) -> bytes:
    """The export of ``progress`` in format ``fmt`` (one of :data:`FORMATS`), as bytes to write.

    Text formats leave without control characters (ESC, BEL, BS, DEL, C1) or bidi overrides, on
    a terminal and in files alike (ICS forbids them; a hand-edited title may still hold them).
    """
    data = _render(fmt, workspace, progress, lang)
    if fmt in BINARY_FORMATS:
        return data
    import re

    from lawgov_cli.fileio import strip_controls

    text = strip_controls(data.decode("utf-8"), keep_cr=True)
    if fmt in ("ics", "md", "html", "json"):
        text = re.sub("\r(?!\n)", "", text)  # a lone CR would end a line early
    return text.encode("utf-8")


def _render(fmt: str, workspace: Workspace, progress: Progress, lang: Lang) -> bytes:
    if fmt == "csv":
        from lawgov_cli.export.csv_export import to_csv

        return to_csv(workspace, progress, lang)
    if fmt == "xlsx":
        from lawgov_cli.export.xlsx_export import to_xlsx

        return to_xlsx(workspace, progress, lang)
    if fmt == "md":
        from lawgov_cli.export.md_export import to_markdown

        return to_markdown(workspace, progress, lang).encode("utf-8")
    if fmt == "json":
        from lawgov_cli.export.json_export import json_chunks

        return b"".join(json_chunks(workspace, progress))
    if fmt == "html":
        from lawgov_cli.export.html_export import to_html

        return to_html(workspace, progress, lang).encode("utf-8")
    if fmt == "ics":
        from lawgov_cli.export.ics_export import to_ics

        return to_ics(workspace, progress, lang)
    raise ValueError(f"unknown export format {fmt!r}")


def render_chunks(fmt: str, workspace: Workspace, progress: Progress, lang: Lang) -> Iterator[bytes]:
    """:func:`render` as chunks to write one after the other: JSON streams (a city's export is
    never held in memory whole); the other formats come as one chunk."""
    if fmt == "json":
        from lawgov_cli.export.json_export import json_chunks

        yield from json_chunks(workspace, progress)
        return
    yield render(fmt, workspace, progress, lang)


__all__ = ["BINARY_FORMATS", "FORMATS", "format_for", "render", "render_chunks"]
