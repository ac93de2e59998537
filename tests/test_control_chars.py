"""Control characters never reach a terminal or a file (issue 10, item 11).

ESC, BEL, BS, DEL, C1 controls and bidirectional overrides (U+202E) in a report are dropped
where the text enters the workspace (``init``/``sync`` parse the report), and dropped again where
text leaves: every export (csv, md, html, ics, json), the bulletin and report drafts, and every
line printed on a terminal — for text a clerk typed into a TOML file by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SEED

FORBIDDEN = ["\x1b", "\x07", "\x08", "\x7f", "\x9b", "\x85", "\u202e", "\u2066", "\x00", "\x0c"]
HOSTILE = "\x1b[31m红\x07铃\x08退\x7f删\x9b1m\u202e反\u2066隔\x85"


def _bad(text: str) -> list[str]:
    return [repr(c) for c in FORBIDDEN if c in text]


def test_report_text_enters_the_workspace_clean(run, tmp_path: Path) -> None:
    text = SEED.read_text("utf-8")
    sentence = "严格落实行政机关负责人出庭应诉制度"
    assert sentence in text
    report = tmp_path / "hostile.txt"
    report.write_text(
        text.replace(sentence, "严格落实\x1b行政机关\x07负责人\u202e出庭应诉\x7f制度\x9b", 1), "utf-8"
    )
    extracted = run("extract", str(report), "--format", "json")
    assert extracted.code == 0, extracted.err
    assert not _bad(extracted.out) and "\\u001b" not in extracted.out
    ws = tmp_path / "ws"
    result = run("init", str(ws), "--from", str(report))
    assert result.code == 0, result.err
    for path in sorted(ws.rglob("*.toml")):
        content = path.read_text("utf-8")
        assert not _bad(content), (path, _bad(content))
        assert "\\u001b" not in content and "\\u0007" not in content and "\\u007f" not in content
    assert sentence in (ws / "tasks" / "sifaju.toml").read_text("utf-8")


@pytest.fixture
def hostile_ws(workspace: Path) -> Path:
    """Control characters typed into a department file by hand (TOML escapes), in a title and a note."""
    path = workspace / "tasks" / "sifaju.toml"
    text = path.read_text("utf-8")
    escaped = json.dumps(HOSTILE)  # a TOML basic string takes JSON's escapes
    text = text.replace('title = "严格落实行政机关负责人出庭应诉制度"', f"title = {escaped}", 1)
    text = text.replace("notes = []", f"notes = [{escaped}]", 1)
    path.write_text(text, "utf-8")
    return workspace


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "ics", "json"])
def test_every_export_leaves_without_controls(run, hostile_ws: Path, tmp_path: Path, fmt: str) -> None:
    d = ("--dir", str(hostile_ws), "--as-of", "2024-07-15")
    out = tmp_path / f"export.{fmt}"
    assert run(*d, "export", "-o", str(out)).code == 0
    content = out.read_bytes().decode("utf-8")
    assert not _bad(content), _bad(content)
    assert "红铃退删1m反隔" in content
    assert "\\u001b" not in content and "\\u0007" not in content
    on_terminal = run(*d, "export", "--format", fmt)
    assert on_terminal.code == 0 and not _bad(on_terminal.out)


def test_documents_and_terminal_output_without_controls(run, hostile_ws: Path, tmp_path: Path) -> None:
    d = ("--dir", str(hostile_ws), "--as-of", "2024-07-15")
    assert run(*d, "done", "M6.3", "--on", "2024-06-10", "--note", "办结\x1b]0;title\x07").code == 0
    outputs = []
    for args in (
        ["status"],
        ["status", "--format", "json"],
        ["list"],
        ["list", "--format", "json"],
        ["show", "M6.3"],
        ["show", "M6.3", "--format", "json"],
        ["log"],
        ["bulletin", "--month", "2024-06"],
        ["bulletin", "--month", "2024-06", "--format", "text"],
        ["report"],
    ):
        result = run(*d, *args)
        assert result.code in (0, 1), (args, result.err)
        outputs.append((args, result.out + result.err))
    assert any("红铃退删" in out for _, out in outputs)
    for args, out in outputs:
        assert not _bad(out), (args, _bad(out))
