"""The lock names its holder and waits long enough; killed writes leave no temp file for good;
``record`` takes negative numbers (issue 10, item 18).

Kill points are deterministic: ``LAWGOV_TEST_POINT=<point>:stop|kill`` makes the real process
stop or SIGKILL itself at a named point (see ``lawgov_cli/testpoint.py``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import tomllib
from pathlib import Path

import pytest

from lawgov_cli.errors import LawgovError
from lawgov_cli.store.lock import DEFAULT_TIMEOUT, LOCK_NAME, lock_timeout
from procs import LAWGOV, environment, lawgov, one_line_error

pytestmark = pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")


def _stopped_at(ws: Path, point: str, *args: str) -> subprocess.Popen[str]:
    """A real ``lawgov ARGS`` that has stopped itself (SIGSTOP) at ``point``."""
    assert LAWGOV is not None
    proc = subprocess.Popen(
        [LAWGOV, *args],
        env=environment(ws, LAWGOV_TEST_POINT=f"{point}:stop"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), status
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    os.kill(proc.pid, signal.SIGCONT)
    proc.wait()


def test_busy_message_names_the_holder(workspace: Path) -> None:
    holder = _stopped_at(workspace, "lock.held", "note", "M6.3", "持锁中")
    try:
        assert f"pid={holder.pid}" in (workspace / LOCK_NAME).read_text("utf-8")
        waiting = lawgov(workspace, "done", "M2.5", LAWGOV_LOCK_TIMEOUT="0.3", LAWGOV_LANG="en")
        one_line_error(waiting, f"pid={holder.pid}", "note M6.3", "started=", "LAWGOV_LOCK_TIMEOUT")
    finally:
        _kill(holder)
    # the kernel dropped the lock with the process: the next writer goes straight through
    assert lawgov(workspace, "note", "M6.3", "之后").returncode == 0
    assert "note M6.3 之后" in (workspace / LOCK_NAME).read_text("utf-8")


def test_waiting_writer_gets_the_lock_when_the_holder_finishes(workspace: Path) -> None:
    holder = _stopped_at(workspace, "lock.held", "note", "M6.3", "第一")
    assert LAWGOV is not None
    waiter = subprocess.Popen(
        [LAWGOV, "note", "M6.3", "第二"],
        env=environment(workspace),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.kill(holder.pid, signal.SIGCONT)
    assert holder.wait(timeout=60) == 0
    assert waiter.wait(timeout=60) == 0, waiter.stderr.read() if waiter.stderr else ""
    tasks = tomllib.loads((workspace / "tasks" / "sifaju.toml").read_text("utf-8"))["tasks"]
    assert next(t for t in tasks if t["id"] == "M6.3")["notes"] == ["第一", "第二"]


def test_lock_timeout_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAWGOV_LOCK_TIMEOUT", raising=False)
    assert lock_timeout() == DEFAULT_TIMEOUT == 120
    monkeypatch.setenv("LAWGOV_LOCK_TIMEOUT", "300")
    assert lock_timeout() == 300
    for bad in ("abc", "-1", "nan", "inf"):
        monkeypatch.setenv("LAWGOV_LOCK_TIMEOUT", bad)
        with pytest.raises(LawgovError):
            lock_timeout()


def test_lock_file_that_is_a_link_is_not_written_through(workspace: Path) -> None:
    (workspace / LOCK_NAME).symlink_to(workspace / "lawgov.toml")
    before = (workspace / "lawgov.toml").read_bytes()
    one_line_error(lawgov(workspace, "note", "M6.3", "x", LAWGOV_LANG="en"), LOCK_NAME, "not a regular file")
    assert (workspace / "lawgov.toml").read_bytes() == before


def test_temp_file_of_a_killed_write_is_removed_by_the_next_writer(workspace: Path) -> None:
    tasks = workspace / "tasks"
    before = (tasks / "sifaju.toml").read_bytes()
    assert LAWGOV is not None
    killed = subprocess.Popen(
        [LAWGOV, "note", "M6.3", "写到一半"],
        env=environment(workspace, LAWGOV_TEST_POINT="atomic.before_replace:kill"),
    )
    assert killed.wait(timeout=60) == -signal.SIGKILL
    assert (tasks / "sifaju.toml").read_bytes() == before  # the rename never happened
    (leftover,) = [p for p in tasks.iterdir() if p.name.endswith(".tmp")]
    assert leftover.name.startswith(f".sifaju.toml.{killed.pid}.")  # named with its pid
    # a temp file of a live process (this test) is not touched, nor another file's leftover
    live = tasks / f".sifaju.toml.{os.getpid()}.abc123.tmp"
    live.write_bytes(b"in progress")
    other_file = tasks / f".zfb.toml.{killed.pid}.xyz.tmp"
    other_file.write_bytes(b"x")
    assert lawgov(workspace, "note", "M6.3", "重新写").returncode == 0
    assert not leftover.exists()
    assert live.exists() and other_file.exists()
    task = next(
        t for t in tomllib.loads((tasks / "sifaju.toml").read_text("utf-8"))["tasks"] if t["id"] == "M6.3"
    )
    assert task["notes"] == ["重新写"]
    # the writer of zfb.toml removes zfb's leftover
    assert lawgov(workspace, "note", "M1.1", "推进中").returncode == 0
    assert not other_file.exists() and live.exists()


def test_record_takes_a_negative_number_without_double_dash(workspace: Path) -> None:
    result = lawgov(workspace, "record", "M6.3", "实质化解率(较2022年底上涨)", "-5", "--note", "口径调整")
    assert result.returncode == 0, result.stderr
    result = lawgov(workspace, "record", "M6.3", "出庭应诉率(较2022年底上涨)", "-1.5")
    assert result.returncode == 0, result.stderr
    task = next(
        t
        for t in tomllib.loads((workspace / "tasks" / "sifaju.toml").read_text("utf-8"))["tasks"]
        if t["id"] == "M6.3"
    )
    actuals = {m["name"]: m.get("actual") for m in task["metrics"]}
    assert actuals["实质化解率(较2022年底上涨)"] == -5 and actuals["行政机关负责人出庭应诉率(较2022年底上涨)"] == -1.5
    percent = lawgov(workspace, "record", "M6.3", "实质化解率", "-5", "--force")  # % outside 0-100
    assert percent.returncode == 0, percent.stderr
    unknown = lawgov(workspace, "record", "M6.3", "实质化解率", "5", "--bogus")
    assert unknown.returncode == 2 and "--bogus" in unknown.stderr
