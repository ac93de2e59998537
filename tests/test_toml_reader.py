"""The optional compiled reader (rtoml) never changes an answer: tomli is the fallback and the
reference (``LAWGOV_TOML=tomli``), for results and for errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lawgov_cli.store import tomlfile

from conftest import ROOT


@pytest.fixture
def city(tmp_path: Path) -> Path:
    out = tmp_path / "city"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "synth.py"),
            "--tasks",
            "600",
            "--departments",
            "3",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return out


def _answers(run, ws: Path, monkeypatch: pytest.MonkeyPatch, parser: str) -> list[object]:
    monkeypatch.setenv("LAWGOV_NO_CACHE", "1")
    monkeypatch.setenv("LAWGOV_TOML", parser)
    monkeypatch.setattr(tomlfile, "_fast_tried", False)
    monkeypatch.setattr(tomlfile, "_fast_loads", None)
    out = []
    for args in (("status", "--format", "json"), ("--as-of", "2024-03-15", "status", "--format", "json")):
        result = run("--dir", str(ws), *args)
        assert result.code == 0, result.err
        out.append(json.loads(result.out))
    result = run("--dir", str(ws), "list", "--format", "json")
    assert result.code == 0, result.err
    out.append(json.loads(result.out))
    return out


def test_the_same_answers_with_either_reader(run, city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = list((city / "tasks").glob("*.toml"))
    assert files and all(p.stat().st_size >= tomlfile._FAST_FROM for p in files)  # rtoml's size
    reference = _answers(run, city, monkeypatch, "tomli")
    assert tomlfile._fast_loads is None  # turned off: tomli read everything
    assert reference[0]["totals"]["tasks"] == 600
    assert _answers(run, city, monkeypatch, "") == reference


def test_errors_come_from_tomli_whichever_reader(run, city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sorted((city / "tasks").glob("*.toml"))[0]
    text = path.read_text("utf-8")
    lines = text.splitlines(keepends=True)
    lines.insert(40, 'broken = "no end\n')
    path.write_text("".join(lines), "utf-8")
    errors = set()
    for parser in ("tomli", ""):
        monkeypatch.setenv("LAWGOV_TOML", parser)
        monkeypatch.setattr(tomlfile, "_fast_tried", False)
        result = run("--dir", str(city), "status")
        assert result.code == 2 and ":41:" in result.err, result.err
        errors.add(result.err)
    assert len(errors) == 1


def test_a_text_only_tomli_reads_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrays nested 150 deep: rtoml stops near 80, tomli reads them; the answer is tomli's."""
    text = "deep = " + "[" * 150 + "]" * 150 + "\n" + "# padding\n" * (tomlfile._FAST_FROM // 10)
    monkeypatch.delenv("LAWGOV_TOML", raising=False)
    monkeypatch.setattr(tomlfile, "_fast_tried", False)
    doc = tomlfile.loads(text)
    depth, node = 0, doc["deep"]
    while node:
        depth, node = depth + 1, node[0]
    assert depth == 149
