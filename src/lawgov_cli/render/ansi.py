"""Styled lines (:mod:`lawgov_cli.render.styled`) as terminal escape codes, without rich.

``lawgov status`` on a terminal is the command people run every morning; importing and running
rich costs about a third of its time on a 10,000-task workspace.  Its screen uses a handful of
plain styles (bold, dim and the eight standard colours) on lines that are already laid out, so
the codes are written here, byte for byte as rich writes them for those lines: each styled part
as ``ESC[<codes>m<text>ESC[0m`` (attributes first, then the colour, as rich orders them), an
unstyled part as itself, a line break after every line.  A test prints the same lines through
rich and compares the bytes.

:func:`ansi_text` returns None for anything it would not write exactly as rich does — a style
outside that vocabulary, a line wider than the screen (rich would wrap it), a character whose
width rich and :func:`~lawgov_cli.render.plain.cell_width` might count differently — and the
caller then hands the lines to rich.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lawgov_cli.render.plain import cell_width
from lawgov_cli.render.styled import Line

__all__ = ["AGREED", "ansi_text", "sgr"]

_ATTRIBUTES = {"bold": "1", "dim": "2"}
"""In rich's order of attributes (bold before dim)."""

_COLOURS = {
    "black": "30",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
    "white": "37",
}
"""The standard colours: the same code in every colour system rich detects (standard, 256,
truecolor)."""

AGREED = re.compile(
    "[\x20-\x7e\xa0-\xff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u25ff\u3000-\u3029"
    "\u3030-\u303f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6]*"
)
"""Text made only of characters whose display width rich and ``cell_width`` agree on (a test
checks every one): Latin, punctuation, arrows, box drawing and blocks, CJK, kana, full-width
forms."""


def sgr(style: str) -> str | None:
    """The escape code rich writes before a part in ``style`` ("" for none); None for a style
    outside the vocabulary."""
    if not style:
        return ""
    attributes: list[str] = []
    colours: list[str] = []
    for word in style.split():
        if word in _ATTRIBUTES:
            attributes.append(word)
        elif word in _COLOURS and not colours:
            colours.append(_COLOURS[word])
        else:
            return None
    codes = [_ATTRIBUTES[name] for name in _ATTRIBUTES if name in attributes] + colours
    return f"\x1b[{';'.join(codes)}m"


def ansi_text(lines: Sequence[Line], width: int) -> str | None:
    """``lines`` as the bytes rich would print on a colour terminal ``width`` columns wide, or
    None when that cannot be promised (see the module's docstring)."""
    codes: dict[str, str | None] = {}
    out: list[str] = []
    for line in lines:
        text = "".join(part for part, _ in line)
        if AGREED.fullmatch(text) is None or cell_width(text) > width:
            return None
        for part, style in line:
            if not part:
                continue
            code = codes[style] if style in codes else codes.setdefault(style, sgr(style))
            if code is None:
                return None
            out.append(f"{code}{part}\x1b[0m" if code else part)
        out.append("\n")
    return "".join(out)
