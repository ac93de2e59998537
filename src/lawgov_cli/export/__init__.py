"""``lawgov export``: the same :class:`~lawgov_cli.progress.Progress` as ``status``, as files.

Every format is rendered from one ``progress.evaluate(...)`` result, so the numbers in a CSV, a
workbook, a web page and ``status --format json`` always agree for the same ``--as-of``.

:data:`REGISTRY` is the one list of formats: the core renders from it and the command line takes
its ``--format`` choices, aliases and ``-o`` suffixes from it.  Adding a format is one entry
(plus its module).  Each format lives in its own module, imported — with its third-party library
(openpyxl, Jinja2, icalendar) — only when that format is written, so ``lawgov status`` never pays
for them.

>>> format_for("台账.xlsx")
'xlsx'
>>> canonical_format("Excel")
'xlsx'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lawgov_cli.i18n import Lang
    from lawgov_cli.model import Workspace
    from lawgov_cli.progress import Progress


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: its name, where its writer lives, how its output travels."""

    name: str
    """What ``--format`` takes."""
    module: str
    """The module under ``lawgov_cli.export`` holding the writer (imported on first use)."""
    writer: str
    """The writer's name: ``(workspace, progress, lang) -> bytes | str`` (``str`` is UTF-8 text),
    or, with ``streams``, ``(workspace, progress, lang) -> Iterator[bytes]``."""
    suffixes: tuple[str, ...]
    """File name endings that choose this format when ``--format`` is not given."""
    binary: bool = False
    """Never written to stdout (a terminal would show garbage); text formats leave without
    control characters."""
    streams: bool = False
    """The writer yields chunks (a city's export is never held in memory whole)."""
    aliases: tuple[str, ...] = ()
    """Other names ``--format`` accepts for it."""
    keeps_lone_cr: bool = False
    """A carriage return not ending a line may stay (CSV quotes it inside its cell); in the other
    text formats it would end a line early and is dropped."""

    def load(self) -> Callable[..., Any]:
        """The writer function (its module, and that module's library, imported now)."""
        module = importlib.import_module(f"lawgov_cli.export.{self.module}")
        writer: Callable[..., Any] = getattr(module, self.writer)
        return writer


REGISTRY: dict[str, ExportFormat] = {
    entry.name: entry
    for entry in (
        ExportFormat("csv", "csv_export", "csv_chunks", (".csv",), streams=True, keeps_lone_cr=True),
        ExportFormat("xlsx", "xlsx_export", "to_xlsx", (".xlsx",), binary=True, aliases=("xls", "excel")),
        ExportFormat("md", "md_export", "to_markdown", (".md", ".markdown"), aliases=("markdown",)),
        ExportFormat("json", "json_export", "json_chunks", (".json",), streams=True),
        ExportFormat("html", "html_export", "to_html", (".html", ".htm"), aliases=("htm",)),
        ExportFormat("ics", "ics_export", "to_ics", (".ics",), aliases=("ical",)),
    )
}
"""Format name -> :class:`ExportFormat`, in the order help and errors list them."""

FORMATS: tuple[str, ...] = tuple(REGISTRY)
"""The formats ``lawgov export --format`` accepts."""

BINARY_FORMATS: frozenset[str] = frozenset(name for name, entry in REGISTRY.items() if entry.binary)
"""Formats that are never written to stdout."""

_ALIASES = {alias: entry.name for entry in REGISTRY.values() for alias in entry.aliases}
_SUFFIXES = {suffix: entry.name for entry in REGISTRY.values() for suffix in entry.suffixes}


def canonical_format(name: str) -> str:
    """``name`` with an alias (``markdown``, ``excel``…) replaced by its format, lower case."""
    wanted = name.strip().lower()
    return _ALIASES.get(wanted, wanted)


def format_for(path: str | Path) -> str | None:
    """The format a file name asks for by its suffix (``台账.xlsx`` -> ``xlsx``), or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def render(fmt: str, workspace: Workspace, progress: Progress, lang: Lang) -> bytes:
    """The export of ``progress`` in format ``fmt`` (one of :data:`FORMATS`), as bytes to write."""
    return b"".join(render_chunks(fmt, workspace, progress, lang))


def render_chunks(fmt: str, workspace: Workspace, progress: Progress, lang: Lang) -> Iterator[bytes]:
    """The export of ``progress`` in format ``fmt`` as chunks to write one after the other:
    a streaming format (JSON) in many, the others in one.

    Text formats leave without control characters (ESC, BEL, BS, DEL, C1) or bidi overrides, on
    a terminal and in files alike (ICS forbids them; a hand-edited title may still hold them);
    a streaming writer strips them itself.
    """
    entry = REGISTRY.get(fmt)
    if entry is None:
        raise ValueError(f"unknown export format {fmt!r}")
    writer = entry.load()
    if entry.streams:
        chunks: Iterable[bytes] = writer(workspace, progress, lang)
        yield from chunks
        return
    data = writer(workspace, progress, lang)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if entry.binary:
        yield data
        return
    yield _clean_text(data, keeps_lone_cr=entry.keeps_lone_cr)


def _clean_text(data: bytes, *, keeps_lone_cr: bool) -> bytes:
    import re

    from lawgov_cli.fileio import strip_controls

    text = strip_controls(data.decode("utf-8"), keep_cr=True)
    if not keeps_lone_cr:
        text = re.sub("\r(?!\n)", "", text)  # a lone CR would end a line early
    return text.encode("utf-8")


__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "REGISTRY",
    "ExportFormat",
    "canonical_format",
    "format_for",
    "render",
    "render_chunks",
]
