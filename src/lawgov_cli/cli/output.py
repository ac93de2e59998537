"""Where output goes and in which dress: rich on a terminal, plain text when piped or NO_COLOR.

rich is imported only when a terminal will see it; the plain path pads CJK text by display
width with the standard library, so piped output lines up too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from lawgov_cli.fileio import json_without_controls, strip_controls
from lawgov_cli.render.plain import cell_width, pad, plain_table

__all__ = [
    "cell_width",
    "console",
    "echo",
    "echo_err",
    "pad",
    "plain_table",
    "print_json",
    "print_screen",
    "use_rich",
]

if TYPE_CHECKING:
    from rich.console import Console

    from lawgov_cli.render.styled import Line


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


def print_screen(layout: Callable[[int], Sequence[Line]]) -> None:
    """A screen of styled lines on the terminal: ``layout(width)`` lays them out for its width.

    On a colour terminal whose screen rich would print exactly as
    :func:`lawgov_cli.render.ansi.ansi_text` writes it, the codes are written directly and rich is
    never imported (a third of ``lawgov status``'s time); anywhere else — forced by
    ``LAWGOV_FORCE_RICH``, Windows, a dumb terminal, ``FORCE_COLOR``/``TTY_COMPATIBLE`` set, a
    line that would wrap — rich prints the same lines.
    """
    width = _direct_width()
    lines: Sequence[Line] = ()
    if width is not None:
        from lawgov_cli.render.ansi import ansi_text

        lines = layout(width)
        text = ansi_text(lines, width)
        if text is not None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
    con = console()
    rich_print(con, lines if lines and width == con.width else layout(con.width))


def rich_print(con: Console, lines: Sequence[Line]) -> None:
    """Styled lines printed by rich, in one call (its per-call cost is paid once)."""
    from rich.text import Text

    out = []
    for line in lines:
        text = Text()
        for part, style in line:
            text.append(part, style=style or None)
        out.append(text)
    con.print(Text("\n").join(out))


def _direct_width() -> int | None:
    """The screen's width as rich would measure it, when the codes can be written without rich:
    a POSIX terminal that rich would colour with the standard codes and a UTF-8 stdout; None
    otherwise."""
    environ = os.environ
    if sys.platform == "win32" or environ.get("LAWGOV_FORCE_RICH"):
        return None
    if "FORCE_COLOR" in environ or "TTY_COMPATIBLE" in environ:
        return None
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None
    if (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") != "utf8":
        return None
    try:
        if not sys.stdout.isatty():
            return None
    except ValueError:
        return None
    width = None
    for descriptor in (0, 1, 2):  # rich's order: stdin first
        try:
            width = os.get_terminal_size(descriptor).columns
            break
        except (AttributeError, ValueError, OSError):
            pass
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    width = width or 80
    return width if width >= 20 else None


def print_json(document: dict[str, Any]) -> None:
    """One JSON document on stdout, UTF-8, Chinese unescaped."""
    # Control characters and bidi overrides are dropped from every string, not just escaped.
    sys.stdout.write(json_without_controls(document, ensure_ascii=False, indent=2) + "\n")


def echo(text: str = "") -> None:
    sys.stdout.write(strip_controls(text) + "\n")


def echo_err(text: str) -> None:
    sys.stderr.write(strip_controls(text) + "\n")
