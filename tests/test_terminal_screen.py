"""The terminal dashboard written without rich is what rich would print, byte for byte.

``lawgov status`` on a terminal lays its screen out as styled lines (render/status.py,
render/styled.py) and writes them as escape codes (render/ansi.py) when it can promise rich's
bytes; rich prints the same lines otherwise.  Here rich is the reference: the same lines go
through both, on workspaces, widths and languages that exercise every part of the screen.
"""

from __future__ import annotations

import io
import os
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from lawgov_cli.render.ansi import AGREED, ansi_text, sgr
from lawgov_cli.render.plain import cell_width
from lawgov_cli.render.styled import Line, styled_table, wrap_cells
from procs import on_a_pty, synth_city


def _rich_bytes(lines: list[Line], width: int, color_system: str = "standard") -> str:
    from rich.console import Console

    from lawgov_cli.cli.output import rich_print

    buffer = io.StringIO()
    con = Console(
        file=buffer,
        width=width,
        force_terminal=True,
        color_system=color_system,  # type: ignore[arg-type]
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
        no_color=False,  # conftest sets NO_COLOR for every test
    )
    rich_print(con, lines)
    return buffer.getvalue()


def _screens(ws: Path, days: list[date], widths: list[int]) -> list[tuple[str, int, list[Line]]]:
    from lawgov_cli.progress import evaluate
    from lawgov_cli.render.status import terminal_lines
    from lawgov_cli.store.load import load_workspace

    workspace = load_workspace(ws, detail=False)
    out = []
    for day in days:
        progress = evaluate(workspace, day)
        for lang in ("zh", "en"):
            for width in widths:
                for show_all in (False, True):
                    lines = terminal_lines(workspace, progress, lang, width, show_all=show_all)  # type: ignore[arg-type]
                    out.append((f"{day} {lang} {width} all={show_all}", width, lines))
    return out


def test_the_direct_codes_are_riches_bytes_on_the_bundled_workspace(workspace: Path) -> None:
    screens = _screens(
        workspace, [date(2024, 1, 15), date(2024, 6, 20), date(2024, 12, 31)], [80, 100, 132, 200]
    )
    written = 0
    for label, width, lines in screens:
        text = ansi_text(lines, width)
        assert text is not None, label  # the everyday screen never needs rich
        for system in ("standard", "256", "truecolor"):
            assert text == _rich_bytes(lines, width, system), (label, system)
        written += 1
    assert written == len(screens) == 48


def test_the_direct_codes_are_riches_bytes_on_a_city(tmp_path: Path) -> None:
    ws = synth_city(tmp_path / "city", 600, 30, 1)
    compared = 0
    for label, width, lines in _screens(ws, [date(2024, 3, 15), date(2024, 7, 1)], [60, 80, 120]):
        assert all(cell_width("".join(p for p, _ in line)) <= width for line in lines), label
        text = ansi_text(lines, width)
        assert text is not None, label
        assert text == _rich_bytes(lines, width), label
        compared += 1
    assert compared == 24


def test_a_screen_the_codes_cannot_promise_goes_to_rich() -> None:
    fits: list[Line] = [[("区司法局", "bold red"), ("  12", "")]]
    assert ansi_text(fits, 80) == "\x1b[1;31m区司法局\x1b[0m  12\n"
    assert ansi_text([[("x" * 81, "")]], 80) is None  # rich would wrap it
    assert ansi_text([[("ok", "italic")]], 80) is None  # a style outside the vocabulary
    assert ansi_text([[("😀", "")]], 80) is None  # a width rich may count its own way
    assert ansi_text([[("a\tb", "")]], 80) is None  # a control character
    assert sgr("dim") == "\x1b[2m" and sgr("bold cyan") == "\x1b[1;36m" and sgr("") == ""
    assert sgr("red green") is None


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (0x20, 0x7E),
        (0xA0, 0xFF),
        (0x2010, 0x2027),
        (0x2030, 0x205E),
        (0x2190, 0x21FF),
        (0x2500, 0x25FF),
        (0x3000, 0x303F),
        (0x3040, 0x30FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xFF01, 0xFF60),
        (0xFFE0, 0xFFE6),
    ],
)
def test_every_agreed_character_has_the_width_rich_gives_it(first: int, last: int) -> None:
    from rich.cells import cell_len

    agreed = [chr(code) for code in range(first, last + 1) if AGREED.fullmatch(chr(code))]
    assert agreed  # every range holds some
    assert [ch for ch in agreed if cell_width(ch) != cell_len(ch)] == []


@pytest.mark.parametrize("width", [10, 21, 40, 80])
def test_wrapped_text_fits_and_keeps_every_character(width: int) -> None:
    texts = [
        "共10000项：已完成4288（其中逾期完成11）、推进中3233、未开始1954、已撤销525；逾期1361项，14天内到期60项",
        "10000 tasks: 4288 done (11 of them late), 3233 in progress, 1954 not started, 525 dropped; 1361 overdue",
        "a/very/long/path/without/any/space/at/all/that/is/longer/than/the/screen/itself/by/far",
        "南开区 2023 年度法治政府建设情况报告 — 2024年度任务清单（截至2024-07-01）",
    ]
    for text in texts:
        lines = wrap_cells(text, width)
        assert all(cell_width(line) <= width for line in lines), lines
        assert all(line == line.strip(" ") and line for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap_cells("short", width) == ["short"]


def test_wrapping_breaks_at_spaces_before_folding_words() -> None:
    assert wrap_cells("one two three four", 9) == ["one two", "three", "four"]
    assert wrap_cells("法治政府建设", 5) == ["法治", "政府", "建设"]
    assert wrap_cells("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_a_table_is_cut_to_the_width() -> None:
    lines = styled_table(
        ["编号", "任务"],
        [[("T1", "red"), ("深入推进严格规范公正文明执法，全面推行行政执法三项制度", "red")]],
        width=30,
        shrink=(1,),
    )
    widths = [cell_width("".join(part for part, _ in line)) for line in lines]
    assert max(widths) <= 30 and lines[-1][-1][0].endswith("…")


_PROBE = (
    "import sys\n"
    "from lawgov_cli.cli import main\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    sys.stdout.write('RICH=%s\\n' % ('rich' in sys.modules))\n"
)


@pytest.mark.parametrize("columns", [80, 120])
def test_status_on_a_real_terminal_is_riches_screen_without_rich(workspace: Path, columns: int) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")
    }
    env["TERM"] = "xterm-256color"
    args = [sys.executable, "-c", _PROBE, "--dir", str(workspace), "--as-of", "2024-06-20", "status"]
    direct = on_a_pty(args, env, workspace, columns).decode("utf-8")
    through_rich = on_a_pty(args, {**env, "LAWGOV_FORCE_RICH": "1"}, workspace, columns).decode("utf-8")
    assert direct.endswith("RICH=False\r\n"), direct[-200:]
    assert through_rich.endswith("RICH=True\r\n"), through_rich[-200:]
    assert direct.removesuffix("RICH=False\r\n") == through_rich.removesuffix("RICH=True\r\n")
    screen = re.sub(r"\x1b\[[0-9;]*m", "", direct)
    assert "逾期任务（红灯）" in screen and "\x1b[1;31m" in direct
    assert all(cell_width(line) <= columns for line in screen.replace("\r", "").splitlines())
