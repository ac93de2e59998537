"""Styled lines for a terminal screen: what to print and in which style, fitted to a width.

A screen (``lawgov status`` on a terminal) is a list of :data:`Line`; each line is a list of
(text, style) parts, the style one of :data:`STYLES`' names ("" for none).  Lines are laid out
here — tables padded by display width and cut to the width, free text wrapped — so the printer
never has to wrap: :mod:`lawgov_cli.render.ansi` writes them as escape codes directly, and rich
(the fallback printer) gets lines that already fit.
"""

from __future__ import annotations

from lawgov_cli.render.plain import cell_width

__all__ = ["GAP", "Cell", "Line", "cut", "styled_table", "wrap_cells"]

Cell = tuple[str, str]
"""(text, style) of one part of a line."""

Line = list[Cell]
"""One screen line: its parts, left to right."""

GAP = "  "
"""Between two table columns."""


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` display cells, ending in ``…`` when it was longer."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` display cells.

    A line breaks at a space (the space dropped) or between two characters of which one is wide
    (Chinese text has no spaces: it breaks anywhere, as a Chinese terminal or a printed page
    does); a run of narrow characters longer than the width (a long path) is folded.
    """
    width = max(1, width)
    if cell_width(text) <= width:
        return [text]
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for token in _tokens(text):
        size = cell_width(token)
        if token == " ":
            if not line and lines:  # a continuation line starts with its first word
                continue
            if used + 1 <= width:
                line.append(token)
                used += 1
            else:  # the space that breaks the line goes with the break
                lines.append("".join(line).rstrip(" "))
                line, used = [], 0
            continue
        if used + size > width and line:
            lines.append("".join(line).rstrip(" "))
            line, used = [], 0
        while size > width:  # a word wider than the line: folded, character by character
            part: list[str] = []
            part_size = 0
            for ch in token:
                ch_size = cell_width(ch)
                if part_size + ch_size > width and part:
                    break
                part.append(ch)
                part_size += ch_size
            lines.append("".join(part))
            token = token[len(part) :]
            size = cell_width(token)
        if not line and not token:
            continue
        line.append(token)
        used += size
    lines.append("".join(line).rstrip(" "))
    return [line for line in lines if line] or [""]


def _tokens(text: str) -> list[str]:
    """Spaces one by one, each wide character alone, runs of other characters together."""
    tokens: list[str] = []
    run: list[str] = []
    for ch in text:
        if ch == " " or cell_width(ch) == 2:
            if run:
                tokens.append("".join(run))
                run = []
            tokens.append(ch)
        else:
            run.append(ch)
    if run:
        tokens.append("".join(run))
    return tokens


def styled_table(
    headers: list[str],
    rows: list[list[Cell | list[Cell]]],
    *,
    width: int,
    right: frozenset[int] = frozenset(),
    shrink: tuple[int, ...] = (),
    header_style: str = "bold",
) -> list[Line]:
    """A table as lines fitted to ``width`` columns: cells padded by display width and separated
    by two spaces; when too wide, the columns of ``shrink`` are cut in that order (ending in
    ``…``), none narrower than its header or six cells.  A cell is (text, style) or a list of
    them (a bar)."""

    def text_of(cell: Cell | list[Cell]) -> str:
        return cell[0] if isinstance(cell, tuple) else "".join(part[0] for part in cell)

    widths = [cell_width(h) for h in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], cell_width(text_of(cell)))
    for column in shrink:
        total = sum(widths) + len(GAP) * (len(widths) - 1)
        if total > width:
            widths[column] = max(cell_width(headers[column]), 6, widths[column] - (total - width))

    def line(cells: list[Cell | list[Cell]]) -> Line:
        out: Line = []
        for index, cell in enumerate(cells):
            if index:
                out.append((GAP, ""))
            parts = [cell] if isinstance(cell, tuple) else cell
            if index in shrink and isinstance(cell, tuple):
                parts = [(cut(cell[0], widths[index]), cell[1])]
            used = sum(cell_width(p[0]) for p in parts)
            fill = " " * max(0, widths[index] - used)
            if index in right:
                out.append((fill, ""))
            out.extend(parts)
            if index not in right and index != len(cells) - 1:
                out.append((fill, ""))
        return out

    lines = [line([(h, header_style) for h in headers])]
    lines.append([("─" * min(width, sum(widths) + len(GAP) * (len(widths) - 1)), "dim")])
    lines += [line(row) for row in rows]
    return lines
