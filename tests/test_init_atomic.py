"""An interrupted ``init`` never leaves a workspace that passes ``check`` (issue 10, item 4).

``init`` builds a new workspace beside its folder and renames it into place, and writes
``lawgov.toml`` last; a forced re-init removes ``lawgov.toml`` first.  Each test kills a real
``lawgov init`` with SIGKILL at a named point (``LAWGOV_TEST_POINT=init.<point>:kill``, read only by tests) and
then asks ``lawgov check`` about what is left.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COMMITTED_WORKSPACE, snapshot

LAWGOV = shutil.which("lawgov", path=str(Path(sys.executable).parent))


def _lawgov(*args: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWGOV_")}
    if kill_at:
        env["LAWGOV_TEST_POINT"] = f"{kill_at.replace(':', '.')}:kill"
    command = [LAWGOV] if LAWGOV else [sys.executable, "-m", "lawgov_cli"]
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=60)


POINTS = ["init:first-file", "init:before-settings", "init:before-rename"]


@pytest.mark.parametrize("point", POINTS)
def test_killed_init_of_a_new_folder_leaves_no_workspace(tmp_path: Path, point: str) -> None:
    target = tmp_path / "ws"
    killed = _lawgov("init", str(target), kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not target.exists()
    check = _lawgov("--dir", str(target), "check")
    assert check.returncode == 2 and "lawgov.toml" in check.stderr
    # The half-built folder is hidden beside it, and never a workspace before it is complete.
    leftovers = list(tmp_path.glob(".ws.lawgov-init-*"))
    assert len(leftovers) == 1
    if point != "init:before-rename":
        assert not (leftovers[0] / "lawgov.toml").exists()
    # The next init succeeds and clears what the killed one left.
    again = _lawgov("init", str(target))
    assert again.returncode == 0, again.stderr
    assert list(tmp_path.glob(".ws.lawgov-init-*")) == []
    assert _lawgov("--dir", str(target), "check", "--as-of", "2024-01-02").returncode == 0


def test_killed_init_into_an_empty_folder_leaves_it_empty(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    target.mkdir()
    killed = _lawgov("init", str(target), kill_at="init:before-settings")
    assert killed.returncode == -signal.SIGKILL
    assert list(target.iterdir()) == []
    assert _lawgov("--dir", str(target), "check").returncode == 2


@pytest.mark.parametrize("point", ["init:first-file", "init:before-settings", "init:swap"])
def test_killed_forced_reinit_keeps_the_old_workspace_or_is_not_one(tmp_path: Path, point: str) -> None:
    target = tmp_path / "ws"
    shutil.copytree(
        COMMITTED_WORKSPACE, target, ignore=shutil.ignore_patterns(".lawgov-cache", ".lawgov.lock")
    )
    before = snapshot(target)
    assert _lawgov("--dir", str(target), "check", "--as-of", "2024-01-02").returncode == 0
    killed = _lawgov("init", str(target), "--force", kill_at=point)
    assert killed.returncode == -signal.SIGKILL
    if point == "init:swap":
        # Killed while moving the new files in: no lawgov.toml, so not a workspace.
        assert not (target / "lawgov.toml").exists()
        check = _lawgov("--dir", str(target), "check")
        assert check.returncode == 2 and "lawgov.toml" in check.stderr
    else:
        # Killed while building the new one aside: the old workspace is untouched.
        assert snapshot(target) == before
    assert _lawgov("init", str(target), "--force").returncode == 0
    assert snapshot(target) == before  # same report, same bytes; nothing left over inside
    assert list(tmp_path.glob(".ws.lawgov-init-*")) == []
    assert _lawgov("--dir", str(target), "check", "--as-of", "2024-01-02").returncode == 0


def test_init_into_the_current_empty_folder_fills_it(tmp_path: Path) -> None:
    target = tmp_path / "here"
    target.mkdir()
    inode = target.stat().st_ino
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWGOV_")}
    command = [LAWGOV] if LAWGOV else [sys.executable, "-m", "lawgov_cli"]
    done = subprocess.run(
        [*command, "init", "."], cwd=target, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert target.stat().st_ino == inode  # the very folder the shell stands in, not a replacement
    assert (target / "lawgov.toml").is_file() and (target / "tasks").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]  # nothing left beside it
