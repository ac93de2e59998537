"""Department files' export text made partly by forked helpers (export/pool.py) is what this
process makes alone: in order, every item, whatever a helper fails on or however it dies; the
first JSON/CSV export after a cache rebuild made with helpers writes the same bytes and keeps the
same lines as without.

Helpers are forced on for small workspaces with ``LAWGOV_PARALLEL_BYTES=0`` and
``LAWGOV_JOBS=2``; ``LAWGOV_JOBS=1`` is everything in-process.  Real processes, real files.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lawgov_cli.export.pool import helpers_for, made_in_order
from procs import LAWGOV, lawgov, stopped_at, synth_city

from conftest import snapshot

POOL = {"LAWGOV_JOBS": "2", "LAWGOV_PARALLEL_BYTES": "0"}
IN_PROCESS = {"LAWGOV_JOBS": "1"}
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="fork; finds helpers with ps --ppid")


def _wait_for(path: Path) -> None:
    """Until a helper has written ``path`` (the timeout only guards against a hang)."""
    deadline = time.monotonic() + 60
    while not path.exists():
        assert time.monotonic() < deadline, "no helper made anything"
        time.sleep(0.01)


@linux_only
def test_items_come_back_in_order_made_partly_by_a_helper(tmp_path: Path) -> None:
    parent = os.getpid()
    marker = tmp_path / "helper-made-one"

    def make(item: int) -> tuple[int, int]:
        if os.getpid() != parent:
            marker.touch()
        else:
            _wait_for(marker)  # this process waits until a helper has made one
        return item * item, os.getpid()

    results = list(made_in_order(list(range(40)), make, 1))
    assert [square for square, _ in results] == [i * i for i in range(40)]
    assert {pid for _, pid in results} - {parent}  # a helper made some
    assert multiprocessing.active_children() == []


@linux_only
def test_what_a_helper_fails_on_or_does_not_deliver_is_made_here() -> None:
    parent = os.getpid()

    def failing(item: int) -> int:
        if os.getpid() != parent:
            raise ValueError("only the parent can")
        return item + 1

    assert list(made_in_order(list(range(30)), failing, 2)) == list(range(1, 31))

    def dying(item: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer, an admin
        return item * 3

    assert list(made_in_order(list(range(30)), dying, 1)) == [i * 3 for i in range(30)]
    assert multiprocessing.active_children() == []


@linux_only
def test_an_error_made_here_is_raised_and_the_helpers_stop() -> None:
    def make(item: int) -> int:
        if item == 5:
            raise KeyError(item)  # in any process: the parent meets it in turn
        return item

    made = made_in_order(list(range(200)), make, 2)
    assert [next(made) for _ in range(5)] == [0, 1, 2, 3, 4]
    with pytest.raises(KeyError):
        next(made)
    assert multiprocessing.active_children() == []


@linux_only
def test_an_error_met_ahead_of_its_turn_waits_for_the_items_before_it() -> None:
    # Slow helpers: while one makes an early item, this process makes later ones ahead, the
    # failing one among them; the items before it must still come out first (CI saw KeyError
    # raised in place of item 0 when the parent made item 5 ahead).
    parent = os.getpid()

    def make(item: int) -> int:
        # The helpers claim early items (this process is slowed too, so they start in time)
        # and take longer than this process: it makes items ahead while it waits for them.
        time.sleep(0.05 if os.getpid() == parent else 0.3)
        if item == 5:
            raise KeyError(item)
        return item

    for _ in range(3):
        made = made_in_order(list(range(12)), make, 2)
        assert [next(made) for _ in range(5)] == [0, 1, 2, 3, 4]
        with pytest.raises(KeyError):
            next(made)
        assert multiprocessing.active_children() == []


def test_helpers_follow_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LAWGOV_JOBS", "LAWGOV_PARALLEL_BYTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LAWGOV_JOBS", "1")
    assert helpers_for([10**8] * 500) == 0
    monkeypatch.setenv("LAWGOV_JOBS", "3")
    assert helpers_for([10**8] * 500) == 2
    assert helpers_for([100] * 5) == 0  # too little to make: not worth a fork
    assert helpers_for([10**8]) == 0  # one file: nothing to share
    monkeypatch.setenv("LAWGOV_PARALLEL_BYTES", "0")
    assert helpers_for([100] * 5) == 2
    assert list(made_in_order([1, 2, 3], str, 0)) == ["1", "2", "3"]


@pytest.fixture
def city(tmp_path: Path) -> Path:
    return synth_city(tmp_path / "city", 1500, 9, 7)


def _kept(ws: Path, suffix: str) -> set[str]:
    from lawgov_cli.store.cache import CACHE_DIR, ROWS_DIR

    return {p.name for p in (ws / CACHE_DIR / ROWS_DIR).glob(f"*.toml{suffix}")}


@pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")
@linux_only
def test_the_first_export_after_a_rebuild_with_helpers_is_the_in_process_export(
    city: Path, tmp_path: Path
) -> None:
    files = {p.name for p in (city / "tasks").glob("*.toml")}
    for fmt, suffix, langs in (("json", ".json", ("zh",)), ("csv", ".csv", ("zh", "en"))):
        for lang in langs:
            outputs = {}
            for label, env in (("in-process", IN_PROCESS), ("pool", POOL), ("repeat", POOL)):
                if label != "repeat":
                    shutil.rmtree(city / ".lawgov-cache", ignore_errors=True)
                    assert lawgov(city, "status", **env).returncode == 0
                    assert _kept(city, suffix) == set()
                out = tmp_path / f"{label}.{fmt}"
                args = ("--as-of", "2024-07-01", "--lang", lang, "export", "--format", fmt, "-o", str(out))
                result = lawgov(city, *args, **env)
                assert result.returncode == 0, result.stderr
                outputs[label] = out.read_bytes()
                # Every file keeps its lines, those the helper made too.
                assert _kept(city, suffix) == {name + suffix for name in files}, label
            assert outputs["pool"] == outputs["in-process"] == outputs["repeat"], (fmt, lang)
            assert outputs["pool"].count(b"T0") >= 1500


def _stopped_with_its_helper(city: Path, *args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """``lawgov ARGS`` on a rebuilt cache, stopped (SIGSTOP, by its test point) once its helper
    has started; the process and the helper's pid."""
    shutil.rmtree(city / ".lawgov-cache", ignore_errors=True)
    assert lawgov(city, "status", **IN_PROCESS).returncode == 0
    return stopped_at("pool.started", city, args, POOL, 1)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"lawgov" not in cmdline.read()  # the pid reused by another program
    except OSError:
        return True


@pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")
@linux_only
def test_ctrl_c_while_a_helper_makes_lines_stops_it(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    before = snapshot(city)
    proc, helpers = _stopped_with_its_helper(city, "export", "--format", "json", "-o", str(out))
    os.killpg(proc.pid, signal.SIGINT)
    os.kill(proc.pid, signal.SIGCONT)
    stdout, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err and stdout == ""
    assert not out.exists()
    assert all(_gone(int(pid)) for pid in helpers)  # reaped before the command ended
    assert {k: v for k, v in snapshot(city).items() if ".lawgov-cache" not in k} == {
        k: v for k, v in before.items() if ".lawgov-cache" not in k
    }


@pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")
@linux_only
def test_a_helper_whose_parent_is_killed_stops(city: Path, tmp_path: Path) -> None:
    proc, helpers = _stopped_with_its_helper(city, "export", "--format", "csv", "-o", str(tmp_path / "t.csv"))
    proc.kill()
    proc.wait(timeout=60)
    deadline = time.monotonic() + 60  # only guards against a hang
    while not all(_gone(int(pid)) for pid in helpers):
        assert time.monotonic() < deadline, "a helper outlived its killed parent"
        time.sleep(0.05)
    # The next export gets the lock and writes what the export in-process writes.
    again = lawgov(
        city, "--as-of", "2024-07-01", "export", "--format", "csv", "-o", str(tmp_path / "a.csv"), **POOL
    )
    alone = lawgov(
        city,
        "--as-of",
        "2024-07-01",
        "export",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "b.csv"),
        **IN_PROCESS,
    )
    assert again.returncode == 0 and alone.returncode == 0, (again.stderr, alone.stderr)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


@pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")
@linux_only
def test_a_helper_killed_midway_costs_time_not_the_answer(city: Path, tmp_path: Path) -> None:
    expected = tmp_path / "expected.json"
    assert (
        lawgov(
            city, "--as-of", "2024-07-01", "export", "--format", "json", "-o", str(expected), **IN_PROCESS
        ).returncode
        == 0
    )
    out = tmp_path / "t.json"
    proc, helpers = _stopped_with_its_helper(city, "export", "--format", "json", "-o", str(out))
    os.kill(int(helpers[0]), signal.SIGKILL)
    os.kill(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.read_bytes() == expected.read_bytes()
