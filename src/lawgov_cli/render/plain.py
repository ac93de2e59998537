"""Plain-text tables that line up CJK text: for pipes, cron mail and NO_COLOR terminals."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache


def printable(text: str) -> str:
    """Text safe to print on a terminal or in cron mail: control characters (ESC, CSI, BEL, line
    breaks inside a cell…) become spaces, so a title can never move the cursor or recolour a screen."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " for ch in text)


def cell_width(text: str) -> int:
    """Display width in a terminal: East Asian wide/full-width characters take two cells.

    ASCII text (ids, dates, numbers) is its length; other characters are looked up once each
    (a city's titles reuse a few thousand characters a million times)."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


@cache
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, last_free: bool = True) -> str:
    """Columns separated by two spaces, padded by display width; the last column is not padded."""
    table = [list(headers), *([printable(cell) for cell in row] for row in rows)]
    padded = len(headers) - 1 if last_free else len(headers)
    # Each cell measured once; the free last column (titles: the widest text) never.
    measured = [[cell_width(cell) for cell in row[:padded]] for row in table]
    widths = [max(column, default=0) for column in zip(*measured, strict=False)] if padded else []
    lines = []
    for row, sizes in zip(table, measured, strict=True):
        cells = [cell + " " * (width - size) for cell, size, width in zip(row, sizes, widths, strict=False)]
        cells += row[padded:]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
