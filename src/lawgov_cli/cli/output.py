"""Where output goes and in which dress: rich on a terminal, plain text when piped or NO_COLOR.

rich is imported only when a terminal will see it; the plain path pads CJK text by display
width with the standard library, so piped output lines up too.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def use_rich() -> bool:
    """Rich (colour, boxes, bars) only on a terminal and without NO_COLOR."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("LAWGOV_FORCE_RICH"):  # for screenshots and tests of the rich path
        return True
    return sys.stdout.isatty()


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    forced = bool(os.environ.get("LAWGOV_FORCE_RICH"))
    return Console(stderr=stderr, highlight=False, force_terminal=forced or None, soft_wrap=False)


def cell_width(text: str) -> int:
    """Display width in a terminal: East Asian wide/full-width characters take two cells."""
    return sum(
        2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
        for ch in text
    )


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, last_free: bool = True) -> str:
    """Columns separated by two spaces, padded by display width; the last column is not padded."""
    widths = [cell_width(h) for h in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], cell_width(cell))
    lines = []
    for row in [list(headers), *[list(r) for r in rows]]:
        cells = [
            cell if (last_free and index == len(row) - 1) else pad(cell, widths[index])
            for index, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def print_json(document: dict[str, Any]) -> None:
    """One JSON document on stdout, UTF-8, Chinese unescaped."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def echo_err(text: str) -> None:
    sys.stderr.write(text + "\n")
