"""A change of several files is one change: killed at any point, readers and the next command see
all of it or none of it (``store/transaction.py``).  Real subprocesses, killed deterministically
by ``LAWGOV_TEST_POINT=transaction.<point>:kill`` at the named point between two writes.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import ok, snapshot, usage_error

AS_OF = "2024-07-15"


def cli(ws: Path, *args: str, crash: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWGOV_")}
    env.update({"NO_COLOR": "1", "LANG": "C.UTF-8"})
    if crash:
        env["LAWGOV_TEST_POINT"] = f"transaction.{crash}:kill"
    return subprocess.run(
        [sys.executable, "-m", "lawgov_cli", "--dir", str(ws), "--as-of", AS_OF, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def status_of(ws: Path, task_id: str) -> str:
    for path in (ws / "tasks").glob("*.toml"):
        for task in tomllib.loads(path.read_text("utf-8")).get("tasks", []):
            if task["id"] == task_id:
                return str(task["status"])
    raise AssertionError(task_id)


def leftovers(ws: Path) -> list[str]:
    return sorted(p.name for p in ws.rglob(".*.new"))


def test_two_files_are_written_as_one(workspace: Path) -> None:
    result = cli(workspace, "done", "M1.3", "M7.1")  # sifaju and yfzqb
    assert result.returncode == 0, result.stderr
    assert (status_of(workspace, "M1.3"), status_of(workspace, "M7.1")) == ("done", "done")
    assert leftovers(workspace) == []


def test_killed_before_the_commit_point_changes_nothing(workspace: Path) -> None:
    before = snapshot(workspace)
    result = cli(workspace, "done", "M1.3", "M7.1", crash="staged")
    assert result.returncode == -signal.SIGKILL
    assert leftovers(workspace)  # the staged files of the dead command...
    data = {k: v for k, v in snapshot(workspace).items() if not Path(k).name.endswith(".new")}
    assert data == before  # ...and not a byte of the department files changed
    assert cli(workspace, "status").returncode == 0
    assert (status_of(workspace, "M1.3"), status_of(workspace, "M7.1")) == ("todo", "todo")
    assert cli(workspace, "note", "M6.3", "x").returncode == 0  # the next writer cleans up
    assert leftovers(workspace) == []


@pytest.mark.parametrize("point", ["committed", "applied-1"])
def test_killed_after_the_commit_point_is_completed_by_the_next_reader(workspace: Path, point: str) -> None:
    result = cli(workspace, "done", "M1.3", "M7.1", crash=point)
    assert result.returncode == -signal.SIGKILL
    done = (status_of(workspace, "M1.3"), status_of(workspace, "M7.1"))
    if point == "applied-1":
        assert sorted(done) == ["done", "todo"]  # the files on disk: half applied...
    # ...but no reader ever sees that: the first command completes the change.
    status = cli(workspace, "status", "--format", "json")
    assert status.returncode == 0, status.stderr
    assert '"done": 2' in status.stdout
    assert (status_of(workspace, "M1.3"), status_of(workspace, "M7.1")) == ("done", "done")
    assert leftovers(workspace) == []
    history = tomllib.loads((workspace / "tasks" / "sifaju.toml").read_text("utf-8"))["history"]
    assert [e["task"] for e in history] == ["M1.3"]  # change and history together, once


def test_full_disk_while_staging_writes_nothing(
    run, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lawgov_cli.store import transaction

    real = transaction._stage
    calls: list[Any] = []

    def second_fails(path: Path, txid: str, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, txid, data)

    monkeypatch.setattr(transaction, "_stage", second_fails)
    before = snapshot(workspace)
    usage_error(run("--dir", str(workspace), "--as-of", AS_OF, "done", "M1.3", "M7.1"), "磁盘空间不足")
    assert snapshot(workspace) == before
    assert leftovers(workspace) == []


def test_a_same_size_hand_edit_with_its_mtime_put_back_is_seen(run, workspace: Path) -> None:
    import time

    path = workspace / "tasks" / "sifaju.toml"
    old = time.time() - 3600
    os.utime(path, (old, old))
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "status"))  # fills the cache
    text = path.read_text("utf-8")
    edited = text.replace("严格落实行政机关负责人出庭应诉制度", "严格落实行政机关负责人出庭应诉规定", 1)
    assert len(edited.encode()) == len(text.encode()) and edited != text
    info = path.stat()
    path.write_text(edited, "utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # size and mtime as before
    shown = ok(run("--dir", str(workspace), "--as-of", AS_OF, "show", "M6.3")).out
    assert "出庭应诉规定" in shown
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "note", "M6.3", "已部署"))
    assert "出庭应诉规定" in path.read_text("utf-8")  # the edit was not reverted from a stale copy


def _revised(tmp_path: Path) -> Path:
    from conftest import SEED

    text = SEED.read_text("utf-8")
    text = text.replace("我区行政机关负责人出庭应诉率达100%", "我区行政机关负责人出庭应诉率达99%")
    text = text.replace(
        "规范权责清单动态管理，调整区级部门权责清单28件。",
        "规范权责清单动态管理，调整区级部门权责清单28件。深化“一业一证”改革，发放行业综合许可证120张。",
    )
    path = tmp_path / "修订稿.txt"
    path.write_text(text, "utf-8")
    return path


def _sync_history(ws: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted((ws / "tasks").glob("*.toml")):
        for entry in tomllib.loads(path.read_text("utf-8")).get("history", []):
            if entry["action"] == "sync":
                out.append((entry["task"], entry["new"]))
    return sorted(out)


@pytest.mark.parametrize("point", ["staged", "committed", "applied-1"])
def test_a_killed_sync_loses_no_history(workspace: Path, tmp_path: Path, point: str) -> None:
    revised = _revised(tmp_path)
    reference = tmp_path / "reference"
    import shutil

    shutil.copytree(workspace, reference)
    assert cli(reference, "sync", str(revised)).returncode == 0
    expected = _sync_history(reference)
    assert expected  # a changed task, a new one: in two files

    result = cli(workspace, "sync", str(revised), crash=point)
    assert result.returncode == -signal.SIGKILL
    again = cli(workspace, "sync", str(revised))  # completes or redoes it: never half
    assert again.returncode == 0, again.stderr
    assert _sync_history(workspace) == expected
    assert leftovers(workspace) == []


def test_sync_on_a_full_disk_writes_nothing(run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lawgov_cli.store import transaction

    def full(path: Path, txid: str, data: bytes) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(transaction, "_stage", full)
    before = snapshot(workspace)
    result = run("--dir", str(workspace), "--as-of", AS_OF, "sync", str(_revised(tmp_path)))
    assert result.code == 2 and "磁盘空间不足" in result.err
    assert snapshot(workspace) == before
