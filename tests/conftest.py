"""Shared fixtures: a fresh workspace per test, and the CLI run in-process.

Every test writes under ``tmp_path``; colour is off and the terminal width fixed so output is
deterministic (as in fastapi-cli's conftest).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "nankai_2023_rule_of_law_report.txt"
COMMITTED_WORKSPACE = ROOT / "checklists"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LAWGOV_DIR", "LAWGOV_TODAY", "LAWGOV_LANG", "LAWGOV_FORCE_RICH", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LANG", "C.UTF-8")


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``run("status", "--as-of", "2024-07-01")`` -> Result(code, out, err), in-process."""
    from lawgov_cli.cli import main

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as done:
            code = int(done.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the committed 南开区 workspace in a temp folder."""
    target = tmp_path / "ws"
    shutil.copytree(
        COMMITTED_WORKSPACE, target, ignore=shutil.ignore_patterns(".lawgov-cache", ".lawgov.lock")
    )
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes), to prove nothing was written.

    The derived read cache and the lock file are not workspace data and are left out.
    """
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0].startswith((".lawgov-cache", ".lawgov.lock"))
    }


def ok(result: Result) -> Result:
    """Exit 0 and nothing on stderr."""
    assert result.code == 0, result.err
    assert result.err == ""
    return result


def usage_error(result: Result, *fragments: str) -> None:
    """Exit 2, exactly one line on stderr (naming ``fragments``), no traceback, nothing on stdout."""
    assert result.code == 2, (result.code, result.out, result.err)
    assert result.err.endswith("\n") and result.err.count("\n") == 1, result.err
    assert result.err.startswith("lawgov"), result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)


sys.path.insert(0, str(Path(__file__).parent))


YEAR_2024 = Path(__file__).parent / "data" / "year_2024.txt"


def simulate_year(run, ws: Path, until: str = "9999-12-31", since: str = "0000-01-01") -> None:  # type: ignore[no-untyped-def]
    """Apply tests/data/year_2024.txt to ``ws``: each change as of its own date, those dated in
    ``since``..``until`` (a month's changes before that month's bulletin is drawn)."""
    import shlex

    for line in YEAR_2024.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        as_of, *command = shlex.split(line)
        if since <= as_of <= until:
            ok(run("--dir", str(ws), "--as-of", as_of, *command))


class Deadline:
    """``with Deadline(120): ...`` fails the test if the block is still running after that long —
    a hang caught without timing anything that a busy machine could make flaky."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        import signal

        def expired(signum: int, frame: object) -> None:
            raise AssertionError(f"still running after {self.seconds} s: a hang")

        self._previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(self.seconds)

    def __exit__(self, *exc: object) -> None:
        import signal

        signal.alarm(0)
        signal.signal(signal.SIGALRM, self._previous)


def status_json(run, ws: Path, monkeypatch: pytest.MonkeyPatch, *, as_of: str = "2024-07-01", cache: bool = True) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """``status --format json`` of ``ws`` at ``as_of``, in-process, with the cache on or off."""
    import json

    if cache:
        monkeypatch.delenv("LAWGOV_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("LAWGOV_NO_CACHE", "1")
    result = run("--dir", str(ws), "--as-of", as_of, "status", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]
