"""Where output goes and in which dress: rich on a terminal, plain text when piped or NO_COLOR.

rich is imported only when a terminal will see it; the plain path pads CJK text by display
width with the standard library, so piped output lines up too.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

from lawgov_cli.fileio import strip_controls, strip_controls_deep
from lawgov_cli.render.plain import cell_width, pad, plain_table

__all__ = ["cell_width", "console", "echo", "echo_err", "pad", "plain_table", "print_json", "use_rich"]

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


def print_json(document: dict[str, Any]) -> None:
    """One JSON document on stdout, UTF-8, Chinese unescaped."""
    # Control characters and bidi overrides are dropped from every string, not just escaped.
    sys.stdout.write(json.dumps(strip_controls_deep(document), ensure_ascii=False, indent=2) + "\n")


def echo(text: str = "") -> None:
    sys.stdout.write(strip_controls(text) + "\n")


def echo_err(text: str) -> None:
    sys.stderr.write(strip_controls(text) + "\n")
